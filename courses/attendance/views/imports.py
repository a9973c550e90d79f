"""纸质签到表导入: a session's paper register, uploaded (from the register
page) → previewed (every bad row listed, nothing written) → confirmed
(courses.attendance.imports, all or nothing, once), and the CSV template to
fill in. The flow is lms.imports' (one PendingImport per upload, claimed once
on confirm); for those who run the session
(courses.attendance.access.run_session)."""

from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lms.access import is_active_user
from lms.imports.views import ImportViews
from lms.spreadsheets import csv_text

from ..access import run_session
from ..forms import ImportForm
from ..imports import COLUMNS as IMPORT_COLUMNS
from ..imports import attendance_import, plan_marks
from ..roster import session_roster
from .register import render_register

PREVIEW_MAX_ROWS = 500


class PaperImportViews(ImportViews):
    kind = "attendance"
    namespace = "courses"
    route_prefix = "sessions/<int:session_id>/register/import/"
    routes = {**ImportViews.routes, "template": "template.csv"}
    url_names = {
        "upload": "register_import",
        "preview": "register_import_preview",
        "confirm": "register_import_confirm",
        "template": "register_import_template",
    }
    # Logged in first; whether the user runs the session is scope()'s check.
    access_predicate = staticmethod(is_active_user)
    form_class = ImportForm
    preview_template = "courses/register_import.html"
    done_message = gettext_lazy("纸质签到表导入完成：%(summary)s")
    conflict_message = gettext_lazy(
        "导入时与其他人的修改冲突，未导入任何考勤，请重新确认。"
    )

    def scope(self, request, session_id):
        return run_session(request, session_id)

    def plan(self, data, filename, options, scope):
        return plan_marks(session=scope, data=data, filename=filename)

    def apply(self, data, filename, options, user, scope):
        return attendance_import(
            session=scope, data=data, filename=filename, by=user, now=timezone.now()
        )

    @staticmethod
    def summary_lines(summary):
        return [
            _("修改 %(changed)d 人，未变 %(unchanged)d 人。")
            % {"changed": summary["marks"], "unchanged": summary["unchanged"]}
        ]

    def options(self, form, scope):
        return {"session": scope.pk}

    def uploads(self, request, scope):
        return super().uploads(request, scope).filter(options__session=scope.pk)

    def upload_page(self, request, form, scope):
        """The form is on the register page."""
        if request.method != "POST":
            return redirect(reverse("courses:register", args=[scope.pk]) + "#import")
        return render_register(request, scope, status=400, import_form=form)

    def preview_context(self, request, upload, plan, scope):
        changes = plan.updates if plan is not None else []
        return {
            "session": scope,
            "upload_url": reverse("courses:register", args=[scope.pk]) + "#import",
            "changes": changes[:PREVIEW_MAX_ROWS],
            "changes_left_out": max(0, len(changes) - PREVIEW_MAX_ROWS),
            "confirm_url": (
                reverse(self.url_name("confirm"), args=[scope.pk, upload.pk])
                if plan is not None and plan.ok
                else ""
            ),
        }

    def after_confirm(self, request, upload, scope, **kwargs):
        return redirect("courses:register", session_id=scope.pk)

    def template_view(self, request, session_id):
        """A CSV to fill in: the roster's names and villages, the state empty."""
        session = self.scope(request, session_id=session_id)
        rows = [IMPORT_COLUMNS]
        for cadre in session_roster(session).select_related("village"):
            rows.append([cadre.name, "", cadre.village.name, "", ""])
        response = HttpResponse(csv_text(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = content_disposition_header(
            True, _("考勤导入模板.csv")
        )
        return response


urlpatterns = PaperImportViews().urlpatterns()

"""纸质签到表导入: a session's paper register, uploaded → previewed (every
bad row listed, nothing written) → confirmed (courses.attendance.imports, all
or nothing), and the CSV template to fill in. For those who run the session
(courses.attendance.access.run_session)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ..access import run_session
from ..forms import ImportForm
from ..imports import COLUMNS as IMPORT_COLUMNS
from ..imports import (
    AttendanceImportInvalid,
    attendance_import,
    plan_marks,
    upload_discard,
    upload_keep,
    upload_kept,
)
from ..services import session_roster
from .register import render_register

PREVIEW_MAX_ROWS = 500


def _import_preview(request, session, plan, *, upload=""):
    summary = plan.summary()
    context = {
        "session": session,
        "plan": plan,
        "summary": summary,
        "errors_left_out": summary["error_count"] - len(summary["errors"]),
        "upload_url": reverse("courses:register", args=[session.pk]) + "#import",
        "changes": plan.updates[:PREVIEW_MAX_ROWS],
        "changes_left_out": max(0, len(plan.updates) - PREVIEW_MAX_ROWS),
        "confirm_url": (
            reverse("courses:register_import_confirm", args=[session.pk, upload])
            if upload
            else ""
        ),
    }
    return render(request, "courses/register_import.html", context)


@login_required
@require_POST
def import_upload(request, session_id):
    """Check an uploaded paper register and show what it would change."""
    session = run_session(request, session_id)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return render_register(request, session, status=400, import_form=form)
    uploaded = form.cleaned_data["file"]
    data = uploaded.read()
    plan = plan_marks(session=session, data=data, filename=uploaded.name)
    upload = ""
    if plan.ok:
        upload = upload_keep(session=session, data=data, filename=uploaded.name)
    return _import_preview(request, session, plan, upload=upload)


@login_required
@require_POST
def import_confirm(request, session_id, upload):
    """Import the checked file: every mark or none."""
    session = run_session(request, session_id)
    kept = upload_kept(session=session, upload=upload)
    if kept is None:
        raise Http404
    name, suffix, data = kept
    try:
        plan = attendance_import(
            session=session,
            data=data,
            filename=f"import{suffix}",
            by=request.user,
            now=timezone.now(),
        )
    except AttendanceImportInvalid as error:
        return _import_preview(request, session, error.plan)
    upload_discard(name)
    messages.success(
        request,
        _("纸质签到表导入完成：修改 %(changed)d 人，未变 %(unchanged)d 人。")
        % {"changed": len(plan.updates), "unchanged": plan.unchanged},
    )
    return redirect("courses:register", session_id=session.pk)


@login_required
@require_GET
def import_template(request, session_id):
    """A CSV to fill in: the roster's names and villages, the state empty."""
    session = run_session(request, session_id)
    lines = ["\ufeff" + ",".join(IMPORT_COLUMNS)]
    for cadre in session_roster(session).select_related("village"):
        lines.append(f"{cadre.name},,{cadre.village.name},,")
    response = HttpResponse(
        "\r\n".join(lines) + "\r\n", content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = content_disposition_header(
        True, _("考勤导入模板.csv")
    )
    return response

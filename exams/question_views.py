"""Admin views of the question import (题库导入): upload → preview → confirm.

Mounted at /admin/question-bank/import/ (namespace "question_import") by
wagtail_hooks, in the 题库 menu. Trainers and administrators may import (whoever
may add and change questions); everyone else who reaches the admin gets a 403.
An upload is seen only by whoever uploaded it, and administrators. The work is
in exams.questions (reading, checking, writing).
"""

from functools import wraps

from django.contrib import messages
from django.db import IntegrityError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.dateparse import parse_datetime
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lms.roster_views import XLSX_TYPE, RosterUploadForm

from .models import Question
from .questions import QuestionsInvalid, summary_lines, template_xlsx
from .questions.uploads import (
    PREVIEWED,
    UploadNotPending,
    upload_confirm,
    upload_get,
    upload_plan,
    upload_save,
)
from .viewsets import may_import_questions

PREVIEW_MAX_ROWS = 300


class QuestionUploadForm(RosterUploadForm):
    """The roster's upload form (.xlsx or .csv, 5 MB at most), for a question
    file: no places to create."""

    create_places = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = _("题库文件")


def importers_only(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not may_import_questions(request.user):
            return TemplateResponse(
                request, "exams/question_import_forbidden.html", status=403
            )
        return view(request, *args, **kwargs)

    return wrapped


def _upload_or_404(request, token):
    upload = upload_get(token)
    if upload is None or not upload.visible_to(request.user):
        raise Http404
    return upload


@importers_only
def upload(request):
    form = QuestionUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        saved, _plan = upload_save(
            data=uploaded.read(), filename=uploaded.name, user=request.user
        )
        return redirect("question_import:preview", token=saved.token)
    return TemplateResponse(
        request, "exams/question_import_upload.html", {"form": form}
    )


@importers_only
def preview(request, token):
    upload = _upload_or_404(request, token)
    rows = []
    can_confirm = False
    if upload.status == PREVIEWED:
        plan = upload_plan(upload)
        summary = plan.summary()
        updated = {update.row.row: update for update in plan.updates}
        created = {row.row for row in plan.creates}
        rows = [
            (row, updated.get(row.row), row.row in created)
            for row in plan.rows
            if row.row in created or row.row in updated
        ]
        can_confirm = plan.ok
    else:
        summary = upload.summary
    context = {
        "upload": upload,
        "summary": summary,
        "summary_lines": summary_lines(summary) if not summary["error_count"] else [],
        "errors_left_out": summary["error_count"] - len(summary["errors"]),
        "rows": rows[:PREVIEW_MAX_ROWS],
        "rows_left_out": max(0, len(rows) - PREVIEW_MAX_ROWS),
        "can_confirm": can_confirm,
        "imported_at": parse_datetime(summary.get("imported_at") or ""),
        "questions_url": reverse(Question.snippet_viewset.get_url_name("list")),
    }
    return TemplateResponse(request, "exams/question_import_preview.html", context)


@importers_only
@require_POST
def confirm(request, token):
    upload = _upload_or_404(request, token)
    try:
        plan = upload_confirm(upload=upload, user=request.user)
    except UploadNotPending:
        messages.warning(request, _("该文件已经导入或有错误，不能再次确认。"))
    except QuestionsInvalid as exc:
        messages.warning(
            request, _("确认时重新检查文件：%(reason)s") % {"reason": str(exc)}
        )
    except IntegrityError:
        messages.warning(
            request, _("导入时与其他人的修改冲突，未导入任何题目，请重新确认。")
        )
    else:
        messages.success(
            request,
            _("题库导入完成：%(summary)s")
            % {"summary": "；".join(summary_lines(plan.summary()))},
        )
    return redirect("question_import:preview", token=upload.token)


@importers_only
def template(request):
    response = HttpResponse(template_xlsx(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        True, _("题库导入模板.xlsx")
    )
    return response


urlpatterns = [
    path("", upload, name="upload"),
    path("template.xlsx", template, name="template"),
    path("<str:token>/", preview, name="preview"),
    path("<str:token>/confirm/", confirm, name="confirm"),
]

"""纸质签到表导入: a session's paper register, uploaded → previewed (every
bad row listed, nothing written) → confirmed (courses.attendance_import, all
or nothing), and the CSV template to fill in. For those who keep the
session's register (courses.views.register.register_session)."""

import re
import uuid
from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ..attendance_import import (
    COLUMNS as IMPORT_COLUMNS,
)
from ..attendance_import import (
    AttendanceImportInvalid,
    attendance_import,
    plan_marks,
)
from ..services import session_roster
from .register import ImportForm, register_session, render_register

IMPORT_DIR = "attendance_imports"
TOKEN_RE = re.compile(r"[0-9a-f]{32}")
PREVIEW_MAX_ROWS = 500

# --- The paper import -----------------------------------------------------------------


def _stored_name(session, token, suffix):
    return f"{IMPORT_DIR}/{session.pk}-{token}{suffix}"


def _stored_file(session, upload):
    """(storage name, suffix, data) of an upload ("<token>.xlsx"); 404 if there
    is none."""
    token, _dot, suffix = upload.partition(".")
    suffix = f".{suffix}"
    if not TOKEN_RE.fullmatch(token) or suffix not in (".xlsx", ".csv"):
        raise Http404
    name = _stored_name(session, token, suffix)
    try:
        with default_storage.open(name, "rb") as stored:
            return name, suffix, stored.read()
    except OSError as error:
        raise Http404 from error


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
    session = register_session(request, session_id)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return render_register(request, session, status=400, import_form=form)
    uploaded = form.cleaned_data["file"]
    data = uploaded.read()
    plan = plan_marks(session=session, data=data, filename=uploaded.name)
    upload = ""
    if plan.ok:
        token, suffix = uuid.uuid4().hex, PurePath(uploaded.name).suffix.lower()
        default_storage.save(_stored_name(session, token, suffix), ContentFile(data))
        upload = f"{token}{suffix}"
    return _import_preview(request, session, plan, upload=upload)


@login_required
@require_POST
def import_confirm(request, session_id, upload):
    """Import the checked file: every mark or none."""
    session = register_session(request, session_id)
    name, suffix, data = _stored_file(session, upload)
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
    default_storage.delete(name)
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
    session = register_session(request, session_id)
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


urlpatterns = [
    path(
        "sessions/<int:session_id>/register/import/",
        import_upload,
        name="register_import",
    ),
    path(
        "sessions/<int:session_id>/register/import/<str:upload>/confirm/",
        import_confirm,
        name="register_import_confirm",
    ),
    path(
        "sessions/<int:session_id>/register/import/template.csv",
        import_template,
        name="register_import_template",
    ),
]

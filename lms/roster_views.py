"""Admin views of the roster import (名册导入): upload → preview → confirm.

Mounted at /admin/roster/ (namespace "roster") by wagtail_hooks. Supervisors and
trainers reach the Wagtail admin too, so every view checks on the server that the
user is an administrator and answers 403 otherwise. The work is in lms.roster
(reading and checking) and lms.services (writing).
"""

from functools import wraps

from django import forms
from django.contrib import messages
from django.core.validators import FileExtensionValidator
from django.db import IntegrityError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.dateparse import parse_datetime
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .models import RosterImport
from .roster import (
    RosterInvalid,
    RosterNotPending,
    summary_lines,
    template_xlsx,
)
from .services import roster_import_confirm, roster_upload, roster_upload_plan

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
PREVIEW_MAX_CREATES = 300
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("名册文件"),
        help_text=gettext_lazy(
            "Excel（.xlsx）或 CSV（UTF-8 或 GBK 编码）文件，第一行为列名，最大 5 MB。"
        ),
        validators=[
            FileExtensionValidator(
                ["xlsx", "csv"],
                message=gettext_lazy(
                    "只能上传 .xlsx 或 .csv 文件；"
                    "旧版 Excel（.xls）文件请先另存为 .xlsx。"
                ),
            )
        ],
    )
    create_places = forms.BooleanField(
        label=gettext_lazy("新建名册中的苏木乡镇和嘎查村"),
        required=False,
        help_text=gettext_lazy(
            "首次导入时勾选：名册中列表里还没有的苏木乡镇和嘎查村将被新建"
            "（新建的嘎查村须在名册中填写村分类）。不勾选时，名称须与列表一致。"
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("文件过大，最大 5 MB"))
        return upload


def administrator_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if not (user.is_authenticated and user.is_administrator):
            return TemplateResponse(request, "lms/roster_forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return wrapped


@administrator_required
def upload(request):
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        roster, plan = roster_upload(
            data=uploaded.read(),
            filename=uploaded.name,
            create_places=form.cleaned_data["create_places"],
            user=request.user,
        )
        return redirect("roster:preview", pk=roster.pk)
    recent = RosterImport.objects.select_related("uploaded_by")[:10]
    return TemplateResponse(
        request,
        "lms/roster_upload.html",
        {"form": form, "recent": recent},
    )


@administrator_required
def preview(request, pk):
    uploads = RosterImport.objects.select_related("uploaded_by")
    roster = get_object_or_404(uploads, pk=pk)
    creates = None
    can_confirm = False
    if roster.status == RosterImport.Status.PREVIEWED:
        plan = roster_upload_plan(upload=roster)
        summary = plan.summary()
        creates = [create.row for create in plan.creates]
        can_confirm = plan.ok
    else:
        summary = roster.summary
    context = {
        "roster": roster,
        "summary": summary,
        "summary_lines": summary_lines(summary) if not summary["error_count"] else [],
        "errors_left_out": summary["error_count"] - len(summary["errors"]),
        "creates": creates[:PREVIEW_MAX_CREATES] if creates else [],
        "creates_left_out": max(0, len(creates or []) - PREVIEW_MAX_CREATES),
        "can_confirm": can_confirm,
        "imported_at": parse_datetime(summary.get("imported_at") or ""),
    }
    return TemplateResponse(request, "lms/roster_preview.html", context)


@administrator_required
@require_POST
def confirm(request, pk):
    get_object_or_404(RosterImport, pk=pk)
    try:
        plan = roster_import_confirm(roster_import_id=pk, user=request.user)
    except RosterNotPending:
        messages.warning(request, _("该名册已经导入或已被拒绝，不能再次确认。"))
    except RosterInvalid as exc:
        # The preview now lists the errors; a warning keeps the message plain.
        messages.warning(
            request, _("确认时重新检查名册：%(reason)s") % {"reason": str(exc)}
        )
    except IntegrityError:
        messages.warning(
            request, _("导入时与其他人的修改冲突，未导入任何数据，请重新确认。")
        )
    else:
        messages.success(
            request,
            _("名册导入完成：%(summary)s")
            % {"summary": "；".join(summary_lines(plan.summary()))},
        )
    return redirect("roster:preview", pk=pk)


@administrator_required
def template(request):
    response = HttpResponse(template_xlsx(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        True, _("学员名册模板.xlsx")
    )
    return response


urlpatterns = [
    path("", upload, name="upload"),
    path("template.xlsx", template, name="template"),
    path("<int:pk>/", preview, name="preview"),
    path("<int:pk>/confirm/", confirm, name="confirm"),
]

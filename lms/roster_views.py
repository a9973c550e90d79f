"""Admin views of the roster import (名册导入): upload → preview → confirm.

Mounted at /admin/roster/ (namespace "roster") by wagtail_hooks. Supervisors and
trainers reach the Wagtail admin too, so every view requires an administrator
(lms.access.may_import_roster) and answers 403 otherwise. The flow is
lms.imports'; the work is in lms.roster (reading and checking) and lms.services
(writing).
"""

from django import forms
from django.utils.translation import gettext_lazy

from .access import may_import_roster
from .imports.views import ImportViews, UploadForm
from .roster import plan_roster, summary_lines, template_xlsx
from .services import roster_import

PREVIEW_MAX_CREATES = 300


class RosterUploadForm(UploadForm):
    file_label = gettext_lazy("名册文件")
    create_places = forms.BooleanField(
        label=gettext_lazy("新建名册中的苏木乡镇和嘎查村"),
        required=False,
        help_text=gettext_lazy(
            "首次导入时勾选：名册中列表里还没有的苏木乡镇和嘎查村将被新建"
            "（新建的嘎查村须在名册中填写村分类）。不勾选时，名称须与列表一致。"
        ),
    )


class RosterImportViews(ImportViews):
    kind = "roster"
    namespace = "roster"
    access_predicate = staticmethod(may_import_roster)
    access_message = gettext_lazy("只有管理员可以导入学员名册。")
    form_class = RosterUploadForm
    upload_template = "lms/roster_upload.html"
    preview_template = "lms/roster_preview.html"
    template_name = gettext_lazy("学员名册模板.xlsx")
    template_file = staticmethod(template_xlsx)
    summary_lines = staticmethod(summary_lines)
    done_message = gettext_lazy("名册导入完成：%(summary)s")
    recheck_message = gettext_lazy("确认时重新检查名册：%(reason)s")

    def plan(self, data, filename, options, scope):
        return plan_roster(
            data=data,
            filename=filename,
            create_places=options.get("create_places", False),
        )

    def apply(self, data, filename, options, user, scope):
        return roster_import(
            data=data,
            filename=filename,
            create_places=options.get("create_places", False),
            user=user,
        )

    def options(self, form, scope):
        return {"create_places": form.cleaned_data["create_places"]}

    def upload_context(self, request, scope):
        return {
            "recent": self.uploads(request, scope).select_related("uploaded_by")[:10]
        }

    def preview_context(self, request, upload, plan, scope):
        creates = [create.row for create in plan.creates] if plan else []
        return {
            "creates": creates[:PREVIEW_MAX_CREATES],
            "creates_left_out": max(0, len(creates) - PREVIEW_MAX_CREATES),
        }


urlpatterns = RosterImportViews().urlpatterns()

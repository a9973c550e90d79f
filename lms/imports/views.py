"""One upload → preview → confirm view base for the admin's file imports.

An ImportViews subclass names its kind, templates and words, and says how to
check (``plan``) and import (``apply``) a file; ``urlpatterns()`` mounts its
four views under a namespace: "upload" (the form; a valid file is kept as a
PendingImport, with its errors when it has any, and the browser sent to its
preview), "preview" (checked again, since the database may have changed),
"confirm" (POST; imports once, through lms.imports.pending) and "template" (the
file to fill in). Each view requires ``access_predicate`` of the user (an
lms.access predicate, through lms.access.access_required: the 403 page says
``access_message``).

An upload is bounded before its body is read (lms.imports.uploads: over 5 MB,
HTTP 413 and the form again). A confirmation reads and checks the file first
(lms.imports.read_ahead), then imports it in pending_confirm's transaction,
which only checks the rows against the database again and writes.
"""

from django import forms
from django.contrib import messages
from django.core.validators import FileExtensionValidator
from django.db import IntegrityError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.dateparse import parse_datetime
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from ..access import access_required
from ..models import PendingImport
from .limits import MAX_UPLOAD_BYTES, upload_too_large_message
from .pending import (
    ImportNotPending,
    pending_confirm,
    pending_data,
    pending_plan,
    pending_save,
)
from .plan import ImportInvalid
from .reading import read_ahead
from .uploads import bound_upload

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(forms.Form):
    """An .xlsx or .csv file of 5 MB at most; a subclass may name it
    (file_label)."""

    file_label = None

    file = forms.FileField(
        label=gettext_lazy("文件"),
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.file_label:
            self.fields["file"].label = self.file_label

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(upload_too_large_message())
        return upload


def not_pending_message(upload):
    """What a confirmation of an upload no longer pending says, the same for
    every import: nothing was changed."""
    if upload.status == PendingImport.Status.IMPORTED:
        return _("该文件已经导入，不能再次确认，本次未做任何修改。")
    return _("该文件有错误，未导入，不能再次确认。请修改文件后重新上传。")


class ImportViews:
    """The views of one kind of import. Subclasses set the attributes and
    implement plan(), apply(), template_file() and summary_lines()."""

    kind = ""  # PendingImport.kind
    namespace = ""  # of the URL names
    route_prefix = ""
    routes = {
        "upload": "",
        "template": "template.xlsx",
        "preview": "<str:pk>/",
        "confirm": "<str:pk>/confirm/",
    }
    url_names = {}  # view → URL name, where it is not the view's own name
    access_predicate = None  # an lms.access predicate of the user
    access_message = ""
    form_class = UploadForm
    upload_template = ""
    preview_template = ""
    template_name = ""  # the downloaded template's file name
    done_message = gettext_lazy("导入完成：%(summary)s")
    recheck_message = gettext_lazy("确认时重新检查文件：%(reason)s")
    conflict_message = gettext_lazy(
        "导入时与其他人的修改冲突，未导入任何数据，请重新确认。"
    )

    # --- what a subclass says ------------------------------------------------------

    def plan(self, data, filename, options, scope):
        """The check of a file: an ImportPlan."""
        raise NotImplementedError

    def apply(self, data, filename, options, user, scope):
        """Import a file, all or nothing: the applied plan, or ImportInvalid."""
        raise NotImplementedError

    @staticmethod
    def template_file():
        """The bytes of the .xlsx template to fill in."""
        raise NotImplementedError

    @staticmethod
    def summary_lines(summary):
        """The plan's summary() in Chinese, line by line."""
        return []

    def scope(self, request, **kwargs):
        """What the URL's other arguments name (say a session), checked for the
        user (raising Http404 or PermissionDenied); every hook below gets it."""
        return None

    def options(self, form, scope):
        """What the import keeps besides the file (PendingImport.options)."""
        return {}

    def uploads(self, request, scope):
        """The uploads the user may see."""
        return PendingImport.objects.filter(kind=self.kind)

    def upload_page(self, request, form, scope):
        """The upload form (a GET, or a file the form refused)."""
        context = {"form": form, **self.upload_context(request, scope)}
        return TemplateResponse(request, self.upload_template, context)

    def upload_context(self, request, scope):
        return {}

    def preview_context(self, request, upload, plan, scope):
        """What the preview shows besides the summary; plan is None unless the
        upload is pending."""
        return {}

    def after_confirm(self, request, upload, scope, **kwargs):
        """Where a confirmation leads, with its message: the preview."""
        return self._preview(upload, kwargs)

    # --- the views -----------------------------------------------------------------

    def upload_view(self, request, **kwargs):
        """csrf_exempt: the upload is bounded (lms.imports.uploads) before the
        body is read, then CSRF is checked."""
        scope = self.scope(request, **kwargs)
        if request.method == "POST" and bound_upload(request):
            return self._too_large(request, scope)
        return csrf_protect(self._upload)(request, scope, kwargs)

    def _upload(self, request, scope, kwargs):
        data, files = request.POST, request.FILES  # read through BoundedUpload
        if getattr(request, "upload_too_large", False):
            return self._too_large(request, scope)
        form = self.form_class(data or None, files or None)
        if request.method != "POST" or not form.is_valid():
            return self.upload_page(request, form, scope)
        uploaded = form.cleaned_data["file"]
        data, options = uploaded.read(), self.options(form, scope)
        upload = pending_save(
            kind=self.kind,
            data=data,
            filename=uploaded.name,
            plan=self.plan(data, uploaded.name, options, scope),
            user=request.user,
            options=options,
        )
        return self._preview(upload, kwargs)

    def preview_view(self, request, pk, **kwargs):
        scope = self.scope(request, **kwargs)
        upload = self._get(request, pk, scope)
        plan = None
        if upload.status == PendingImport.Status.PREVIEWED:
            plan = pending_plan(
                upload,
                lambda upload, data: self.plan(
                    data, upload.original_name, upload.options, scope
                ),
            )
            summary = plan.summary()
        else:
            summary = upload.summary
        context = {
            "upload": upload,
            "summary": summary,
            "summary_lines": (
                [] if summary["error_count"] else self.summary_lines(summary)
            ),
            "errors_left_out": summary["error_count"] - len(summary["errors"]),
            "can_confirm": plan is not None and plan.ok,
            "imported_at": parse_datetime(summary.get("imported_at") or ""),
            **self.preview_context(request, upload, plan, scope),
        }
        return TemplateResponse(request, self.preview_template, context)

    def confirm_view(self, request, pk, **kwargs):
        scope = self.scope(request, **kwargs)
        upload = self._get(request, pk, scope)
        read = self._read_ahead(upload, scope)
        try:
            plan = pending_confirm(
                upload=upload,
                apply=lambda upload, data, user: self.apply(
                    read or data, upload.original_name, upload.options, user, scope
                ),
                user=request.user,
            )
        except ImportNotPending as exc:
            messages.warning(request, not_pending_message(exc.upload))
        except ImportInvalid as exc:
            # The preview now lists the errors; a warning keeps the message plain.
            messages.warning(request, self.recheck_message % {"reason": str(exc)})
            return self._preview(upload, kwargs)
        except IntegrityError:
            messages.warning(request, self.conflict_message)
            return self._preview(upload, kwargs)
        else:
            summary = "；".join(self.summary_lines(plan.summary()))
            messages.success(request, self.done_message % {"summary": summary})
        return self.after_confirm(request, upload, scope, **kwargs)

    def template_view(self, request, **kwargs):
        response = HttpResponse(self.template_file(), content_type=XLSX_TYPE)
        response["Content-Disposition"] = content_disposition_header(
            True, str(self.template_name)
        )
        return response

    def _read_ahead(self, upload, scope):
        """The file read, cleaned and checked before the transaction that
        imports it (which then only checks it against the database again and
        writes): a ReadAhead, or None when there is nothing to import."""
        if upload.status != PendingImport.Status.PREVIEWED:
            return None
        try:
            read = read_ahead(pending_data(upload), upload.original_name)
        except ImportInvalid:
            return None  # pending_confirm says so
        self.plan(read, upload.original_name, upload.options, scope)
        return read

    def _too_large(self, request, scope):
        """The form again, saying the file is over the limit: HTTP 413."""
        form = self.form_class()  # unbound: the file was not read
        form.cleaned_data = {}
        form.add_error("file", upload_too_large_message())
        response = self.upload_page(request, form, scope)
        response.status_code = 413
        return response

    def url_name(self, view):
        return f"{self.namespace}:{self.url_names.get(view, view)}"

    def urlpatterns(self):
        """The four views at route_prefix + routes, named by url_names."""
        views = {
            "upload": csrf_exempt(self.upload_view),
            "template": self.template_view,
            "preview": self.preview_view,
            "confirm": require_POST(self.confirm_view),
        }
        return [
            path(
                self.route_prefix + self.routes[view],
                self._guarded(views[view]),
                name=self.url_names.get(view, view),
            )
            for view in ("upload", "template", "preview", "confirm")
        ]

    # --- helpers ---------------------------------------------------------------------

    def _preview(self, upload, kwargs):
        return redirect(self.url_name("preview"), pk=upload.pk, **kwargs)

    def _get(self, request, pk, scope):
        if not pk.isdigit():
            raise Http404
        uploads = self.uploads(request, scope).select_related("uploaded_by")
        upload = uploads.filter(pk=pk).first()
        if upload is None:
            raise Http404
        return upload

    def _guarded(self, view):
        return access_required(type(self).access_predicate, self.access_message)(view)

"""The editor's upload and status endpoints (JSON), under /admin/videos/."""

from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST
from wagtail.admin import messages
from wagtail.documents import get_document_model

from .models import VideoFile
from .selectors import video_status
from .services import (
    VideoRejected,
    document_policy,
    video_check_size,
    video_max_upload_bytes,
    video_transcode_retry,
    video_upload,
)

MULTIPART_OVERHEAD = 64 * 1024  # the form's boundaries and headers around the file


class SizeLimitUploadHandler(FileUploadHandler):
    """Stops reading the request once the file passes the limit, so that an
    over-size upload without a Content-Length is not stored either."""

    def __init__(self, request, limit):
        super().__init__(request)
        self.limit = limit
        self.exceeded = False

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            self.exceeded = True
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None


def _refused(message, status=400):
    return JsonResponse({"error": message}, status=status)


def _too_large():
    try:
        video_check_size(video_max_upload_bytes() + 1)
    except VideoRejected as error:
        return _refused(str(error), status=413)


@csrf_exempt  # checked by _upload, once the size limit is in place
@require_POST
def upload(request):
    """POST file=<video>: store it as a document with its VideoFile; the JSON
    says {id, title, edit_url, …} as the document chooser does, or {error}."""
    if not document_policy().user_has_permission(request.user, "add"):
        return _refused(_("你没有上传文件的权限。"), status=403)
    limit = video_max_upload_bytes()
    declared = int(request.META.get("CONTENT_LENGTH") or 0)
    if declared > limit + MULTIPART_OVERHEAD:
        return _too_large()  # refused before the body is read
    handler = SizeLimitUploadHandler(request, limit)
    request.upload_handlers.insert(0, handler)
    return _upload(request, handler)


@csrf_protect
def _upload(request, handler):
    file = request.FILES.get("file")
    if handler.exceeded:
        return _too_large()
    if file is None:
        return _refused(_("请选择要上传的视频文件。"))
    try:
        video = video_upload(
            user=request.user, file=file, title=request.POST.get("title", "")
        )
    except VideoRejected as error:
        return _refused(str(error))
    document = video.document
    return JsonResponse(
        {
            "id": document.pk,
            "title": document.title,
            "edit_url": document_edit_url(document),
            **video_status(video),
        },
        status=201,
    )


def document_edit_url(document):
    return reverse("wagtaildocs:edit", args=[document.pk])


@require_GET
def status(request, document_id):
    """The state of a chosen video document, for the editor's video field."""
    if not document_policy().user_has_any_permission(
        request.user, ["add", "change", "choose"]
    ):
        return _refused(_("你没有查看文件的权限。"), status=403)
    document = get_object_or_404(get_document_model(), pk=document_id)
    video = VideoFile.objects.filter(document=document).first()
    return JsonResponse({"id": document.pk, **video_status(video)})


@require_POST
def retry(request, pk):
    """Queue the phone rendition of a failed video again (from its 视频 page)."""
    video = get_object_or_404(VideoFile, pk=pk)
    if not document_policy().user_has_permission(request.user, "add"):
        return _refused(_("你没有上传文件的权限。"), status=403)
    if video_transcode_retry(video=video):
        messages.success(request, _("已重新开始转码：%(title)s") % {"title": video})
    return redirect("cms_videos:inspect", video.pk)

"""The lesson editor's video field: the document chooser plus an upload button
with a progress bar and the video's 转码 state (static/cms/js/video-upload.js,
a Stimulus controller, so it works in blocks added after the page loaded)."""

from django import forms
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.documents.widgets import AdminDocumentChooser

from .services import VIDEO_EXTENSIONS, video_max_upload_bytes, video_max_upload_mb

ID_TOKEN = "987654321"  # a document id the JavaScript replaces in the status URL


class VideoChooser(AdminDocumentChooser):
    template_name = "cms/videos/video_chooser.html"
    choose_one_text = _("从文件库选择视频")
    choose_another_text = _("改选其他视频")
    link_to_chosen_text = _("编辑视频文件")

    def get_context(self, name, value_data, attrs):
        context = super().get_context(name, value_data, attrs)
        max_bytes = video_max_upload_bytes()
        context.update(
            upload_url=reverse("cms_videos:upload"),
            status_url=reverse("cms_videos:status", args=[ID_TOKEN]).replace(
                ID_TOKEN, "{id}"
            ),
            max_bytes=max_bytes,
            max_mb=f"{video_max_upload_mb():g}",
            accept=",".join(f".{ext}" for ext in VIDEO_EXTENSIONS) + ",video/*",
            extensions=",".join(VIDEO_EXTENSIONS),
        )
        return context

    @property
    def media(self):
        return super().media + forms.Media(
            js=[static("cms/js/video-upload.js")],
            css={"all": [static("cms/css/video-upload.css")]},
        )

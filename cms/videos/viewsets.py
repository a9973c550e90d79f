"""视频 in the Wagtail admin: every uploaded video with its length and 转码
state; a video's page shows why a conversion failed and can start it again.
Videos are made by uploading (the lesson editor or the document library) and
removed with their document, so the list has no add, edit or delete."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy

from .models import VideoFile
from .selectors import video_status
from .services import document_policy
from .urls import urlpatterns as extra_urlpatterns


class VideoPermissionPolicy(BasePermissionPolicy):
    """Whoever may upload or choose documents (trainers, administrators) sees
    the videos; changes happen only through uploads and retries."""

    def user_has_permission(self, user, action):
        if action != "view":
            return False
        return document_policy().user_has_any_permission(user, ["add", "choose"])

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def instances_user_has_permission_for(self, user, action):
        if self.user_has_permission(user, action):
            return VideoFile.objects.all()
        return VideoFile.objects.none()


class VideoIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("document")


class VideoInspectView(InspectView):
    template_name = "cms/videos/inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["status"] = video_status(self.object)
        context["can_retry"] = (
            self.object.state == VideoFile.State.FAILED
            and document_policy().user_has_permission(self.request.user, "add")
        )
        return context

    def get_has_audio_display_value(self):
        return _("有") if self.object.has_audio else _("无")

    def get_error_display_value(self):
        return self.object.error or "-"

    def get_phone_file_display_value(self):
        return self.object.phone_file.name or "-"


class VideoViewSet(ModelViewSet):
    model = VideoFile
    icon = "media"
    menu_label = gettext_lazy("视频")
    menu_order = 410  # beside 文档 (documents)
    add_to_admin_menu = True
    url_prefix = "videos"
    url_namespace = "cms_videos"
    index_view_class = VideoIndexView
    inspect_view_class = VideoInspectView
    inspect_view_enabled = True
    list_filter = ["state"]
    search_fields = ["document__title"]
    list_per_page = 30
    form_fields = []  # no add or edit form: see the module's docstring
    inspect_view_fields = [
        "document",
        "duration_seconds",
        "width",
        "height",
        "has_audio",
        "state",
        "progress",
        "error",
        "phone_file",
        "phone_width",
        "phone_height",
        "created_at",
        "transcode_started_at",
        "transcode_finished_at",
    ]

    @property
    def list_display(self):
        return [
            TitleColumn(
                "document",
                label=_("视频"),
                accessor="document.title",
                url_name=self.get_url_name("inspect"),
            ),
            Column("duration_display", label=_("时长")),
            Column("state_label", label=_("转码状态")),
            DateColumn("created_at", label=_("上传时间")),
        ]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + extra_urlpatterns

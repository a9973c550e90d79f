"""The portal's admin: 视频 (uploaded videos and their phone renditions)."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .videos.models import VideoFile
from .videos.viewsets import VideoPermissionPolicy, VideoViewSet

register_permission_policy(VideoFile, VideoPermissionPolicy(VideoFile))


@hooks.register("register_admin_viewset")
def register_videos():
    """视频: the list of uploaded videos; the editor's upload endpoints."""
    return VideoViewSet()

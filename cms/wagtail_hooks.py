"""The portal's admin: 视频 (uploaded videos and their phone renditions); the
help menu in each user's language."""

import copy

from django.utils.translation import gettext
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.utils.version import get_main_version

from .videos.models import VideoFile
from .videos.viewsets import VideoPermissionPolicy, VideoViewSet

register_permission_policy(VideoFile, VideoPermissionPolicy(VideoFile))

# Wagtail's msgid (its catalogues translate it), not one of ours.
WHATS_NEW = "What's new in Wagtail %(version)s"


@hooks.register("register_admin_viewset")
def register_videos():
    """视频: the list of uploaded videos; the editor's upload endpoints."""
    return VideoViewSet()


@hooks.register("construct_help_menu")
def whats_new_in_the_users_language(request, menu_items):
    """Wagtail formats "What's new in Wagtail 8.0" once a process, in the
    language of the first request after a restart; this formats it for each
    request in its user's language."""
    for i, item in enumerate(menu_items):
        if item.name.startswith("whats-new-in-wagtail-"):
            menu_items[i] = copy.copy(item)
            menu_items[i].label = gettext(WHATS_NEW) % {
                "version": get_main_version(include_patch=False)
            }

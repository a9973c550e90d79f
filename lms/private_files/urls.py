"""What of MEDIA_ROOT the development server serves (DEBUG only, lms.urls):
the public folders alone, as the production proxy must (README). Documents
go through Wagtail's serve view, which checks a collection's privacy; uploads
and exports are not in MEDIA_ROOT at all."""

import re

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

# Wagtail's original images and renditions, and the videos' phone copies.
PUBLIC_MEDIA_FOLDERS = ("original_images", "images", "videos")


def public_media_urls():
    prefix = re.escape(settings.MEDIA_URL.lstrip("/"))
    folders = "|".join(PUBLIC_MEDIA_FOLDERS)
    return [
        re_path(
            rf"^{prefix}(?P<path>(?:{folders})/.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

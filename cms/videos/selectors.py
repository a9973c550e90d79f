"""Reads about videos: the state shown in the editor, what a lesson plays."""

import mimetypes

from django.urls import reverse
from django.utils.translation import gettext as _

from .models import VideoFile

POSTER_FILTER = "max-320x180"


def video_status(video):
    """What the editor's video field shows about a chosen document's video."""
    if video is None:
        return {
            "state": "unchecked",
            "label": _("尚未检查"),
            "detail": _("保存页面时会检查这个文件是否为可播放的视频，并开始转码。"),
            "progress": 0,
            "finished": True,
            "poster_url": "",
        }
    detail = _("时长 %(duration)s · 原视频 %(width)s×%(height)s") % {
        "duration": video.duration_display,
        "width": video.width,
        "height": video.height,
    }
    if video.state == VideoFile.State.READY:
        detail += " · " + _("手机版 %(width)s×%(height)s 已生成") % {
            "width": video.phone_width,
            "height": video.phone_height,
        }
    elif video.state == VideoFile.State.FAILED:
        detail = video.error + " " + _("学员将观看原视频；可在视频页重新转码。")
    else:
        detail += " · " + _("转码完成前，课时页显示“转码中”。")
    poster_url = ""
    if video.poster_id:
        poster_url = video.poster.get_rendition(POSTER_FILTER).url
    return {
        "state": video.state,
        "label": _("手机版：%(state)s") % {"state": video.state_label},
        "detail": detail,
        "progress": video.progress,
        "duration_seconds": video.duration_seconds,
        "finished": video.state in (VideoFile.State.READY, VideoFile.State.FAILED),
        "poster_url": poster_url,
        "inspect_url": reverse("cms_videos:inspect", args=[video.pk]),
    }


def videos_by_document(document_ids):
    """{document id: VideoFile} for the given documents, with their posters."""
    ids = {pk for pk in document_ids if pk}
    if not ids:
        return {}
    return {
        video.document_id: video
        for video in VideoFile.objects.filter(document_id__in=ids).select_related(
            "poster"
        )
    }


PHONE_MEDIA = "(max-width: 900px)"


def _original_type(document):
    kind = mimetypes.guess_type(document.file.name)[0] or ""
    return "video/mp4" if kind in ("video/x-m4v", "") else kind


def video_playback(document, video):
    """What a lesson page plays for one video block.

    converting: the rendition is not made yet (等待转码 or 转码中): the page says
    so and offers the original as a link, not a player (phones on weak
    networks should not start a 500 MB file by accident).
    sources: <source> elements in order. With a rendition, phones (narrow
    screens) get it first; wide screens skip it by its media query and play
    the original; a browser that cannot play the original (a .mov, a WebM on
    an iPhone) falls through to the rendition again. A browser that ignores
    media queries on <source> takes the first, the small one: the safe side.
    A failed conversion, or a document from before videos were checked,
    plays the original alone.
    download: the smaller file to save for watching offline.
    """
    if document is None:
        return {"video_converting": False, "video_sources": [], "video_download": None}
    original = {"src": document.url, "type": _original_type(document), "media": ""}
    if video is not None and video.state in (
        video.State.PENDING,
        video.State.TRANSCODING,
    ):
        return {
            "video_converting": True,
            "video_progress": video.progress,
            "video_sources": [],
            "video_download": original["src"],
            "video_download_size": document.file_size,
        }
    if video is not None and video.is_ready:
        phone = {"src": video.phone_file.url, "type": "video/mp4"}
        return {
            "video_converting": False,
            "video_sources": [{**phone, "media": PHONE_MEDIA}, original, phone],
            "video_download": phone["src"],
            "video_download_size": _size(video.phone_file),
        }
    return {
        "video_converting": False,
        "video_sources": [original],
        "video_download": original["src"],
        "video_download_size": document.file_size,
    }


def _size(file):
    try:
        return file.size
    except OSError:
        return None

"""Making the phone rendition of one video (run by tasks.transcode_video).

The state moves 等待转码 → 转码中 NN% → 已完成 or 转码失败 (with the reason), in
the database, so the editor and the admin list can show it from any process.
"""

import logging
import os
import tempfile
import time

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import codec
from .codec import VideoUnreadable
from .models import VideoFile

logger = logging.getLogger(__name__)

PROGRESS_EVERY_SECONDS = 1.0


def _source_path(document, workdir, extension):
    """The original's local path (or a copy of it, for remote storage)."""
    try:
        path = document.file.path
        if os.path.exists(path):
            return path
    except (NotImplementedError, ValueError):
        pass
    copy = os.path.join(workdir, f"source.{extension}")
    with document.file.open("rb") as source, open(copy, "wb") as target:
        for chunk in source.chunks():
            target.write(chunk)
    return copy


def _progress_writer(video_id):
    last = {"percent": -1, "at": 0.0}

    def write(percent):
        now = time.monotonic()
        if percent >= 100 or (
            percent > last["percent"] and now - last["at"] >= PROGRESS_EVERY_SECONDS
        ):
            last.update(percent=percent, at=now)
            VideoFile.objects.filter(
                pk=video_id, state=VideoFile.State.TRANSCODING
            ).update(progress=min(percent, 99), updated_at=timezone.now())

    return write


def video_transcode(*, video_id, now=None):
    """Make the 480p H.264 rendition of a pending video. Returns the state it
    ends in, or None if the video was not waiting (claimed by another worker,
    deleted, or done already)."""
    now = now or timezone.now()
    claimed = VideoFile.objects.filter(
        pk=video_id, state=VideoFile.State.PENDING
    ).update(
        state=VideoFile.State.TRANSCODING,
        progress=0,
        transcode_started_at=now,
        updated_at=now,
    )
    if not claimed:
        return None
    video = VideoFile.objects.select_related("document").get(pk=video_id)
    extension = os.path.splitext(video.document.file.name)[1].lstrip(".").lower()
    try:
        with tempfile.TemporaryDirectory(prefix="lms-video-") as workdir:
            source = _source_path(video.document, workdir, extension)
            target = os.path.join(workdir, "phone.mp4")
            width, height = codec.video_transcode_phone(
                source,
                target,
                extension=extension,
                on_progress=_progress_writer(video_id),
            )
            with open(target, "rb") as rendition, transaction.atomic():
                video.phone_file.save(
                    f"{video.document.pk}-480p.mp4", File(rendition), save=False
                )
                VideoFile.objects.filter(pk=video_id).update(
                    phone_file=video.phone_file.name,
                    phone_width=width,
                    phone_height=height,
                    state=VideoFile.State.READY,
                    progress=100,
                    error="",
                    transcode_finished_at=timezone.now(),
                    updated_at=timezone.now(),
                )
        return VideoFile.State.READY
    except Exception as error:  # any failure is shown in the admin, with why
        logger.exception("Transcoding video %s failed", video_id)
        VideoFile.objects.filter(pk=video_id).update(
            state=VideoFile.State.FAILED,
            error=_failure_reason(error),
            transcode_finished_at=timezone.now(),
            updated_at=timezone.now(),
        )
        return VideoFile.State.FAILED


def _failure_reason(error):
    if isinstance(error, VideoUnreadable):
        return str(error)
    detail = str(error) or error.__class__.__name__
    return _("转码时出错（%(detail)s）。") % {"detail": detail[:500]}

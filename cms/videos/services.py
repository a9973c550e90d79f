"""Video uploads: check, store, take the poster, and make the phone rendition.

A video is a Wagtail document (so the document chooser, collections and the
document library keep working) with one VideoFile beside it. Nothing is stored
unless PyAV reads the file as a video.
"""

import io
import os
import shutil
import tempfile
from contextlib import contextmanager
from functools import partial

from django.conf import settings
from django.core.files.images import ImageFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.permissions import policy_registry

from . import codec
from .codec import DEMUXERS, VideoUnreadable
from .models import VideoFile
from .tasks import transcode_video

VIDEO_EXTENSIONS = tuple(DEMUXERS)


class VideoRejected(Exception):
    """An upload the trainer must change; the message says how (in Chinese)."""


def document_policy():
    """Wagtail's permission policy for documents (who may upload, choose)."""
    return policy_registry.get_by_type(get_document_model())


def video_max_upload_mb():
    return float(getattr(settings, "LMS_VIDEO_MAX_UPLOAD_MB", 500))


def video_max_upload_bytes():
    return int(video_max_upload_mb() * 1024 * 1024)


def video_extension(name):
    return os.path.splitext(name or "")[1].lower().lstrip(".")


def video_check_size(size):
    """Refuse a file over the limit (called before the body is read if the
    request says its length, and again on the file)."""
    if size is not None and size > video_max_upload_bytes():
        raise VideoRejected(
            _("视频超过 %(limit)s MB 的上限，请压缩或剪短后再上传。")
            % {"limit": f"{video_max_upload_mb():g}"}
        )


def video_check_extension(name):
    if video_extension(name) not in VIDEO_EXTENSIONS:
        raise VideoRejected(_("只能上传 MP4、MOV、M4V 或 WebM 格式的视频。"))


@contextmanager
def _local_path(file, extension):
    """A local path for PyAV to read: the upload's temporary file or the stored
    file's path where the storage has one, else a temporary copy."""
    path = None
    if hasattr(file, "temporary_file_path"):
        path = file.temporary_file_path()
    else:
        try:
            path = file.path
        except (AttributeError, NotImplementedError, ValueError):
            path = None
    if path and os.path.exists(path):
        yield path
        return
    with tempfile.NamedTemporaryFile(suffix=f".{extension}") as copy:
        file.open("rb")
        file.seek(0)
        shutil.copyfileobj(file, copy)
        copy.flush()
        file.seek(0)
        yield copy.name


def _probe(file, extension):
    try:
        with _local_path(file, extension) as path:
            return codec.video_probe(path, extension=extension)
    except VideoUnreadable as error:
        raise VideoRejected(str(error)) from error


def _poster(info, *, title, collection, user):
    image = get_image_model()(
        title=(_("视频封面：%(title)s") % {"title": title})[:255],
        file=ImageFile(io.BytesIO(info.poster_jpeg), name="poster.jpg"),
        collection=collection,
        uploaded_by_user=user,
    )
    image._set_image_file_metadata()
    image.save()
    return image


def _video_create(*, document, info, user):
    video = VideoFile.objects.create(
        document=document,
        duration_seconds=info.duration_seconds,
        width=info.width,
        height=info.height,
        has_audio=info.has_audio,
        poster=_poster(
            info, title=document.title, collection=document.collection, user=user
        ),
    )
    transaction.on_commit(partial(transcode_video.enqueue, video.pk))
    return video


def video_check_file(file):
    """The VideoInfo of an uploaded file, or VideoRejected (in Chinese) if it
    is too large, of another type, or not a video PyAV can read."""
    video_check_size(file.size)
    video_check_extension(file.name)
    return _probe(file, video_extension(file.name))


def video_upload(*, user, file, title=""):
    """Store an uploaded video as a document with its VideoFile, once PyAV has
    read it; the phone rendition follows in the background. Raises
    VideoRejected (nothing stored) for a file too large, of the wrong type,
    or that is not a readable video."""
    if not document_policy().user_has_permission(user, "add"):
        raise VideoRejected(_("你没有上传文件的权限。"))
    info = video_check_file(file)
    collection = (
        document_policy()
        .collections_user_has_permission_for(user, "add")
        .order_by("path")
        .first()
    )
    title = (title or os.path.splitext(os.path.basename(file.name))[0])[:255]
    with transaction.atomic():
        document = get_document_model()(
            title=title or _("课时视频"),
            file=file,
            collection=collection,
            uploaded_by_user=user,
        )
        document._set_document_file_metadata()
        document.save()
        return _video_create(document=document, info=info, user=user)


def video_register(*, document, user=None):
    """The VideoFile of a document chosen as a lesson video, made (with its
    poster, and a rendition queued) the first time. Raises VideoRejected if
    the document is not a readable video."""
    existing = VideoFile.objects.filter(document=document).first()
    if existing is not None:
        return existing
    video_check_extension(document.file.name)
    extension = video_extension(document.file.name)
    try:
        info = _probe(document.file, extension)
    except OSError as error:
        raise VideoRejected(_("找不到这个视频的文件，请重新上传。")) from error
    try:
        with transaction.atomic():
            return _video_create(document=document, info=info, user=user)
    except IntegrityError:  # registered meanwhile by another request
        return VideoFile.objects.get(document=document)


def video_transcode_retry(*, video):
    """Queue the phone rendition again (after a failure)."""
    with transaction.atomic():
        updated = VideoFile.objects.filter(
            pk=video.pk, state=VideoFile.State.FAILED
        ).update(
            state=VideoFile.State.PENDING,
            progress=0,
            error="",
            updated_at=timezone.now(),
        )
        if updated:
            transaction.on_commit(partial(transcode_video.enqueue, video.pk))
    return bool(updated)

"""How long a lesson's uploaded videos play.

Lessons with a video are complete only when most of it was watched, so the
server must know each video's length rather than take the browser's word: the
length PyAV read when the video was uploaded (cms.videos, VideoFile), or for a
document from before uploads were checked, the MP4 header's (the "mvhd" box).
"""

import struct

from django.core.cache import cache

from cms.videos.selectors import videos_by_document

CONTAINER_BOXES = {b"moov"}
CACHE_SECONDS = 24 * 60 * 60


def mp4_duration_seconds(stream):
    """The duration of an MP4/MOV file in whole seconds, or None if the file is
    not one (or is damaged). Reads only box headers and the movie header."""
    end = stream.seek(0, 2)
    position = 0
    limit = end
    while position + 8 <= limit:
        stream.seek(position)
        header = stream.read(8)
        if len(header) < 8:
            return None
        size, kind = struct.unpack(">I4s", header)
        header_size = 8
        if size == 1:
            size = struct.unpack(">Q", stream.read(8))[0]
            header_size = 16
        elif size == 0:
            size = limit - position
        if size < header_size:
            return None
        if kind in CONTAINER_BOXES:
            limit = position + size
            position += header_size
            continue
        if kind == b"mvhd":
            return _mvhd_seconds(stream.read(size - header_size))
        position += size
    return None


def _mvhd_seconds(body):
    if len(body) < 20:
        return None
    version = body[0]
    if version == 1:
        if len(body) < 32:
            return None
        timescale, duration = struct.unpack(">IQ", body[20:32])
    else:
        timescale, duration = struct.unpack(">II", body[12:20])
    if not timescale:
        return None
    return int(duration / timescale)


def document_video_seconds(document):
    """A video document's length in seconds (0 when unknown); cached by file."""
    key = f"video-seconds:{document.pk}:{document.file.name}"
    seconds = cache.get(key)
    if seconds is None:
        try:
            with document.file.open("rb") as stream:
                seconds = mp4_duration_seconds(stream) or 0
        except OSError:
            seconds = 0
        cache.set(key, seconds, CACHE_SECONDS)
    return seconds


def lesson_video_seconds(lesson):
    """The total length of the uploaded videos in a lesson's body, in seconds.

    Embedded videos (other sites) cannot be measured and do not count.
    """
    documents = [
        block.value["video"]
        for block in lesson.body
        if block.block_type == "video" and block.value["video"] is not None
    ]
    if not documents:
        return 0
    stored = videos_by_document(document.pk for document in documents)
    return sum(
        stored[document.pk].duration_seconds
        if document.pk in stored
        else document_video_seconds(document)
        for document in documents
    )

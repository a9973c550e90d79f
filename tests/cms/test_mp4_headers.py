"""An MP4 whose header box (moov) declares a huge size is refused from its
first bytes, before FFmpeg reads it: in Chinese, nothing stored, without
allocating anything like the declared size."""

import io
import struct
import tracemalloc

import pytest
from wagtail.documents.models import Document

from cms.videos.codec import VideoUnreadable, video_probe
from cms.videos.models import VideoFile

from .videos import tiny_video, upload

FTYP = struct.pack(">I4s4sI4s4s", 24, b"ftyp", b"isom", 512, b"isom", b"mp41")
FOUR_GB = 4 * 1024**3


def crafted(moov_size):
    """ftyp, then a moov declaring moov_size bytes (a 64-bit size) and a few."""
    return FTYP + struct.pack(">I4sQ", 1, b"moov", moov_size) + b"\0" * 64


def test_a_moov_declaring_4_gb_is_refused_in_chinese_and_nothing_stored(
    trainer_client,
):
    response = upload(trainer_client, crafted(FOUR_GB))
    assert response.status_code == 400
    assert "视频文件头声明的大小（4096 MB）超过上限" in response.json()["error"]
    assert (Document.objects.count(), VideoFile.objects.count()) == (0, 0)


def test_the_refusal_allocates_nothing_like_what_is_declared():
    tracemalloc.start()
    with pytest.raises(VideoUnreadable):
        video_probe(io.BytesIO(crafted(FOUR_GB)), extension="mp4")
    _now, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 10 * 1024 * 1024


@pytest.mark.parametrize("size", [FOUR_GB, 100 * 1024 * 1024, 200])
def test_the_header_box_may_not_claim_more_than_the_cap_or_the_file(size):
    with pytest.raises(VideoUnreadable, match="文件已损坏或被篡改"):
        video_probe(io.BytesIO(crafted(size)), extension="mp4")


def test_a_real_video_still_reads(trainer_client):
    response = upload(trainer_client, tiny_video(seconds=1))
    assert response.status_code == 201, response.content

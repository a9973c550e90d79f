"""A lesson with an uploaded video is complete only when most of it was watched.

The video's length comes from the file on the server, and the watched time the
page reports is credited no faster than time passes.
"""

import io
import struct
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from cms.videos.models import VideoFile
from courses.models import LessonProgress, Requirement
from courses.services import enrollment_choose, study_heartbeat, study_session_start
from courses.video import mp4_duration_seconds
from tests.clock import at

from .factories import make_course, make_lesson, tracks


def box(kind, body):
    return struct.pack(">I4s", 8 + len(body), kind) + body


def mp4(seconds, *, version=0):
    """The boxes of an MP4 file whose movie header says it plays `seconds`."""
    if version == 1:
        header = (
            bytes([1, 0, 0, 0]) + bytes(16) + struct.pack(">IQ", 600, 600 * seconds)
        )
    else:
        header = bytes(12) + struct.pack(">II", 1000, 1000 * seconds)
    movie = box(b"moov", box(b"mvhd", header + bytes(80)))
    return box(b"ftyp", b"isom" + bytes(8)) + box(b"mdat", bytes(64)) + movie


def test_the_length_is_read_from_the_movie_header():
    assert mp4_duration_seconds(io.BytesIO(mp4(100))) == 100
    assert mp4_duration_seconds(io.BytesIO(mp4(3600, version=1))) == 3600
    assert mp4_duration_seconds(io.BytesIO(b"not a video at all")) is None
    assert mp4_duration_seconds(io.BytesIO(mp4(100)[:40])) is None


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def video_document(content, name="lesson.mp4"):
    document = Document(title="课时视频", file=ContentFile(content, name=name))
    document.save()
    return document


@pytest.fixture
def course(db):
    return make_course(tracks()[0], requirement=Requirement.ELECTIVE)


def video_lesson(course, document):
    return make_lesson(
        course,
        study_minutes=1,
        credit_hours=Decimal("0.5"),
        body=[("video", {"video": document, "poster": None, "caption": "讲解"})],
    )


def beats(cadre, lesson, claims, step=60):
    """Open the lesson and send one beat every `step` seconds per claim."""
    session = study_session_start(cadre=cadre, lesson=lesson, now=at(seconds=0))
    result = None
    for n, claim in enumerate(claims, start=1):
        result = study_heartbeat(
            cadre=cadre,
            token=session.token,
            sequence=n,
            now=at(seconds=step * n),
            video_seconds=claim,
        )
    return result


def test_study_time_alone_does_not_complete_a_video_lesson(cadre, course):
    lesson = video_lesson(course, video_document(mp4(100)))
    enrollment_choose(cadre=cadre, course=course)
    result = beats(cadre, lesson, [0, 0])
    assert result.seconds_studied >= 60
    assert result.video_required_seconds == 80
    assert not result.completed


def test_watching_most_of_the_video_completes_it(cadre, course):
    lesson = video_lesson(course, video_document(mp4(100)))
    enrollment_choose(cadre=cadre, course=course)
    result = beats(cadre, lesson, [60, 25])
    assert (result.video_seconds_watched, result.completed) == (85, True)


def test_watched_time_is_not_credited_faster_than_time_passes(cadre, course):
    lesson = video_lesson(course, video_document(mp4(100)))
    enrollment_choose(cadre=cadre, course=course)
    result = beats(cadre, lesson, [500, 500, -50], step=20)
    assert result.video_seconds_watched == 40
    assert not result.completed
    progress = LessonProgress.objects.get(cadre=cadre, lesson=lesson)
    assert progress.video_seconds_watched == 40


def test_a_file_that_is_not_a_readable_video_adds_no_condition(cadre, course):
    lesson = video_lesson(course, video_document(b"broken upload", name="bad.mp4"))
    enrollment_choose(cadre=cadre, course=course)
    result = beats(cadre, lesson, [0])
    assert (result.video_required_seconds, result.completed) == (0, True)


def test_the_lesson_page_and_heartbeat_report_the_video_share(cadre, course, client):
    lesson = video_lesson(course, video_document(mp4(100)))
    enrollment_choose(cadre=cadre, course=course)
    client.force_login(cadre.user)
    html = client.get(lesson.url).content.decode()
    assert 'data-video-required="80"' in html
    started = client.post(f"/courses/lessons/{lesson.pk}/study/start/").json()
    assert started["video_required_seconds"] == 80
    beat = client.post(
        "/courses/study/heartbeat/",
        {"token": started["token"], "sequence": 1, "video_seconds": "abc"},
    )
    assert beat.status_code == 200
    assert beat.json()["video_seconds_watched"] == 0


def test_the_length_read_on_upload_is_the_one_that_counts(cadre, course):
    """An uploaded video's length is the one PyAV read and stored, not the
    header's (which a legacy document without it still falls back to)."""
    document = video_document(mp4(100))
    VideoFile.objects.create(
        document=document, duration_seconds=50, width=320, height=240
    )
    lesson = video_lesson(course, document)
    enrollment_choose(cadre=cadre, course=course)
    result = beats(cadre, lesson, [0])
    assert result.video_required_seconds == 40


def test_a_video_shorter_than_a_minute_is_counted_in_seconds(cadre, course, client):
    """A 2-second video needs 2 seconds watched: the page says 需看 2 秒 (its
    script picks the seconds' wording under a minute), not 需看 1 分钟."""
    lesson = video_lesson(course, video_document(mp4(2)))
    enrollment_choose(cadre=cadre, course=course)
    client.force_login(cadre.user)
    html = client.get(lesson.url).content.decode()
    assert 'data-video-required="2"' in html
    assert 'data-text-video-seconds="视频已看 %(done)s 秒 / 需看 %(total)s 秒"' in html

"""Small builders for course pages in tests: make_course(track),
make_lesson(course), make_session(course, trainer) at a fixed time and
make_session_soon(course, trainer) relative to now; and a cadre's progress
through the real services: study(cadre, lesson, now) and complete(cadre,
course)."""

import datetime as dt
import itertools
from decimal import Decimal

from django.utils import timezone

from cms.demo import ensure_home_page
from courses.demo import ensure_track_pages
from courses.models import CoursePage, HoursLedgerEntry, LessonPage, TrainingSession
from courses.services import (
    course_part_complete,
    study_heartbeat,
    study_session_start,
)
from tests.clock import SESSION_START

_serial = itertools.count(1)


def tracks():
    """The three TrackPages under the portal home page."""
    return ensure_track_pages(ensure_home_page())


def make_course(track, *, trainers=(), audience_townships=(), **fields):
    n = next(_serial)
    fields.setdefault("title", f"测试课程{n}")
    fields.setdefault("slug", f"course-{n}")
    fields.setdefault("code", f"T{n:04d}")
    fields.setdefault("summary", f"课程{n}的简介：政策解读与案例。")
    fields.setdefault("year", 2025)
    fields.setdefault("credit_hours", Decimal("2.0"))
    course = CoursePage(**fields)
    track.add_child(instance=course)
    if trainers or audience_townships:
        course.trainers.set(trainers)
        course.audience_townships.set(audience_townships)
        course.save()
    return course


def make_lesson(course, **fields):
    n = next(_serial)
    fields.setdefault("title", f"第{n}课时")
    fields.setdefault("slug", f"lesson-{n}")
    fields.setdefault("study_minutes", 30)
    fields.setdefault(
        "body", [("paragraph", f"<p>课时正文-{n}：村集体经济发展要点。</p>")]
    )
    lesson = LessonPage(**fields)
    course.add_child(instance=lesson)
    return lesson


def make_session(course, trainer, *, hours="3", **fields):
    """A training session of course, three hours from starts_at
    (SESSION_START unless given)."""
    n = TrainingSession.objects.count() + 1
    starts_at = fields.pop("starts_at", SESSION_START)
    return TrainingSession.objects.create(
        course=course,
        title=fields.pop("title", f"第{n}场：村务公开实务"),
        place="东明镇党群服务中心",
        starts_at=starts_at,
        ends_at=fields.pop("ends_at", starts_at + dt.timedelta(hours=3)),
        credit_hours=Decimal(hours),
        trainer=trainer,
        **fields,
    )


def make_session_soon(course, trainer, *, starts_in=dt.timedelta(minutes=10), **fields):
    """A session of three hours starting starts_in from now (check-in opens
    30 minutes before)."""
    starts_at = timezone.now() + starts_in
    n = TrainingSession.objects.count() + 1
    return TrainingSession.objects.create(
        course=course,
        title=fields.pop("title", f"第{n}场：四议两公开"),
        place=fields.pop("place", "东明镇党群服务中心"),
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=3),
        credit_hours=Decimal("3"),
        trainer=trainer,
        **fields,
    )


def complete(cadre, course):
    now = timezone.now()
    for lesson in course.get_children().specific():
        course_part_complete(
            cadre=cadre,
            part=lesson,
            course=course,
            source=HoursLedgerEntry.Source.LESSON,
            now=now,
        )


def study(cadre, lesson, now, *, complete):
    """Credit study time through the real services: a session, then one
    heartbeat (a one-minute lesson is complete after 60 seconds)."""
    session = study_session_start(cadre=cadre, lesson=lesson, now=now)
    seconds = 60 if complete else 30
    study_heartbeat(
        cadre=cadre,
        token=session.token,
        sequence=1,
        now=now + dt.timedelta(seconds=seconds),
    )
    return now + dt.timedelta(minutes=5)

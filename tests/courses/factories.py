"""Small builders for course pages in tests: make_course(track), make_lesson(course)."""

import itertools
from decimal import Decimal

from cms.demo import ensure_home_page
from courses.demo import ensure_track_pages
from courses.models import CoursePage, LessonPage

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

"""SQL queries to serve the course and lesson pages to an enrolled cadre with
progress: an exact number, the same for a course of 2 lessons on a site of a
few courses as for one of 20 lessons on a site of many.

The numbers are pinned: a change that saves queries lowers them here; one that
adds a query per lesson or per course fails the equality of the two sizes.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses.models import Enrollment, LessonProgress, Requirement
from courses.services import (
    enrollment_choose,
)
from lms.models import Position

from .factories import make_course, make_lesson, study, tracks

COURSE_PAGE_QUERIES = 14
LESSON_PAGE_QUERIES = 15

SMALL_LESSONS, LARGE_LESSONS = 2, 20
SMALL_COURSES, LARGE_COURSES = 1, 10  # of each kind below, in every track


def add_lessons(course, cadre, count, now):
    """count one-minute lessons; the cadre completes every other one (after
    all are added, so that the course is not complete)."""
    lessons = [make_lesson(course, study_minutes=1) for _i in range(count)]
    for lesson in lessons[::2]:
        now = study(cadre, lesson, now, complete=True)
    return now


def add_courses(count):
    """In every track: count required courses for everyone, count required
    courses for others (party secretaries), count electives; a lesson each."""
    for track in tracks():
        for _i in range(count):
            for fields in [
                {"requirement": Requirement.REQUIRED},
                {
                    "requirement": Requirement.REQUIRED,
                    "audience_positions": [Position.PARTY_SECRETARY],
                },
                {"requirement": Requirement.ELECTIVE},
            ]:
                make_lesson(make_course(track, **fields))


def count_queries(client, url, expected_text):
    client.get(url)  # warm up: enrolments, site root paths, settings rows
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    assert expected_text in response.content.decode()
    return len(ctx), [q["sql"] for q in ctx.captured_queries]


@pytest.fixture
def world(db, client, cadre):
    """A required course the cadre is enrolled in, on a site of a few courses,
    with the cadre logged in; grow() makes both bigger."""
    course = make_course(tracks()[0], title="村集体经济发展")
    add_courses(SMALL_COURSES)
    client.force_login(cadre.user)
    client.get(course.url)  # enrols the cadre in the required courses
    # This one has no lesson yet, so visiting it does not enrol: choose it.
    enrollment_choose(cadre=cadre, course=course)
    assert Enrollment.objects.filter(cadre=cadre, course=course).exists()
    now = add_lessons(course, cadre, SMALL_LESSONS, timezone.now())
    studied = course.get_children().specific().order_by("path")[1]
    now = study(cadre, studied, now, complete=False)

    def grow():
        add_lessons(course, cadre, LARGE_LESSONS - SMALL_LESSONS, now)
        add_courses(LARGE_COURSES - SMALL_COURSES)

    return course, studied, grow


def test_course_page_queries_are_constant(client, cadre, world):
    course, _lesson, grow = world
    small, small_sql = count_queries(client, course.url, "已完成 1/2 项")
    grow()
    done = LessonProgress.objects.filter(cadre=cadre, completed_at__isnull=False)
    assert done.filter(lesson__in=course.get_children()).count() == 10
    large, large_sql = count_queries(client, course.url, "已完成 10/20 项")
    assert small == large, "\n".join(large_sql)
    assert small == COURSE_PAGE_QUERIES, "\n".join(small_sql)


def test_lesson_page_queries_are_constant(client, world):
    _course, lesson, grow = world
    small, small_sql = count_queries(client, lesson.url, lesson.title)
    grow()
    large, large_sql = count_queries(client, lesson.url, 'rel="next"')
    assert small == large, "\n".join(large_sql)
    assert small == LESSON_PAGE_QUERIES, "\n".join(small_sql)

"""What a cadre still lacks in a course's sessions (集中培训), shown on 我的学习
and on the course page when every part is done but the course is not: the
numbers are the completion rule's (courses.attendance.requirement)."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.attendance.requirement import SessionAttendance
from courses.models import (
    AttendanceMark,
    AttendanceState,
    HoursLedgerEntry,
    Requirement,
)
from courses.services import course_part_complete, enrollment_choose
from tests.logins import logged_in

from .factories import make_course, make_lesson, make_session, tracks

MORE_SESSIONS = "还需参加 1 次集中培训（出勤须达到 80%）"
TOO_MUCH_LEAVE = "请假学时超过课程线下学时的七分之一，需补训"


@pytest.mark.parametrize(
    ("numbers", "sessions_missing", "excused_too_much", "is_done"),
    [
        (dict(total=0), 0, False, True),
        (dict(total=2, hours=Decimal("6"), attended=1), 1, False, False),
        (dict(total=5, hours=Decimal("15"), attended=4), 0, False, True),
        (dict(total=2, hours=Decimal("6"), attended=2), 0, False, True),
        (
            dict(total=5, hours=Decimal("15"), attended=4, excused_hours=Decimal("3")),
            0,
            True,
            False,
        ),
    ],
)
def test_the_rule_in_numbers(numbers, sessions_missing, excused_too_much, is_done):
    attendance = SessionAttendance(share=80, **numbers)
    assert attendance.sessions_missing == sessions_missing
    assert attendance.excused_too_much == excused_too_much
    assert attendance.done == is_done
    assert (attendance.missing() == []) == is_done


@pytest.fixture
def course(db, trainer):
    course = make_course(
        tracks()[0], title="村务公开实务", requirement=Requirement.ELECTIVE
    )
    course.lesson = make_lesson(course, title="村务公开第1讲")
    course.sessions = [make_session(course, trainer) for _ in range(2)]
    return course


def done(cadre, lesson):
    course_part_complete(
        cadre=cadre,
        part=lesson,
        course=lesson.get_parent().specific,
        source=HoursLedgerEntry.Source.LESSON,
        now=timezone.now(),
    )


def mark(cadre, session, state):
    AttendanceMark.objects.create(
        session=session, cadre=cadre, state=state, source=AttendanceMark.Source.REGISTER
    )


def pages(cadre, course):
    client = logged_in(cadre.user)
    mine = client.get(reverse("courses:my_learning")).content.decode()
    page = client.get(course.url).content.decode()
    return mine, page


def test_a_cadre_sees_how_many_sessions_are_missing(cadre, course):
    enrollment_choose(cadre=cadre, course=course)
    done(cadre, course.lesson)
    mark(cadre, course.sessions[0], AttendanceState.PRESENT)
    for html in pages(cadre, course):
        assert "已完成 1/1 项" in html
        assert MORE_SESSIONS in html
        assert TOO_MUCH_LEAVE not in html


def test_a_cadre_sees_that_leave_was_too_long(cadre, course, trainer):
    course.sessions.append(make_session(course, trainer, hours="1"))
    enrollment_choose(cadre=cadre, course=course)
    done(cadre, course.lesson)
    mark(cadre, course.sessions[0], AttendanceState.PRESENT)
    mark(cadre, course.sessions[1], AttendanceState.EXCUSED)
    for html in pages(cadre, course):
        assert TOO_MUCH_LEAVE in html


def test_nothing_is_said_when_attendance_is_enough(cadre, course):
    enrollment_choose(cadre=cadre, course=course)
    for session in course.sessions:
        mark(cadre, session, AttendanceState.PRESENT)
    for html in pages(cadre, course):
        assert "还需参加" not in html
        assert TOO_MUCH_LEAVE not in html

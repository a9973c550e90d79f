"""Course completion (结业): one rule in courses.services, progress on the page."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext

from courses.models import (
    Enrollment,
    HoursLedgerEntry,
    LessonProgress,
    PartCompletion,
    Requirement,
)
from courses.selectors import course_progress
from courses.services import (
    course_completion_check,
    enrollment_choose,
    study_heartbeat,
    study_session_start,
)
from tests.clock import at
from tests.logins import logged_in

from .factories import make_course, make_lesson, tracks


@pytest.fixture
def course(db):
    return make_course(
        tracks()[0], requirement=Requirement.ELECTIVE, credit_hours=Decimal("2.0")
    )


@pytest.fixture
def lessons(course):
    return [
        make_lesson(course, study_minutes=1, credit_hours=Decimal("0.5"))
        for _ in range(2)
    ]


def study(cadre, lesson, start, beats=1):
    """Study lesson (1 minute long) from start; one 60 s beat completes it."""
    session = study_session_start(cadre=cadre, lesson=lesson, now=at(seconds=start))
    for n in range(1, beats + 1):
        result = study_heartbeat(
            cadre=cadre, token=session.token, sequence=n, now=at(seconds=start + 60 * n)
        )
    return result


def course_entries(cadre, course):
    return HoursLedgerEntry.objects.filter(
        cadre=cadre, source=HoursLedgerEntry.Source.COURSE, page=course
    )


# ---- Services ----------------------------------------------------------------


def test_not_complete_before_the_last_lesson(cadre, course, lessons, enrolled):
    assert study(cadre, lessons[0], 0).completed
    enrolled.refresh_from_db()
    assert enrolled.completed_at is None
    assert not course_entries(cadre, course).exists()
    assert course_progress(cadre, course) == (1, 2, None)


def test_last_lesson_completes_the_course_with_the_remainder(
    cadre, course, lessons, enrolled
):
    study(cadre, lessons[0], 0)
    study(cadre, lessons[1], 100)
    enrolled.refresh_from_db()
    assert enrolled.completed_at == at(seconds=160)
    entry = course_entries(cadre, course).get()
    assert entry.hours == Decimal("1.0")  # 2.0 − 2 × 0.5
    assert entry.year == 2025
    assert entry.earned_at == at(seconds=160)
    assert course_progress(cadre, course) == (2, 2, at(seconds=160))
    # Saved, not updated: the history records the completion.
    assert enrolled.history.filter(completed_at=at(seconds=160)).count() == 1


def test_totals_per_year_sum_to_the_course_hours(cadre, course, lessons, enrolled):
    study(cadre, lessons[0], 0)
    study(cadre, lessons[1], 100)
    totals = dict(
        HoursLedgerEntry.objects.filter(cadre=cadre)
        .values_list("year")
        .annotate(total=Sum("hours"))
    )
    assert totals == {2025: course.credit_hours}


def test_remainder_is_never_negative(cadre, course, enrolled):
    lesson = make_lesson(course, study_minutes=1, credit_hours=Decimal("3.0"))
    study(cadre, lesson, 0)
    assert course_entries(cadre, course).get().hours == Decimal("0")


def test_idempotent_under_repeated_beats_and_checks(cadre, course, lessons, enrolled):
    study(cadre, lessons[0], 0)
    study(cadre, lessons[1], 100, beats=4)
    study(cadre, lessons[1], 500, beats=2)
    assert course_completion_check(cadre=cadre, course=course, now=at(seconds=900))
    enrolled.refresh_from_db()
    assert enrolled.completed_at == at(seconds=160)
    assert course_entries(cadre, course).count() == 1
    assert enrolled.history.exclude(completed_at=None).count() == 1


def test_unpublished_lessons_do_not_count(cadre, course, lessons, enrolled):
    lessons[1].unpublish()
    study(cadre, lessons[0], 0)
    enrolled.refresh_from_db()
    assert enrolled.completed_at == at(seconds=60)
    assert course_entries(cadre, course).get().hours == Decimal("1.5")
    assert course_progress(cadre, course) == (1, 1, at(seconds=60))


def test_no_lessons_or_no_enrolment_is_not_complete(cadre, course, lessons):
    assert not course_completion_check(cadre=cadre, course=course, now=at(seconds=0))
    empty = make_course(tracks()[0], requirement=Requirement.ELECTIVE)
    enrollment_choose(cadre=cadre, course=empty)
    assert not course_completion_check(cadre=cadre, course=empty, now=at(seconds=0))
    assert not HoursLedgerEntry.objects.exists()


def test_other_cadres_progress_does_not_count(
    cadre, other_cadre, course, lessons, enrolled
):
    for lesson in lessons:
        LessonProgress.objects.create(
            cadre=other_cadre,
            lesson=lesson,
            seconds_studied=60,
            completed_at=at(seconds=0),
        )
    assert course_progress(cadre, course) == (0, 2, None)
    assert not course_completion_check(cadre=cadre, course=course, now=at(seconds=0))


def test_check_queries_are_constant_in_lesson_count(cadre, db):
    def queries_to_complete(n):
        course = make_course(tracks()[0], requirement=Requirement.ELECTIVE)
        enrollment_choose(cadre=cadre, course=course)
        for lesson in [make_lesson(course, study_minutes=1) for _ in range(n)]:
            LessonProgress.objects.create(
                cadre=cadre,
                lesson=lesson,
                seconds_studied=60,
                completed_at=at(seconds=0),
            )
            PartCompletion.objects.create(
                cadre=cadre, course=course, page=lesson, completed_at=at(seconds=0)
            )
        with CaptureQueriesContext(connection) as queries:
            assert course_completion_check(
                cadre=cadre, course=course, now=at(seconds=0)
            )
        return len(queries)

    assert queries_to_complete(2) == queries_to_complete(6)


# ---- Course page -------------------------------------------------------------


def test_course_page_shows_progress_and_done_marks(cadre, course, lessons, enrolled):
    study(cadre, lessons[0], 0)
    response = logged_in(cadre.user).get(course.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "已完成 1/2 项" in html
    assert '<progress class="course-progress-bar" max="2" value="1"' in html
    assert html.count('class="lesson-done"') == 1
    assert "✓" in html


def test_course_page_shows_completion(cadre, course, lessons, enrolled):
    study(cadre, lessons[0], 0)
    study(cadre, lessons[1], 100)
    html = logged_in(cadre.user).get(course.url).content.decode()
    assert "已结业 ✓ 2025-03-01" in html
    assert "个课时" not in html
    assert html.count('class="lesson-done"') == 2


def test_course_page_has_no_progress_without_enrolment(cadre, trainer, course):
    make_lesson(course)
    for user in (cadre.user, trainer):
        response = logged_in(user).get(course.url)
        assert "progress" not in response.context
        assert 'class="course-progress"' not in response.content.decode()


def test_course_page_queries_constant_for_2_and_6_lessons(cadre, db):
    client = logged_in(cadre.user)

    def page_queries(n):
        course = make_course(tracks()[0], requirement=Requirement.ELECTIVE)
        enrollment_choose(cadre=cadre, course=course)
        lessons = [make_lesson(course) for _ in range(n)]
        for lesson in lessons[: n // 2]:
            LessonProgress.objects.create(
                cadre=cadre,
                lesson=lesson,
                seconds_studied=1800,
                completed_at=at(seconds=0),
            )
            PartCompletion.objects.create(
                cadre=cadre, course=course, page=lesson, completed_at=at(seconds=0)
            )
        client.get(course.url)  # warm the site and page caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(course.url)
        assert response.context["progress"] == (n // 2, n, None)
        assert len(response.context["parts"]) == n
        return len(queries)

    assert page_queries(2) == page_queries(6)


def test_enrolment_keeps_its_source_after_completion(cadre, course, lessons, enrolled):
    study(cadre, lessons[0], 0)
    study(cadre, lessons[1], 100)
    assert Enrollment.objects.get(pk=enrolled.pk).source == Enrollment.Source.CHOSEN

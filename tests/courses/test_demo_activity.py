"""The demo's year of activity (courses/demo_activity.py, with the quiz
attempts exams/demo_activity.py draws in it): raw events a cadre could really
have produced, from which records_rebuild derives the kept records with
nothing left to correct. A smaller Banner than seed_demo's (CADRES cadres)
keeps the test quick; the code path is the same. One seed serves both apps'
halves: the attempts are drawn inside the cadres' year."""

import io
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from cms.demo import ensure_home_page
from courses import demo as courses_demo
from courses.demo_activity import seed_activity
from courses.models import (
    AttendanceMark,
    Certificate,
    Enrollment,
    HoursLedgerEntry,
    LessonProgress,
    TrainingSession,
    YearRecord,
)
from courses.records.rebuild import records_rebuild
from courses.selectors import study_year
from courses.services import lesson_required_seconds
from exams.demo import ensure_course_quizzes, ensure_question_bank
from exams.models import Attempt, Question
from exams.services import response_is_correct
from lms.demo import ensure_banner_places, ensure_demo_cadres, ensure_demo_staff
from lms.models import Cadre

CADRES = 150


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    # One seed for the module, rolled back at its end like a TestCase class.
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        villages = ensure_banner_places()
        ensure_demo_staff("!")
        ensure_demo_cadres(villages, total=CADRES, password_hash="!")
        ensure_home_page()
        courses_demo.seed(size="S", stdout=io.StringIO())
        ensure_question_bank()
        ensure_course_quizzes()
        out = io.StringIO()
        seed_activity(stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


def test_the_rebuild_finds_nothing_to_correct(seeded, db):
    assert "学习活动：" in seeded
    report = records_rebuild(fix=False)
    assert report.total == 0, dict(report.differences)
    assert report.checked["parts"] > CADRES * 10


def test_some_cadres_completed_courses_and_hold_certificates(seeded, db):
    completed = Enrollment.objects.filter(completed_at__isnull=False)
    assert completed.count() > CADRES
    assert Certificate.objects.count() == completed.count()
    per_cadre = Counter(
        Certificate.objects.values_list("cadre_id", flat=True).iterator()
    )
    assert max(per_cadre.values()) >= 8


def test_cadres_are_at_different_paces(seeded, db):
    """Some finished most required courses, many are midway, about a fifth
    barely started."""
    year = study_year(timezone.now())
    records = {r.cadre_id: r for r in YearRecord.objects.filter(year=year)}
    shares = []
    for cadre_id in Cadre.objects.values_list("pk", flat=True):
        record = records.get(cadre_id)
        if record is None or not record.required_courses:
            continue
        shares.append(record.required_completed / record.required_courses)
    count = len(shares)
    assert count > CADRES * 0.9
    most = sum(share >= 0.7 for share in shares) / count
    midway = sum(0.1 <= share < 0.7 for share in shares) / count
    barely = sum(share < 0.1 for share in shares) / count
    assert 0.1 <= most <= 0.45, (most, midway, barely)
    assert 0.3 <= midway <= 0.75, (most, midway, barely)
    assert 0.1 <= barely <= 0.4, (most, midway, barely)
    assert YearRecord.objects.filter(year=year, online_hours__gte=50).exists()
    assert YearRecord.objects.filter(year=year, centralised_hours__gte=90).exists()


def test_lesson_progress_is_what_study_time_would_leave(seeded, db):
    now = timezone.now()
    year = study_year(now)
    progress = list(LessonProgress.objects.select_related("lesson"))
    enrolled = set(Enrollment.objects.values_list("cadre_id", "course__path"))
    assert any(p.completed_at is None for p in progress)
    months = set()
    for item in progress:
        required = lesson_required_seconds(item.lesson)
        if item.completed_at is None:
            assert 0 < item.seconds_studied < required
        else:
            assert required <= item.seconds_studied <= required * 1.1
            assert item.completed_at < now
            assert study_year(item.completed_at) == year
            months.add(timezone.localtime(item.completed_at).month)
        course_path = item.lesson.path[: -item.lesson.steplen]
        assert (item.cadre_id, course_path) in enrolled
    assert len(months) >= min(6, timezone.localtime(now).month - 1)


def test_attempts_are_drawn_and_graded_as_the_quiz_would(seeded, db):
    attempts = list(Attempt.objects.select_related("quiz").prefetch_related("answers"))
    assert {a.passed for a in attempts} == {True, False}
    questions = Question.objects.in_bulk()
    for attempt in attempts:
        quiz = attempt.quiz
        rule = quiz.random_rules.get()
        assert len(attempt.questions) == rule.count
        assert {questions[q["id"]].category_id for q in attempt.questions} == {
            rule.category_id
        }
        assert attempt.started_at < attempt.submitted_at <= attempt.deadline
        assert attempt.deadline == attempt.started_at + timezone.timedelta(
            minutes=quiz.time_limit_minutes
        )
        assert 1 <= attempt.number <= quiz.max_attempts
        earned = Decimal("0")
        for answer in attempt.answers.all():
            correct = response_is_correct(
                questions[answer.question_id], answer.response
            )
            assert answer.correct == correct
            earned += answer.points
        total = sum(Decimal(q["points"]) for q in attempt.questions)
        score = (earned * 100 / total).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        assert attempt.score == score
        assert attempt.passed == (score >= quiz.pass_mark)
        assert attempt.history.count() == 1
    # Attempts of a cadre at a quiz: numbered 1, 2, … and none after a pass.
    by_quiz = Attempt.objects.values("cadre_id", "quiz_id").annotate(
        n=Count("pk"), passes=Count("pk", filter=Q(passed=True))
    )
    for row in by_quiz:
        assert row["passes"] <= 1
        numbers = Attempt.objects.filter(
            cadre_id=row["cadre_id"], quiz_id=row["quiz_id"]
        ).values_list("number", "passed")
        assert sorted(n for n, _p in numbers) == list(range(1, row["n"] + 1))
        assert all(not p for n, p in numbers if n < row["n"])


def test_a_backdated_session_waits_with_one_proxy_check_in(seeded, db):
    (waiting,) = TrainingSession.objects.filter(approval="pending")
    assert waiting.title.endswith("（补录）") and waiting.closed_at is None
    assert "补录" in waiting.approval_cause
    flagged = waiting.marks.exclude(suspicion="")
    assert list(flagged.values_list("suspicion", flat=True)) == ["same_device"]
    assert not HoursLedgerEntry.objects.filter(training_session=waiting).exists()


def test_sessions_are_closed_and_mark_every_enrolled_cadre(seeded, db):
    sessions = list(TrainingSession.objects.exclude(approval="pending"))
    assert len(sessions) >= 10
    states = Counter()
    for session in sessions:
        assert session.closed_at is not None and session.closed_at < timezone.now()
        enrolled = Enrollment.objects.filter(course_id=session.course_id).count()
        assert session.marks.count() == enrolled
        states.update(session.marks.values_list("state", flat=True))
    assert set(states) == {"present", "late", "excused", "absent"}
    assert states["present"] > states["absent"] > 0
    checked_in = AttendanceMark.objects.filter(checked_in_at__isnull=False)
    assert checked_in.exists()
    assert AttendanceMark.history.count() == AttendanceMark.objects.count()


def test_enrolments_date_from_the_start_of_the_year(seeded, db):
    first = Enrollment.objects.order_by("enrolled_at").first().enrolled_at
    last = Enrollment.objects.order_by("-enrolled_at").first().enrolled_at
    assert first == last
    assert timezone.localtime(first).date() <= timezone.localdate()
    assert Enrollment.history.filter(history_type="+").count() >= (
        Enrollment.objects.count()
    )


def test_a_second_run_adds_nothing(seeded, db):
    before = (LessonProgress.objects.count(), Attempt.objects.count())
    out = io.StringIO()
    seed_activity(stdout=out)
    assert "跳过" in out.getvalue()
    assert (LessonProgress.objects.count(), Attempt.objects.count()) == before

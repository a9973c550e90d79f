"""Study time measured on the server (学习计时): sessions, heartbeats, the ledger."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from courses.models import (
    Enrollment,
    HoursLedgerEntry,
    LessonProgress,
    Requirement,
    StudySession,
)
from courses.services import (
    MAX_CREDIT_PER_BEAT_SECONDS,
    STUDY_ACCEPTED,
    STUDY_IGNORED,
    STUDY_SUPERSEDED,
    study_heartbeat,
    study_session_start,
)
from tests.clock import at
from tests.logins import logged_in

from .factories import make_course, make_lesson, tracks


@pytest.fixture
def course(db):
    return make_course(tracks()[0], requirement=Requirement.ELECTIVE)


@pytest.fixture
def lesson(course):
    return make_lesson(course, study_minutes=2, credit_hours=Decimal("0.5"))


def seconds_studied(cadre, lesson):
    progress = LessonProgress.objects.filter(cadre=cadre, lesson=lesson).first()
    return progress.seconds_studied if progress else 0


def beat(cadre, session, sequence, seconds):
    return study_heartbeat(
        cadre=cadre, token=session.token, sequence=sequence, now=at(seconds=seconds)
    )


# ---- Services ----------------------------------------------------------------


def test_credits_elapsed_time_between_beats(cadre, lesson, enrolled):
    session = study_session_start(cadre=cadre, lesson=lesson, now=at(seconds=0))
    result = beat(cadre, session, 1, 15)
    assert result.status == STUDY_ACCEPTED
    assert result.seconds_studied == 15
    assert result.required_seconds == 120
    assert beat(cadre, session, 2, 35).seconds_studied == 35
    assert seconds_studied(cadre, lesson) == 35


def test_replayed_and_out_of_order_beats_are_ignored(cadre, lesson, enrolled):
    session = study_session_start(cadre=cadre, lesson=lesson, now=at(seconds=0))
    beat(cadre, session, 2, 15)
    assert beat(cadre, session, 2, 30).status == STUDY_IGNORED  # replay
    assert beat(cadre, session, 1, 45).status == STUDY_IGNORED  # out of order
    assert seconds_studied(cadre, lesson) == 15
    assert beat(cadre, session, 3, 60).seconds_studied == 60


def test_too_frequent_beat_is_ignored_and_does_not_move_the_clock(
    cadre, lesson, enrolled
):
    session = study_session_start(cadre=cadre, lesson=lesson, now=at(seconds=0))
    assert beat(cadre, session, 1, 5).status == STUDY_IGNORED
    assert seconds_studied(cadre, lesson) == 0
    assert beat(cadre, session, 2, 15).seconds_studied == 15


def test_long_gap_credits_only_the_cap(cadre, lesson, enrolled):
    session = study_session_start(cadre=cadre, lesson=lesson, now=at(seconds=0))
    result = beat(cadre, session, 1, 3600)
    assert result.status == STUDY_ACCEPTED
    assert result.seconds_studied == MAX_CREDIT_PER_BEAT_SECONDS


def test_second_tab_supersedes_the_first_and_time_is_not_doubled(
    cadre, lesson, enrolled
):
    first = study_session_start(cadre=cadre, lesson=lesson, now=at(seconds=0))
    beat(cadre, first, 1, 15)
    second = study_session_start(cadre=cadre, lesson=lesson, now=at(seconds=20))
    assert second.token != first.token
    assert StudySession.objects.filter(cadre=cadre).count() == 1
    assert beat(cadre, first, 2, 30).status == STUDY_SUPERSEDED
    assert beat(cadre, second, 1, 35).seconds_studied == 30
    assert beat(cadre, first, 3, 45).status == STUDY_SUPERSEDED
    assert seconds_studied(cadre, lesson) == 30


def test_unknown_token_or_other_cadres_token_is_rejected(
    cadre, other_cadre, lesson, enrolled
):
    session = study_session_start(cadre=cadre, lesson=lesson, now=at(seconds=0))
    result = study_heartbeat(cadre=cadre, token="nope", sequence=1, now=at(seconds=15))
    assert result.status == STUDY_SUPERSEDED
    result = study_heartbeat(
        cadre=other_cadre, token=session.token, sequence=1, now=at(seconds=15)
    )
    assert result.status == STUDY_SUPERSEDED
    assert not LessonProgress.objects.exists()


def test_not_enrolled_is_refused(cadre, lesson):
    with pytest.raises(ValidationError) as error:
        study_session_start(cadre=cadre, lesson=lesson, now=at(seconds=0))
    assert error.value.code == "not_enrolled"
    assert not StudySession.objects.exists()


def test_time_is_capped_at_length_plus_margin(cadre, lesson, enrolled):
    session = study_session_start(cadre=cadre, lesson=lesson, now=at(seconds=0))
    for n in range(1, 20):
        result = beat(cadre, session, n, 60 * n)
    assert result.seconds_studied == 120 + 12  # 2 minutes + 10 %


def test_completion_writes_exactly_one_ledger_entry(cadre, lesson, enrolled):
    session = study_session_start(cadre=cadre, lesson=lesson, now=at(seconds=0))
    assert not beat(cadre, session, 1, 60).completed
    result = beat(cadre, session, 2, 120)
    assert result.completed
    for n in range(3, 6):
        assert beat(cadre, session, n, 60 * n).completed
    session = study_session_start(cadre=cadre, lesson=lesson, now=at(seconds=400))
    beat(cadre, session, 1, 460)
    entry = HoursLedgerEntry.objects.get(
        cadre=cadre, source=HoursLedgerEntry.Source.LESSON
    )
    assert entry.page_id == lesson.pk
    assert entry.hours == Decimal("0.5")
    assert entry.year == 2025
    assert entry.earned_at == at(seconds=120)
    progress = LessonProgress.objects.get(cadre=cadre, lesson=lesson)
    assert progress.completed_at == at(seconds=120)


def test_ledger_year_is_the_local_year(cadre, course, enrolled):
    lesson = make_lesson(course, study_minutes=1, credit_hours=Decimal("1.0"))
    # 2025-12-31 16:00:30 UTC is already 2026-01-01 in Naiman.
    start = dt.datetime(2025, 12, 31, 15, 59, 30, tzinfo=dt.UTC)
    session = study_session_start(cadre=cadre, lesson=lesson, now=start)
    study_heartbeat(
        cadre=cadre,
        token=session.token,
        sequence=1,
        now=start + dt.timedelta(seconds=60),
    )
    entries = HoursLedgerEntry.objects.filter(cadre=cadre)
    assert {entry.year for entry in entries} == {2026}


# ---- Views -------------------------------------------------------------------


def start_url(lesson):
    return reverse("courses:study_start", args=[lesson.pk])


HEARTBEAT_URL = "/courses/study/heartbeat/"


def test_urls():
    assert reverse("courses:study_heartbeat") == HEARTBEAT_URL


def test_anonymous_gets_json_401(client, lesson):
    for url, data in [
        (start_url(lesson), {}),
        (HEARTBEAT_URL, {"token": "x", "sequence": 1}),
    ]:
        response = client.post(url, data)
        assert response.status_code == 401
        assert response["Content-Type"] == "application/json"
        assert "error" in response.json()


def test_non_cadre_gets_403(trainer, lesson):
    response = logged_in(trainer).post(start_url(lesson))
    assert response.status_code == 403
    assert "error" in response.json()


def test_not_enrolled_cadre_gets_403(cadre, lesson):
    response = logged_in(cadre.user).post(start_url(lesson))
    assert response.status_code == 403
    assert not StudySession.objects.exists()


def test_get_is_not_allowed(cadre, lesson, enrolled):
    assert logged_in(cadre.user).get(start_url(lesson)).status_code == 405


def test_csrf_is_enforced(cadre, lesson, enrolled):
    client = logged_in(cadre.user, enforce_csrf_checks=True)
    assert client.post(start_url(lesson)).status_code == 403
    assert not StudySession.objects.exists()
    page = client.get(lesson.url)
    assert page.status_code == 200
    csrf = page.context["csrf_token"]
    response = client.post(start_url(lesson), HTTP_X_CSRFTOKEN=str(csrf))
    assert response.status_code == 200
    assert StudySession.objects.filter(cadre=cadre).exists()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"token": "abc"},
        {"token": "abc", "sequence": "x"},
        {"token": "abc", "sequence": "0"},
        {"token": "abc", "sequence": "-3"},
        {"token": "a" * 40, "sequence": "1"},
        {"sequence": "1"},
    ],
)
def test_malformed_heartbeat_is_400(cadre, enrolled, data):
    response = logged_in(cadre.user).post(HEARTBEAT_URL, data)
    assert response.status_code == 400
    assert "error" in response.json()


def test_happy_path(cadre, lesson, enrolled):
    client = logged_in(cadre.user)
    response = client.post(start_url(lesson))
    assert response.status_code == 200
    body = response.json()
    assert body["heartbeat_seconds"] == 15
    assert body["seconds_studied"] == 0
    assert body["required_seconds"] == 120
    token = body["token"]
    # Pretend the previous beat was 15 s ago.
    StudySession.objects.filter(token=token).update(
        last_beat_at=StudySession.objects.get(token=token).last_beat_at
        - dt.timedelta(seconds=15)
    )
    response = client.post(HEARTBEAT_URL, {"token": token, "sequence": 1})
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == STUDY_ACCEPTED
    assert 15 <= body["seconds_studied"] <= 16
    assert body["completed"] is False
    # An immediate second beat is too frequent.
    response = client.post(HEARTBEAT_URL, {"token": token, "sequence": 2})
    assert response.json()["status"] == STUDY_IGNORED


def test_lesson_page_shows_progress_and_script_for_enrolled_cadre(
    cadre, lesson, enrolled
):
    response = logged_in(cadre.user).get(lesson.url)
    assert response.context["can_study"] is True
    html = response.content.decode()
    assert 'id="study-progress"' in html
    assert "courses/js/study.js" in html


def test_lesson_page_has_no_script_without_enrolment(cadre, trainer, lesson):
    for user in (cadre.user, trainer):
        response = logged_in(user).get(lesson.url)
        assert response.status_code == 200
        assert response.context["can_study"] is False
        assert "courses/js/study.js" not in response.content.decode()


def test_required_course_enrols_on_lesson_page(cadre, db):
    course = make_course(tracks()[0], requirement=Requirement.REQUIRED)
    lesson = make_lesson(course)
    response = logged_in(cadre.user).get(lesson.url)
    assert response.context["can_study"] is True
    assert Enrollment.objects.filter(cadre=cadre, course=course).exists()

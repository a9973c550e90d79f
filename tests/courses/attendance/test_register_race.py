"""Marking, check-in and closing at the same time (issue 13): each locks the
session row first, so what arrives after a closing sees the register closed
— a mark then needs a reason and moves the hours, a check-in gets a clear
answer, not a 500. The ordering tests run on any database; the threaded one
needs PostgreSQL (DATABASE_URL=postgres://…, as .ci/run does)."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from courses.attendance.checkin import checkin, checkin_code
from courses.attendance.services import mark_set, marks_all_present, session_close
from courses.models import AttendanceState, HoursLedgerEntry, TrainingSession

from ..factories import make_session


@pytest.fixture
def running(course, trainer):
    """A session that started an hour ago (check-in open)."""
    return make_session(
        course, trainer, starts_at=timezone.now() - dt.timedelta(hours=1)
    )


def stale(session):
    """The session as a request read it before another one closed it."""
    return TrainingSession.objects.get(pk=session.pk)


def mark_present(session, cadre, by, reason=""):
    return mark_set(
        session=session,
        cadre=cadre,
        state=AttendanceState.PRESENT,
        by=by,
        now=timezone.now(),
        reason=reason,
    )


def test_a_mark_made_as_another_trainer_closes_needs_a_reason_and_moves_hours(
    running, cadre, enrolled, trainer, other_trainer
):
    read_before = stale(running)
    session_close(session=running, by=other_trainer, now=timezone.now())
    with pytest.raises(ValidationError, match="修改考勤须填写原因"):
        mark_present(read_before, cadre, trainer)
    assert not HoursLedgerEntry.objects.filter(training_session=running).exists()
    mark_present(read_before, cadre, trainer, reason="迟到补登")
    assert HoursLedgerEntry.objects.filter(
        training_session=running, cadre=cadre
    ).exists()


def test_all_present_after_closing_is_refused(running, cadre, enrolled, trainer):
    read_before = stale(running)
    session_close(session=running, by=trainer, now=timezone.now())
    with pytest.raises(ValidationError, match="本场培训已结束考勤"):
        marks_all_present(session=read_before, by=trainer, now=timezone.now())


def test_a_check_in_arriving_after_closing_is_told_so(
    client, running, cadre, enrolled, trainer
):
    code = checkin_code(running)
    read_before = stale(running)
    session_close(session=running, by=trainer, now=timezone.now())
    with pytest.raises(ValidationError, match="本场培训已结束签到"):
        checkin(session=read_before, cadre=cadre, code=code, now=timezone.now())
    # Through the page: scanned before the closing, confirmed after it.
    running.marks.all().delete()
    TrainingSession.objects.filter(pk=running.pk).update(closed_at=None)
    client.force_login(cadre.user)
    url = reverse("courses:checkin", args=[running.pk])
    client.get(f"{url}?code={checkin_code(running)}")
    session_close(session=stale(running), by=trainer, now=timezone.now())
    response = client.post(url)
    assert response.status_code == 200
    assert "本场培训已结束签到" in response.content.decode()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL"
)
def test_on_postgresql_a_mark_waits_for_the_closing_then_needs_a_reason(
    course, cadre, trainer, other_trainer
):
    from courses.services import enrollment_choose

    enrollment_choose(cadre=cadre, course=course)
    session = make_session(
        course, trainer, starts_at=timezone.now() - dt.timedelta(hours=1)
    )
    read_before = stale(session)
    locked, release = threading.Event(), threading.Event()
    outcome = {}

    def closing():
        try:
            with transaction.atomic():
                row = TrainingSession.objects.select_for_update().get(pk=session.pk)
                locked.set()
                release.wait(5)
                session_close(session=row, by=other_trainer, now=timezone.now())
        finally:
            connection.close()

    def marking():
        try:
            mark_present(read_before, cadre, trainer)
            outcome["mark"] = "saved"
        except ValidationError as error:
            outcome["mark"] = error.code
        finally:
            connection.close()

    closer = threading.Thread(target=closing)
    closer.start()
    assert locked.wait(5)
    marker = threading.Thread(target=marking)
    marker.start()
    marker.join(0.5)
    assert marker.is_alive()  # waiting for the closing's lock
    release.set()
    closer.join(5)
    marker.join(5)
    assert outcome["mark"] == "reason_required"

"""Offline sessions: rotating signed check-in codes, the register, closing,
centralised hours and the attendance part of course completion."""

import time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from courses.attendance.checkin import checkin, checkin_code, checkout
from courses.attendance.services import mark_set, marks_all_present, session_close
from courses.models import (
    AttendanceMark,
    AttendanceState,
    Enrollment,
    HoursLedgerEntry,
    Requirement,
    TrainingSession,
)
from courses.services import enrollment_choose
from lms.models import Position
from tests.clock import session_at

from ..factories import make_course, make_session, tracks


@pytest.fixture
def course(db):
    return make_course(
        tracks()[0], requirement=Requirement.ELECTIVE, credit_hours=Decimal("6")
    )


@pytest.fixture
def session(course, trainer):
    return make_session(course, trainer)


# ---- Codes ---------------------------------------------------------------------


def test_a_fresh_code_checks_in_on_time(session, cadre, enrolled):
    mark, created = checkin(
        session=session, cadre=cadre, code=checkin_code(session), now=session_at(-5)
    )
    assert created
    assert (mark.state, mark.source) == (AttendanceState.PRESENT, "checkin")
    assert mark.checked_in_at == session_at(-5)


def test_an_expired_code_is_refused(session, cadre, enrolled, monkeypatch):
    code = checkin_code(session)
    later = time.time() + 31
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    with pytest.raises(ValidationError, match="二维码已过期"):
        checkin(session=session, cadre=cadre, code=code, now=session_at(0))
    assert not AttendanceMark.objects.exists()


def test_codes_rotate_and_each_is_valid_for_30_seconds(session, monkeypatch):
    now = time.time()
    monkeypatch.setattr("django.core.signing.time.time", lambda: now)
    first = checkin_code(session)
    monkeypatch.setattr("django.core.signing.time.time", lambda: now + 15)
    second = checkin_code(session)
    assert first != second


@pytest.mark.parametrize(
    "code", ["", "1:abc:def", "forged-code", "{pk}:1abcde:AAAAAAAAAAAAAAAAAAAAAAAAAAA"]
)
def test_a_forged_code_is_refused(session, cadre, enrolled, code):
    with pytest.raises(ValidationError, match="二维码无效"):
        checkin(
            session=session,
            cadre=cadre,
            code=code.format(pk=session.pk),
            now=session_at(0),
        )
    assert not AttendanceMark.objects.exists()


def test_another_sessions_code_is_refused(course, trainer, session, cadre, enrolled):
    other = make_session(course, trainer)
    with pytest.raises(ValidationError, match="二维码无效"):
        checkin(
            session=session, cadre=cadre, code=checkin_code(other), now=session_at(0)
        )


# ---- Check-in rules ------------------------------------------------------------


def test_a_second_scan_keeps_the_first_check_in(session, cadre, enrolled):
    first, _ = checkin(
        session=session, cadre=cadre, code=checkin_code(session), now=session_at(0)
    )
    again, created = checkin(
        session=session, cadre=cadre, code=checkin_code(session), now=session_at(20)
    )
    assert not created
    assert again.pk == first.pk
    assert again.checked_in_at == session_at(0)
    assert AttendanceMark.objects.count() == 1


def test_after_the_grace_the_mark_is_late(session, cadre, enrolled):
    mark, _ = checkin(
        session=session, cadre=cadre, code=checkin_code(session), now=session_at(11)
    )
    assert mark.state == AttendanceState.LATE


@pytest.mark.parametrize(
    ("minutes", "message"), [(-31, "签到尚未开始"), (181, "已结束")]
)
def test_outside_the_window_nothing_is_recorded(
    session, cadre, enrolled, minutes, message
):
    with pytest.raises(ValidationError, match=message):
        checkin(
            session=session,
            cadre=cadre,
            code=checkin_code(session),
            now=session_at(minutes),
        )
    assert not AttendanceMark.objects.exists()


def test_a_cadre_not_on_the_roster_is_refused(session, other_cadre):
    with pytest.raises(ValidationError, match="不在本场培训的应到学员名单"):
        checkin(
            session=session,
            cadre=other_cadre,
            code=checkin_code(session),
            now=session_at(0),
        )


def test_a_chosen_roster_by_position(course, trainer, cadre, other_cadre):
    other_cadre.position = Position.PARTY_SECRETARY
    other_cadre.save()
    session = make_session(
        course,
        trainer,
        roster=TrainingSession.Roster.CHOSEN,
        roster_positions=[Position.PARTY_SECRETARY],
    )
    code = checkin_code(session)
    checkin(session=session, cadre=other_cadre, code=code, now=session_at(0))
    if cadre.position != Position.PARTY_SECRETARY:
        with pytest.raises(ValidationError, match="应到学员名单"):
            checkin(session=session, cadre=cadre, code=code, now=session_at(0))


def test_checkout_after_checkin(session, cadre, enrolled):
    with pytest.raises(ValidationError, match="还没有签到"):
        checkout(session=session, cadre=cadre, now=session_at(0))
    checkin(session=session, cadre=cadre, code=checkin_code(session), now=session_at(0))
    assert checkout(
        session=session, cadre=cadre, now=session_at(170)
    ).checked_out_at == session_at(170)


# ---- The register and closing ------------------------------------------------------


def test_mark_all_present_then_exceptions_then_close(
    session, cadre, other_cadre, course, trainer
):
    enrollment_choose(cadre=cadre, course=course)
    other_cadre.village = cadre.village
    other_cadre.save()
    enrollment_choose(cadre=other_cadre, course=course)
    assert marks_all_present(session=session, by=trainer, now=session_at(5)) == 2
    mark_set(
        session=session,
        cadre=other_cadre,
        state=AttendanceState.EXCUSED,
        by=trainer,
        now=session_at(6),
        note="病假",
    )
    assert session_close(session=session, by=trainer, now=session_at(200)) == 0
    marks = dict(AttendanceMark.objects.values_list("cadre_id", "state"))
    assert marks == {cadre.pk: "present", other_cadre.pk: "excused"}
    entry = HoursLedgerEntry.objects.get(training_session=session)
    assert (entry.cadre_id, entry.hours, entry.kind) == (
        cadre.pk,
        Decimal("3"),
        "centralised",
    )


def test_closing_marks_the_unmarked_absent_once(session, cadre, enrolled, trainer):
    assert session_close(session=session, by=trainer, now=session_at(200)) == 1
    assert session_close(session=session, by=trainer, now=session_at(300)) == 0
    mark = AttendanceMark.objects.get()
    assert (mark.state, mark.source) == ("absent", "closing")
    assert not HoursLedgerEntry.objects.exists()
    with pytest.raises(ValidationError, match="已结束考勤"):
        checkin(
            session=session,
            cadre=cadre,
            code=checkin_code(session),
            now=session_at(100),
        )


def test_changes_after_closing_need_a_reason_and_keep_history(
    session, cadre, enrolled, trainer
):
    session_close(session=session, by=trainer, now=session_at(200))
    with pytest.raises(ValidationError, match="须填写原因"):
        mark_set(
            session=session,
            cadre=cadre,
            state="present",
            by=trainer,
            now=session_at(210),
        )
    mark_set(
        session=session,
        cadre=cadre,
        state=AttendanceState.PRESENT,
        by=trainer,
        now=session_at(210),
        reason="纸质签到表核对后补登",
    )
    latest, previous = AttendanceMark.objects.get().history.order_by("-history_date")[
        :2
    ]
    assert (previous.state, latest.state) == ("absent", "present")
    assert latest.history_user == trainer
    assert latest.history_change_reason == "纸质签到表核对后补登"
    assert HoursLedgerEntry.objects.filter(training_session=session).count() == 1
    # Back to absent: the hours go with it, and are never written twice.
    mark_set(
        session=session,
        cadre=cadre,
        state="absent",
        by=trainer,
        now=session_at(220),
        reason="误登",
    )
    assert not HoursLedgerEntry.objects.filter(training_session=session).exists()


# ---- Completion ----------------------------------------------------------------


def close_with(session, cadre, state, trainer):
    if state:
        mark_set(
            session=session, cadre=cadre, state=state, by=trainer, now=session_at(10)
        )
    session_close(session=session, by=trainer, now=session_at(200))


def completed(cadre, course):
    return Enrollment.objects.get(cadre=cadre, course=course).completed_at is not None


def test_attending_enough_sessions_completes_a_course(course, trainer, cadre, enrolled):
    course.attendance_share = 50
    course.save()
    first, second = make_session(course, trainer), make_session(course, trainer)
    close_with(first, cadre, "present", trainer)
    assert completed(cadre, course)  # 1 of 2 = 50 %
    assert second  # the second session need not be attended


def test_too_few_sessions_attended_is_not_complete(course, trainer, cadre, enrolled):
    first, _second = make_session(course, trainer), make_session(course, trainer)
    close_with(first, cadre, "late", trainer)
    assert not completed(cadre, course)  # 1 of 2 < 80 %


def test_excused_beyond_one_seventh_of_the_hours_is_not_complete(
    course, trainer, cadre, enrolled
):
    course.attendance_share = 50
    course.save()
    sessions = [make_session(course, trainer, hours="3") for _ in range(2)]
    close_with(sessions[0], cadre, "present", trainer)
    assert completed(cadre, course)  # 50 % attended, nothing excused
    Enrollment.objects.filter(cadre=cadre).update(completed_at=None)
    mark_set(
        session=sessions[1],
        cadre=cadre,
        state="excused",
        by=trainer,
        now=session_at(10),
    )
    close_with(sessions[1], cadre, None, trainer)
    assert not completed(cadre, course)  # excused 3 of 6 hours > 1/7

"""Kept records: course and year summaries follow every event, certificates
are issued on completion, and rebuild_records finds no difference after a
realistic mix of events — and finds and mends each kind of tampering."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.attendance.services import mark_set, session_close
from courses.models import (
    AttendanceState,
    Certificate,
    CourseRecord,
    Enrollment,
    HoursLedgerEntry,
    PartCompletion,
    Requirement,
    TrainingSession,
    YearRecord,
)
from courses.records.rebuild import records_rebuild
from courses.records.services import records_refresh
from courses.services import enrollment_choose, study_heartbeat, study_session_start
from exams.services import attempt_start, attempt_submit
from tests.clock import session_at
from tests.exams.factories import make_question, make_quiz

from ..factories import make_course, make_lesson, tracks


def study(cadre, lesson, minute):
    """Study a one-minute lesson to completion from minute."""
    session = study_session_start(cadre=cadre, lesson=lesson, now=session_at(minute))
    study_heartbeat(
        cadre=cadre, token=session.token, sequence=1, now=session_at(minute + 1)
    )


def take_quiz(cadre, quiz, question, minute, *, right):
    attempt = attempt_start(cadre=cadre, quiz=quiz, now=session_at(minute))
    answer = ["1"] if right else ["0"]  # option B is the key
    return attempt_submit(
        attempt=attempt, now=session_at(minute + 2), answers=[(question.pk, answer)]
    )


@pytest.fixture
def mix(db, cadre, other_cadre, trainer):
    """A required course (2 lessons, a quiz, a session; 6 hours) and an
    elective (1 lesson): the first cadre completes the required course after
    failing the quiz once; the other studies one lesson, fails the quiz and
    is excused from the session; the first also starts the elective."""
    course = make_course(
        tracks()[0],
        requirement=Requirement.REQUIRED,
        credit_hours=Decimal("6.0"),
        year=2026,
    )
    lessons = [
        make_lesson(course, study_minutes=1, credit_hours=Decimal("0.5"))
        for _ in range(2)
    ]
    question = make_question()
    quiz = make_quiz(
        course, questions=[question], pass_mark=60, credit_hours=Decimal("1.0")
    )
    elective = make_course(tracks()[2], requirement=Requirement.ELECTIVE, year=2026)
    elective_lessons = [
        make_lesson(elective, study_minutes=1, credit_hours=Decimal("1.0"))
        for _ in range(2)
    ]
    session = TrainingSession.objects.create(
        course=course,
        title="村务公开实务",
        place="东明镇党群服务中心",
        starts_at=session_at(600),
        ends_at=session_at(780),
        credit_hours=Decimal("3.0"),
        trainer=trainer,
    )
    for someone in (cadre, other_cadre):
        enrollment_choose(cadre=someone, course=course)
    enrollment_choose(cadre=cadre, course=elective)

    study(cadre, lessons[0], 0)
    study(cadre, lessons[1], 10)
    take_quiz(cadre, quiz, question, 20, right=False)
    take_quiz(cadre, quiz, question, 30, right=True)
    study(other_cadre, lessons[0], 40)
    take_quiz(other_cadre, quiz, question, 50, right=False)
    study(cadre, elective_lessons[0], 60)
    mark_set(
        session=session,
        cadre=cadre,
        state=AttendanceState.LATE,
        by=trainer,
        now=session_at(610),
    )
    mark_set(
        session=session,
        cadre=other_cadre,
        state=AttendanceState.EXCUSED,
        by=trainer,
        now=session_at(610),
        note="村里防汛值班",
    )
    session_close(session=session, by=trainer, now=session_at(800))
    return course, elective


def test_a_completed_course_is_summed_and_certified(mix, cadre):
    course, elective = mix
    record = CourseRecord.objects.get(cadre=cadre, course=course)
    assert record.status == "completed"
    assert record.required is True
    assert record.year == 2026
    assert record.parts_done == 3
    # lessons 0.5 + 0.5, quiz 1.0, remainder 6 - 2 - 3 = 1.0
    assert record.online_hours == Decimal("3.0")
    assert record.centralised_hours == Decimal("3.0")
    assert record.track.pk == tracks()[0].pk
    certificate = Certificate.objects.get(cadre=cadre, course=course)
    assert certificate.hours == Decimal("6.0")
    assert certificate.completed_at == session_at(800)  # the session's closing
    assert len(certificate.code) == 10

    studying = CourseRecord.objects.get(cadre=cadre, course=elective)
    assert (studying.status, studying.required) == ("studying", False)
    assert studying.online_hours == Decimal("1.0")
    year = YearRecord.objects.get(cadre=cadre, year=2026)
    assert year.online_hours == Decimal("4.0")
    assert year.centralised_hours == Decimal("3.0")
    assert (year.required_courses, year.required_completed) == (1, 1)
    assert year.courses_completed == 1


def test_a_cadre_midway_is_not_certified(mix, other_cadre):
    course, _elective = mix
    record = CourseRecord.objects.get(cadre=other_cadre, course=course)
    assert record.status == "studying"
    assert record.parts_done == 1
    assert record.centralised_hours == Decimal("0")
    assert not Certificate.objects.filter(cadre=other_cadre).exists()
    year = YearRecord.objects.get(cadre=other_cadre, year=2026)
    assert (year.required_courses, year.required_completed) == (1, 0)
    assert year.online_hours == Decimal("0.5")


def test_the_rebuild_finds_no_difference_after_the_mix(mix):
    report = records_rebuild()
    assert report.total == 0, dict(report.differences)
    assert report.checked["enrollments"] == 3
    assert report.checked["parts"] == 5


def test_a_mark_changed_after_closing_moves_the_records(mix, cadre, trainer):
    course, _elective = mix
    session = TrainingSession.objects.get(course=course)
    mark_set(
        session=session,
        cadre=cadre,
        state=AttendanceState.ABSENT,
        by=trainer,
        now=session_at(900),
        reason="核对签到表，实际缺席",
    )
    year = YearRecord.objects.get(cadre=cadre, year=2026)
    assert year.centralised_hours == Decimal("0")
    # the completion, once given, stays (and is not reported as a difference)
    assert CourseRecord.objects.get(cadre=cadre, course=course).completed_at
    report = records_rebuild()
    assert report.total == 0, dict(report.differences)
    assert report.kept_completions == 1


def tamper(cadre, course):
    """One of each kind of damage to the kept records."""
    HoursLedgerEntry.objects.filter(
        cadre=cadre, source=HoursLedgerEntry.Source.COURSE
    ).delete()
    PartCompletion.objects.filter(cadre=cadre).order_by("pk").first().delete()
    YearRecord.objects.filter(cadre=cadre).update(online_hours=Decimal("99"))
    Certificate.objects.filter(cadre=cadre).delete()


def test_the_rebuild_reports_tampering_and_mends_it(mix, cadre):
    course, _elective = mix
    before = YearRecord.objects.get(cadre=cadre, year=2026).online_hours
    tamper(cadre, course)
    report = records_rebuild()
    assert set(report.differences) >= {
        "ledger_missing",
        "part_missing",
        "year_record",
        "certificate_missing",
    }
    records_rebuild(fix=True)
    assert records_rebuild().total == 0
    assert YearRecord.objects.get(cadre=cadre, year=2026).online_hours == before
    assert Certificate.objects.filter(cadre=cadre, course=course).exists()


def test_a_missing_completion_is_found_and_written(mix, other_cadre, cadre):
    course, _elective = mix
    Enrollment.objects.filter(cadre=cadre, course=course).update(completed_at=None)
    report = records_rebuild()
    assert report.differences["completion_missing"] == [
        f"学员 {cadre.pk}，课程 {course.pk}"
    ]
    records_rebuild(fix=True)
    enrollment = Enrollment.objects.get(cadre=cadre, course=course)
    assert enrollment.completed_at == session_at(800)
    assert enrollment.history.count() >= 2  # the mend is in the history too


def test_the_command_reports_and_fixes(mix, cadre, capsys):
    course, _elective = mix
    call_command("rebuild_records")
    assert "无差异" in capsys.readouterr().out
    tamper(cadre, course)
    with pytest.raises(CommandError, match="差异"):
        call_command("rebuild_records")
    out = capsys.readouterr().out
    assert "缺少的学时记录：1" in out
    call_command("rebuild_records", "--fix")
    assert "已按原始记录更正" in capsys.readouterr().out
    call_command("rebuild_records", "--cadre", str(cadre.pk))
    assert "无差异" in capsys.readouterr().out


def test_refreshing_a_cadre_takes_the_same_queries_for_2_and_6_courses(db, cadre):
    def queries(count):
        for _ in range(count):
            course = make_course(tracks()[1], requirement=Requirement.ELECTIVE)
            make_lesson(course)
            enrollment_choose(cadre=cadre, course=course)
        CourseRecord.objects.filter(cadre=cadre).delete()
        with CaptureQueriesContext(connection) as context:
            records_refresh(cadre_ids=[cadre.pk])
        enrolled = Enrollment.objects.filter(cadre=cadre).count()
        assert CourseRecord.objects.filter(cadre=cadre).count() == enrolled
        return len(context)

    assert queries(2) == queries(4)  # 2, then 6 courses

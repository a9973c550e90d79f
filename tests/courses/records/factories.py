"""Records made by the real services, for the records' tests: a completed
course (lesson and quiz), a course being studied (one of two sessions
attended), a quiz taken, a session attended and closed."""

import datetime as dt
from decimal import Decimal

from courses.attendance.services import mark_set, session_close
from courses.models import Requirement
from courses.services import enrollment_choose
from exams.models import Grading
from exams.services import attempt_start, attempt_submit
from tests.clock import T0
from tests.exams.factories import make_question, make_quiz

from ..factories import make_course, make_lesson, make_session, study


def take_quiz(cadre, quiz, question, now, *, right=True):
    """One attempt at a one-question quiz (single choice, key B)."""
    attempt = attempt_start(cadre=cadre, quiz=quiz, now=now)
    answer = ["1"] if right else ["0"]
    return attempt_submit(
        attempt=attempt,
        now=now + dt.timedelta(minutes=2),
        answers=[(question.pk, answer)],
    )


def attend(session, cadre, trainer, state):
    mark_set(
        session=session,
        cadre=cadre,
        state=state,
        by=trainer,
        now=session.starts_at + dt.timedelta(minutes=5),
    )
    session_close(
        session=session, by=trainer, now=session.ends_at + dt.timedelta(minutes=1)
    )


def completed_course(cadre, track, *, title, year=2025, now=T0, quiz=True):
    """A required course of one lesson (and a quiz) the cadre completes: the
    quiz failed once, then passed (highest grade 100)."""
    course = make_course(
        track,
        title=title,
        year=year,
        requirement=Requirement.REQUIRED,
        credit_hours=Decimal("2.0"),
    )
    lesson = make_lesson(course, study_minutes=1, credit_hours=Decimal("0.5"))
    question = make_question()
    exam = None
    if quiz:
        exam = make_quiz(
            course,
            title=f"{title}测验",
            questions=[(question, Decimal("100"))],
            credit_hours=Decimal("0.5"),
            grading=Grading.HIGHEST,
        )
    enrollment_choose(cadre=cadre, course=course)
    study(cadre, lesson, now, complete=True)
    if exam:
        take_quiz(cadre, exam, question, now + dt.timedelta(minutes=5), right=False)
        take_quiz(cadre, exam, question, now + dt.timedelta(minutes=10))
    return course


def studying_course(cadre, track, trainer, *, title, year=2025, now=T0):
    """An elective with a lesson not studied, a quiz not taken and two
    sessions: the first attended, the second missed."""
    course = make_course(
        track, title=title, year=year, requirement=Requirement.ELECTIVE
    )
    make_lesson(course, study_minutes=1)
    make_quiz(course, title=f"{title}测验", questions=[make_question()])
    enrollment_choose(cadre=cadre, course=course)
    first, second = (
        make_session(
            course,
            trainer,
            starts_at=now + dt.timedelta(days=days),
            ends_at=now + dt.timedelta(days=days, hours=3),
        )
        for days in (1, 2)
    )
    attend(first, cadre, trainer, "present")
    attend(second, cadre, trainer, "absent")
    return course

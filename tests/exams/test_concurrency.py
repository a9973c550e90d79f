"""Ten submits of one attempt at the same moment give one graded attempt.

Real threads, each with its own database connection, so the database's own
locking (SQLite's IMMEDIATE transactions, PostgreSQL's row locks) decides.
"""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from courses.models import HoursLedgerEntry, Requirement
from courses.services import enrollment_choose
from exams.models import Attempt, QuestionKind
from exams.services import answer_save, attempt_submit
from tests.clock import quiz_at
from tests.courses.factories import make_course, tracks

from .factories import make_question, make_quiz

pytestmark = pytest.mark.django_db(transaction=True)


def test_ten_concurrent_submits_grade_once(cadre):
    course = make_course(tracks()[0], requirement=Requirement.ELECTIVE)
    question = make_question(QuestionKind.TRUE_FALSE)
    quiz = make_quiz(course, questions=[question], credit_hours=Decimal("1"))
    enrollment_choose(cadre=cadre, course=course)
    from exams.services import attempt_start

    attempt = attempt_start(cadre=cadre, quiz=quiz, now=quiz_at(0))
    answer_save(attempt=attempt, question_id=question.pk, raw=["对"], now=quiz_at(1))

    barrier = threading.Barrier(10)
    results, errors = [], []

    def submit(n):
        try:
            barrier.wait()
            graded = attempt_submit(attempt=attempt, now=quiz_at(2 + n))
            results.append(graded.submitted_at)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(set(results)) == 1  # every caller sees the same submission
    attempt.refresh_from_db()
    assert attempt.score == Decimal("100.0")
    assert attempt.history.exclude(submitted_at=None).count() == 1
    assert HoursLedgerEntry.objects.filter(cadre=cadre, page=quiz).count() == 1
    assert Attempt.objects.filter(quiz=quiz).count() == 1


def test_racing_submits_with_different_answers_keep_the_graded_ones(cadre):
    """Two tabs submit different answers at once: the answers stored are the
    ones graded, none written after grading."""
    from exams.services import attempt_start, response_is_correct

    course = make_course(tracks()[0], requirement=Requirement.ELECTIVE)
    questions = [make_question(QuestionKind.TRUE_FALSE) for _ in range(5)]
    quiz = make_quiz(course, questions=questions)
    enrollment_choose(cadre=cadre, course=course)
    attempt = attempt_start(cadre=cadre, quiz=quiz, now=quiz_at(0))
    barrier = threading.Barrier(8)
    errors = []

    def submit(n):
        value = ["对"] if n % 2 == 0 else ["错"]
        try:
            barrier.wait()
            attempt_submit(
                attempt=attempt,
                now=quiz_at(2),
                answers=[(q.pk, value) for q in questions],
            )
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    attempt.refresh_from_db()
    answers = list(attempt.answers.select_related("question"))
    assert len(answers) == 5
    assert all(a.saved_at <= attempt.submitted_at for a in answers)
    for answer in answers:
        assert answer.correct == response_is_correct(answer.question, answer.response)
    right = sum(a.correct for a in answers)
    assert attempt.score == Decimal(right * 20)

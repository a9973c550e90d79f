"""Taking a quiz: attempts, saved answers, deadlines, grading and regrading."""

import datetime as dt
import random
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from courses.models import Enrollment, HoursLedgerEntry, PartCompletion, Requirement
from exams.models import Attempt, Grading, QuestionKind
from exams.regrading import question_regrade
from exams.selectors import quiz_grade
from exams.services import answer_save, attempt_start, attempt_submit
from tests.clock import QUIZ_START, quiz_at
from tests.courses.factories import make_course, tracks

from .factories import category, make_question, make_quiz


@pytest.fixture
def course(db):
    return make_course(
        tracks()[2], requirement=Requirement.ELECTIVE, credit_hours=Decimal("2")
    )


@pytest.fixture
def questions(db):
    return {
        "single": make_question(QuestionKind.SINGLE),
        "multiple": make_question(QuestionKind.MULTIPLE),
        "true_false": make_question(QuestionKind.TRUE_FALSE),
        "blank": make_question(QuestionKind.FILL_BLANK),
    }


@pytest.fixture
def quiz(course, questions):
    return make_quiz(
        course,
        questions=list(questions.values()),
        time_limit_minutes=20,
        max_attempts=2,
        pass_mark=60,
        credit_hours=Decimal("0.5"),
    )


def answer_all(attempt, questions, *, right=True, when=1):
    responses = {
        "single": ["1"] if right else ["0"],
        "multiple": ["0", "2"] if right else ["0"],
        "true_false": ["对"] if right else ["错"],
        "blank": ["村民会议"] if right else ["党员大会"],
    }
    for name, question in questions.items():
        answer_save(
            attempt=attempt,
            question_id=question.pk,
            raw=responses[name],
            now=quiz_at(when),
        )


# ---- Starting -----------------------------------------------------------------


def test_start_fixes_questions_and_a_server_deadline(cadre, quiz, enrolled, questions):
    attempt = attempt_start(cadre=cadre, quiz=quiz, now=quiz_at(0))
    assert [q["id"] for q in attempt.questions] == [q.pk for q in questions.values()]
    assert attempt.deadline == quiz_at(20)
    assert attempt.number == 1
    again = attempt_start(cadre=cadre, quiz=quiz, now=quiz_at(5))
    assert again.pk == attempt.pk  # coming back resumes the same attempt


def test_random_questions_per_category_and_shuffled_options(cadre, course, enrolled):
    policy = category("民族团结政策")
    pool = [make_question(category=policy) for _ in range(6)]
    quiz = make_quiz(course, rules=[(policy, 3, Decimal("10"))], shuffle_options=True)
    attempt = attempt_start(
        cadre=cadre, quiz=quiz, now=quiz_at(0), rng=random.Random(7)
    )
    ids = [q["id"] for q in attempt.questions]
    assert len(set(ids)) == 3
    assert set(ids) <= {q.pk for q in pool}
    assert all(sorted(q["options"]) == [0, 1, 2, 3] for q in attempt.questions)
    assert all(q["points"] == "10.0" for q in attempt.questions)


def test_too_small_a_bank_is_refused_clearly(cadre, course, enrolled):
    policy = category("基层治理")
    make_question(category=policy)
    quiz = make_quiz(course, rules=[(policy, 5, Decimal("5"))])
    with pytest.raises(ValidationError, match="不够抽 5 道"):
        attempt_start(cadre=cadre, quiz=quiz, now=quiz_at(0))
    assert not Attempt.objects.exists()


def test_only_enrolled_cadres_may_start(cadre, quiz):
    with pytest.raises(ValidationError, match="尚未报名"):
        attempt_start(cadre=cadre, quiz=quiz, now=quiz_at(0))


def test_open_and_close_times(cadre, quiz, enrolled):
    quiz.opens_at, quiz.closes_at = quiz_at(60), quiz_at(120)
    quiz.save()
    with pytest.raises(ValidationError, match="尚未开放"):
        attempt_start(cadre=cadre, quiz=quiz, now=quiz_at(0))
    with pytest.raises(ValidationError, match="已于"):
        attempt_start(cadre=cadre, quiz=quiz, now=quiz_at(120))
    attempt = attempt_start(cadre=cadre, quiz=quiz, now=quiz_at(110))
    assert attempt.deadline == quiz_at(120)  # the close time cuts the time limit


def test_attempts_beyond_the_maximum_are_refused(cadre, quiz, enrolled):
    for n in range(2):
        attempt_submit(
            attempt=attempt_start(cadre=cadre, quiz=quiz, now=quiz_at(30 * n)),
            now=quiz_at(30 * n + 1),
        )
    with pytest.raises(ValidationError, match="最多作答 2 次"):
        attempt_start(cadre=cadre, quiz=quiz, now=quiz_at(90))
    assert Attempt.objects.count() == 2


# ---- Answers ------------------------------------------------------------------


def test_answers_are_saved_and_replaced(cadre, quiz, enrolled, questions):
    attempt = attempt_start(cadre=cadre, quiz=quiz, now=quiz_at(0))
    single = questions["single"].pk
    answer_save(attempt=attempt, question_id=single, raw=["0"], now=quiz_at(1))
    answer_save(attempt=attempt, question_id=single, raw=["1"], now=quiz_at(2))
    assert list(attempt.answers.values_list("response", flat=True)) == [[1]]


@pytest.mark.parametrize(
    ("name", "raw", "message"),
    [
        ("single", ["9"], "选项不存在"),
        ("single", ["0", "1"], "只能选一个"),
        ("single", ["x"], "选项不存在"),
        ("true_false", ["也许"], "只能答"),
        ("blank", ["字" * 201], "答案太长"),
    ],
)
def test_bad_answers_are_refused(cadre, quiz, enrolled, questions, name, raw, message):
    attempt = attempt_start(cadre=cadre, quiz=quiz, now=quiz_at(0))
    with pytest.raises(ValidationError, match=message):
        answer_save(
            attempt=attempt, question_id=questions[name].pk, raw=raw, now=quiz_at(1)
        )
    assert not attempt.answers.exists()


def test_a_question_not_in_the_attempt_is_refused(cadre, quiz, enrolled):
    attempt = attempt_start(cadre=cadre, quiz=quiz, now=quiz_at(0))
    other = make_question()
    with pytest.raises(ValidationError, match="没有这道题"):
        answer_save(attempt=attempt, question_id=other.pk, raw=["1"], now=quiz_at(1))


def test_late_answers_are_refused_and_the_attempt_closes(
    cadre, quiz, enrolled, questions
):
    attempt = attempt_start(cadre=cadre, quiz=quiz, now=quiz_at(0))
    answer_all(attempt, {"single": questions["single"]}, when=5)
    with pytest.raises(ValidationError, match="答题时间已到"):
        answer_save(
            attempt=attempt,
            question_id=questions["blank"].pk,
            raw=["村民会议"],
            now=quiz_at(21),
        )
    attempt.refresh_from_db()
    assert attempt.submitted_at == quiz_at(20)  # graded at its deadline
    assert attempt.score == Decimal("25.0")  # the one saved answer of four


def test_an_answer_within_the_grace_is_kept(cadre, quiz, enrolled, questions):
    attempt = attempt_start(cadre=cadre, quiz=quiz, now=quiz_at(0))
    answer_save(
        attempt=attempt,
        question_id=questions["single"].pk,
        raw=["1"],
        now=quiz_at(20) + dt.timedelta(seconds=10),
    )
    assert attempt.answers.count() == 1


# ---- Submitting and grading ---------------------------------------------------


def test_grading_each_kind(cadre, quiz, enrolled, questions):
    attempt = attempt_start(cadre=cadre, quiz=quiz, now=quiz_at(0))
    answer_all(attempt, questions)
    graded = attempt_submit(attempt=attempt, now=quiz_at(3))
    assert (graded.score, graded.passed) == (Decimal("100.0"), True)
    assert set(graded.answers.values_list("correct", flat=True)) == {True}


def test_blanks_accept_full_width_and_spaces(cadre, quiz, enrolled, questions):
    attempt = attempt_start(cadre=cadre, quiz=quiz, now=quiz_at(0))
    answer_save(
        attempt=attempt,
        question_id=questions["blank"].pk,
        raw=[" 村民 会议 "],
        now=quiz_at(1),
    )
    assert attempt_submit(attempt=attempt, now=quiz_at(2)).score == Decimal("25.0")


def test_multiple_choice_needs_every_key_and_nothing_else(
    cadre, quiz, enrolled, questions
):
    attempt = attempt_start(cadre=cadre, quiz=quiz, now=quiz_at(0))
    answer_save(
        attempt=attempt,
        question_id=questions["multiple"].pk,
        raw=["0", "1", "2"],
        now=quiz_at(1),
    )
    graded = attempt_submit(attempt=attempt, now=quiz_at(2))
    assert graded.score == Decimal("0.0")
    assert graded.passed is False


def test_submitting_twice_grades_once(cadre, quiz, enrolled, questions):
    attempt = attempt_start(cadre=cadre, quiz=quiz, now=quiz_at(0))
    answer_all(attempt, questions)
    first = attempt_submit(attempt=attempt, now=quiz_at(3))
    second = attempt_submit(attempt=attempt, now=quiz_at(4))
    assert second.submitted_at == first.submitted_at == quiz_at(3)
    assert attempt.history.exclude(submitted_at=None).count() == 1
    with pytest.raises(ValidationError, match="已交卷"):
        answer_save(
            attempt=second,
            question_id=questions["single"].pk,
            raw=["0"],
            now=quiz_at(5),
        )


def test_passing_completes_the_quiz_part_with_its_hours(
    cadre, course, quiz, enrolled, questions
):
    attempt = attempt_start(cadre=cadre, quiz=quiz, now=quiz_at(0))
    answer_all(attempt, questions)
    attempt_submit(attempt=attempt, now=quiz_at(3))
    assert PartCompletion.objects.filter(cadre=cadre, page=quiz).exists()
    entry = HoursLedgerEntry.objects.get(cadre=cadre, page=quiz)
    assert (entry.source, entry.hours) == ("quiz", Decimal("0.5"))
    enrollment = Enrollment.objects.get(cadre=cadre, course=course)
    assert enrollment.completed_at is not None  # the quiz is the course's one part
    course_entry = HoursLedgerEntry.objects.get(cadre=cadre, page=course)
    assert course_entry.hours == Decimal("1.5")  # 2 学时 less the quiz's 0.5


def test_failing_completes_nothing(cadre, quiz, enrolled, questions):
    attempt = attempt_start(cadre=cadre, quiz=quiz, now=quiz_at(0))
    answer_all(attempt, questions, right=False)
    assert attempt_submit(attempt=attempt, now=quiz_at(3)).passed is False
    assert not PartCompletion.objects.filter(cadre=cadre).exists()
    assert not HoursLedgerEntry.objects.filter(cadre=cadre).exists()


@pytest.mark.parametrize(
    ("grading", "expected"), [(Grading.HIGHEST, "100.0"), (Grading.LAST, "0.0")]
)
def test_highest_or_last_attempt(cadre, quiz, enrolled, questions, grading, expected):
    quiz.grading = grading
    quiz.save()
    first = attempt_start(cadre=cadre, quiz=quiz, now=quiz_at(0))
    answer_all(first, questions)
    attempt_submit(attempt=first, now=quiz_at(3))
    second = attempt_start(cadre=cadre, quiz=quiz, now=quiz_at(10))
    answer_all(second, questions, right=False, when=11)
    attempt_submit(attempt=second, now=quiz_at(12))
    assert quiz_grade(quiz=quiz, cadre=cadre) == Decimal(expected)


def test_overdue_attempts_are_closed_by_the_command(cadre, quiz, enrolled, questions):
    attempt = attempt_start(cadre=cadre, quiz=quiz, now=QUIZ_START)
    answer_all(attempt, questions, when=1)
    Attempt.objects.filter(pk=attempt.pk).update(
        started_at=QUIZ_START - dt.timedelta(days=1),
        deadline=QUIZ_START - dt.timedelta(hours=20),
    )
    call_command("close_overdue_attempts", verbosity=0)
    attempt.refresh_from_db()
    assert attempt.submitted_at == QUIZ_START - dt.timedelta(hours=20)
    assert attempt.score == Decimal("100.0")


# ---- Regrading ----------------------------------------------------------------


def test_fixing_a_key_regrades_with_history(
    cadre, quiz, enrolled, questions, administrator
):
    attempt = attempt_start(cadre=cadre, quiz=quiz, now=quiz_at(0))
    answer_all(attempt, questions, right=False)  # single: picked option 0 ("A")
    graded = attempt_submit(attempt=attempt, now=quiz_at(3))
    assert graded.score == Decimal("0.0")
    single = questions["single"]
    single.answer = ["A"]  # the key was wrong: A is right
    single.save()
    changed = question_regrade(question=single, by=administrator, reason="原答案有误")
    assert [a.pk for a in changed] == [attempt.pk]
    attempt.refresh_from_db()
    assert attempt.score == Decimal("25.0")
    latest, previous = attempt.history.order_by("-history_date")[:2]
    assert (previous.score, latest.score) == (Decimal("0.0"), Decimal("25.0"))
    assert latest.history_user == administrator
    assert "重新评分" in latest.history_change_reason
    assert (
        question_regrade(question=single, by=administrator, reason="原答案有误") == []
    )

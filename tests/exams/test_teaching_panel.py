"""测验易错题 on a trainer's admin home page: per course they teach, the quiz
questions most often answered wrong (a question left unanswered is wrong),
with the share wrong as 测验成绩 counts it; and the grades a course's 学习进度
reads through the scores hook, in one query."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.models import Requirement
from courses.services import enrollment_choose
from exams.models import Grading
from exams.selectors import (
    most_missed_questions,
    question_stats,
    quiz_attempts_visible_to,
    quiz_grades_of_cadres,
)
from exams.services import attempt_start, attempt_submit
from lms.demo import make_cadre
from tests.clock import quiz_at
from tests.courses.factories import make_course, tracks

from .factories import make_question, make_quiz

HOME = reverse("wagtailadmin_home")
RIGHT, WRONG = ["1"], ["0"]  # the factory's single-choice key is B


def take(cadre, quiz, answers, minute=0):
    """One submitted attempt with answers {question: RIGHT | WRONG}; a
    question left out is unanswered."""
    enrollment_choose(cadre=cadre, course=quiz.get_parent().specific)
    attempt = attempt_start(cadre=cadre, quiz=quiz, now=quiz_at(minute))
    return attempt_submit(
        attempt=attempt,
        now=quiz_at(minute + 3),
        answers=[(question.pk, raw) for question, raw in answers.items()],
    )


@pytest.fixture
def world(trainer, other_trainer, village, cadre, other_cadre):
    """The trainer's course with a quiz of three questions taken by three
    cadres: 四议两公开 wrong twice (once unanswered), 三务公开 wrong once,
    村规民约 always right. Another trainer's quiz, all wrong."""
    track = tracks()[0]
    course = make_course(
        track,
        title="村级财务管理",
        trainers=[trainer],
        requirement=Requirement.ELECTIVE,
    )
    hard = make_question(stem="四议两公开的第一步是什么？")
    medium = make_question(stem="三务公开指哪三务？")
    easy = make_question(stem="村规民约由谁制定？")
    quiz = make_quiz(course, title="财务测验", questions=[hard, medium, easy])
    third = make_cadre(village=village, name="巴特尔", serial=3)
    take(cadre, quiz, {hard: WRONG, medium: WRONG, easy: RIGHT})
    take(other_cadre, quiz, {medium: RIGHT, easy: RIGHT})  # hard unanswered
    take(third, quiz, {hard: RIGHT, medium: RIGHT, easy: RIGHT})

    theirs = make_course(
        track, title="别人的课程", trainers=[other_trainer], requirement="elective"
    )
    secret = make_question(stem="别人的难题")
    their_quiz = make_quiz(theirs, title="别人的测验", questions=[secret])
    take(cadre, their_quiz, {secret: WRONG}, minute=30)
    return {"quiz": quiz, "hard": hard, "medium": medium, "easy": easy}


def test_the_trainer_sees_the_questions_most_often_wrong(client, trainer, world):
    client.force_login(trainer)
    html = client.get(HOME).content.decode()
    assert "测验易错题" in html
    panel = html[html.index("测验易错题") :]
    hard, medium = panel.index("四议两公开的第一步"), panel.index("三务公开指哪三务")
    assert hard < medium  # the most missed first
    assert "错 67%" in panel and "错 33%" in panel
    assert "3 人次作答，2 人次答错" in panel
    assert "村规民约由谁制定" not in panel  # never wrong
    assert "别人的难题" not in panel
    assert reverse("exam_results:quiz", args=[world["quiz"].pk]) in panel


def test_the_share_wrong_agrees_with_the_quiz_results(trainer, world):
    [course] = most_missed_questions(trainer)
    assert course.course_title == "村级财务管理"
    wrong = {item.question.pk: item.percent_wrong for item in course.questions}
    stats = question_stats(quiz_attempts_visible_to(trainer, world["quiz"]))
    for stat in stats:
        if stat.question.pk in wrong:
            assert wrong[stat.question.pk] == 100 - stat.percent


def test_not_shown_to_supervisors(client, banner_supervisor, world):
    client.force_login(banner_supervisor)
    assert "测验易错题" not in client.get(HOME).content.decode()


def test_a_few_per_course(trainer, world, village):
    track = tracks()[1]
    course = make_course(
        track, title="五题课程", trainers=[trainer], requirement="elective"
    )
    questions = [make_question(stem=f"第{n}道难题") for n in range(5)]
    quiz = make_quiz(course, questions=questions)
    person = make_cadre(village=village, name="其木格", serial=9)
    take(person, quiz, dict.fromkeys(questions, WRONG), minute=60)
    by_title = {c.course_title: c for c in most_missed_questions(trainer)}
    assert len(by_title["五题课程"].questions) == 3


def _course_with_quiz(trainer, village, n):
    course = make_course(
        tracks()[2], title=f"课程{n}", trainers=[trainer], requirement="elective"
    )
    question = make_question(stem=f"课程{n}的题")
    quiz = make_quiz(course, questions=[question])
    person = make_cadre(village=village, name=f"学员{n}", serial=200 + n)
    take(person, quiz, {question: WRONG}, minute=100 + n)


def test_queries_do_not_grow_with_the_courses(trainer, world, village):
    with CaptureQueriesContext(connection) as one:
        assert len(most_missed_questions(trainer)) == 1
    for n in range(3):
        _course_with_quiz(trainer, village, n)
    trainer = type(trainer).objects.get(pk=trainer.pk)  # fresh course paths
    with CaptureQueriesContext(connection) as four:
        assert len(most_missed_questions(trainer)) == 4
    assert len(one) == len(four) == 6  # course paths, quizzes, courses, 3 reads


@pytest.mark.parametrize(
    ("grading", "expected"), [(Grading.HIGHEST, "100.0"), (Grading.LAST, "0.0")]
)
def test_grades_for_the_progress_page_in_one_query(
    world, cadre, other_cadre, grading, expected
):
    course = make_course(tracks()[0], requirement="elective")
    question = make_question()
    quiz = make_quiz(course, questions=[(question, Decimal("100"))], grading=grading)
    take(cadre, quiz, {question: RIGHT}, minute=200)
    take(cadre, quiz, {question: WRONG}, minute=210)
    with CaptureQueriesContext(connection) as ctx:
        grades = quiz_grades_of_cadres(
            cadre_ids=[cadre.pk, other_cadre.pk], quiz_ids=[quiz.pk, world["quiz"].pk]
        )
    assert len(ctx) == 1
    assert grades[(cadre.pk, quiz.pk)] == Decimal(expected)
    assert (other_cadre.pk, quiz.pk) not in grades  # never taken
    assert grades[(other_cadre.pk, world["quiz"].pk)] == Decimal("66.7")

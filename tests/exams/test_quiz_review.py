"""When a cadre sees the key: by default only once they cannot try again (all
attempts used) or the quiz has closed, so a blank first attempt reveals nothing."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from courses.models import Requirement
from courses.services import enrollment_choose
from exams.models import Attempt, QuestionKind, QuizPage, ShowAnswers
from tests.courses.factories import make_course, tracks
from tests.logins import logged_in

from .factories import make_question, make_quiz

EXPLANATION = "依据《村民委员会组织法》，重大事项须经村民会议或村民代表会议讨论决定。"
HELD_BACK = "用完全部作答次数或测验截止后可以查看答案和解析。"


@pytest.fixture
def course(db, township):
    return make_course(
        tracks()[0], requirement=Requirement.ELECTIVE, audience_townships=[township]
    )


@pytest.fixture
def quiz(course):
    questions = [
        make_question(QuestionKind.SINGLE, explanation=EXPLANATION),
        make_question(QuestionKind.TRUE_FALSE),
    ]
    return make_quiz(course, questions=questions, max_attempts=2)


@pytest.fixture
def client_in(cadre, course):
    enrollment_choose(cadre=cadre, course=course)
    return logged_in(cadre.user)


def blank_attempt(client, quiz):
    """Start and hand in an attempt with no answer; the result page's HTML."""
    client.post(reverse("exams:quiz_start", args=[quiz.pk]))
    attempt = Attempt.objects.get(quiz=quiz, submitted_at=None)
    result = client.post(reverse("exams:submit", args=[attempt.pk]), follow=True)
    return result.content.decode()


def test_new_quizzes_hold_the_key_back_until_the_last_attempt(course):
    assert make_quiz(course).show_answers == ShowAnswers.AFTER_LAST


def test_a_blank_attempt_with_attempts_left_shows_no_key(client_in, quiz):
    html = blank_attempt(client_in, quiz)
    assert "不及格" in html
    assert "正确答案" not in html
    assert EXPLANATION not in html
    assert HELD_BACK in html


def test_the_last_attempt_shows_the_key(client_in, quiz):
    blank_attempt(client_in, quiz)
    html = blank_attempt(client_in, quiz)
    assert "正确答案" in html
    assert EXPLANATION in html
    first = Attempt.objects.get(quiz=quiz, number=1)
    earlier = client_in.get(reverse("exams:result", args=[first.pk]))
    assert "正确答案" in earlier.content.decode()


def test_the_key_shows_once_the_quiz_has_closed(client_in, quiz):
    quiz.closes_at = timezone.now() + dt.timedelta(hours=1)
    quiz.save()
    blank_attempt(client_in, quiz)
    attempt = Attempt.objects.get(quiz=quiz)
    QuizPage.objects.filter(pk=quiz.pk).update(
        closes_at=timezone.now() - dt.timedelta(minutes=1)
    )
    html = client_in.get(reverse("exams:result", args=[attempt.pk])).content.decode()
    assert "正确答案" in html and EXPLANATION in html


def test_quizzes_on_the_old_default_move_to_the_new_one(course):
    quiz = make_quiz(course, show_answers=ShowAnswers.AFTER_ATTEMPT)
    quiz.save_revision()
    chosen = make_quiz(course, show_answers=ShowAnswers.NEVER)
    migration = importlib.import_module(
        "exams.migrations.0002_review_after_last_attempt"
    )
    migration.to_after_last(apps, None)
    quiz.refresh_from_db()
    assert quiz.show_answers == ShowAnswers.AFTER_LAST
    draft = quiz.get_latest_revision_as_object()
    assert draft.show_answers == ShowAnswers.AFTER_LAST
    chosen.refresh_from_db()
    assert chosen.show_answers == ShowAnswers.NEVER


def test_the_quiz_form_says_what_showing_after_each_attempt_allows(
    administrator, course
):
    quiz = make_quiz(course)
    html = (
        logged_in(administrator)
        .get(reverse("wagtailadmin_pages:edit", args=[quiz.pk]))
        .content.decode()
    )
    assert "每次交卷后（学员可先交白卷看答案）" in html
    assert "可以先交一份空白答卷看答案，再用下一次作答及格" in html

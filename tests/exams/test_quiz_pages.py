"""The quiz as a cadre sees it: the quiz page, the attempt, saving, the result."""

import datetime as dt
from decimal import Decimal
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses import page_context
from courses.models import Enrollment, Requirement
from courses.services import enrollment_choose
from exams.models import Attempt, QuestionKind, ShowAnswers
from tests.courses.factories import make_course, tracks
from tests.logins import logged_in

from .factories import make_question, make_quiz

EXPLANATION = "依据《村民委员会组织法》，重大事项须经村民会议或村民代表会议讨论决定。"


@pytest.fixture
def course(db, township):
    return make_course(
        tracks()[0],
        requirement=Requirement.ELECTIVE,
        audience_townships=[township],
    )


@pytest.fixture
def questions(db):
    return [
        make_question(QuestionKind.SINGLE, explanation=EXPLANATION),
        make_question(QuestionKind.TRUE_FALSE),
        make_question(QuestionKind.FILL_BLANK, stem="村级重大事项由____讨论决定。"),
    ]


@pytest.fixture
def quiz(course, questions):
    return make_quiz(course, questions=questions, shuffle_options=True)


@pytest.fixture
def client_in(cadre, course):
    enrollment_choose(cadre=cadre, course=course)
    return logged_in(cadre.user)


def start(client, quiz):
    response = client.post(reverse("exams:quiz_start", args=[quiz.pk]))
    assert response.status_code == 302
    return Attempt.objects.get(quiz=quiz, submitted_at=None)


def test_the_quiz_page_offers_to_start(client_in, quiz):
    html = client_in.get(quiz.url).content.decode()
    assert "开始答题" in html
    assert "3 道" in html


def test_a_cadre_not_enrolled_is_told_to_enrol(cadre, quiz):
    html = logged_in(cadre.user).get(quiz.url).content.decode()
    assert "报名本课程后即可参加测验" in html
    assert "开始答题" not in html


def test_outside_the_audience_is_403_and_cannot_start(other_cadre, quiz):
    client = logged_in(other_cadre.user)
    assert client.get(quiz.url).status_code == 403
    assert client.post(reverse("exams:quiz_start", args=[quiz.pk])).status_code == 403
    assert not Attempt.objects.exists()


def test_logged_out_visitors_are_asked_to_log_in(client, quiz):
    html = client.get(quiz.url).content.decode()
    assert "请先登录" in html


def test_the_attempt_page_has_no_answer_keys(client_in, quiz, questions):
    attempt = start(client_in, quiz)
    response = client_in.get(reverse("exams:attempt", args=[attempt.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert all(q.stem in html for q in questions)
    assert EXPLANATION not in html
    assert "村民代表会议" not in html  # the blank's accepted answers
    for word in ("correct", "answer-key", "is-right", "正确答案"):
        assert word not in html


def test_answers_are_saved_as_the_cadre_goes(client_in, quiz, questions):
    attempt = start(client_in, quiz)
    url = reverse("exams:answer", args=[attempt.pk])
    saved = client_in.post(url, {"question": questions[1].pk, "value": "对"})
    assert saved.status_code == 200
    assert saved.json()["saved"] is True
    bad = client_in.post(url, {"question": questions[1].pk, "value": "也许"})
    assert bad.status_code == 400
    assert "只能答" in bad.json()["error"]
    assert attempt.answers.get().response == ["对"]
    # Coming back later shows the saved answer.
    html = client_in.get(reverse("exams:attempt", args=[attempt.pk])).content.decode()
    assert 'value="对" checked' in html


def test_another_cadres_attempt_is_not_found(client_in, quiz, other_cadre, questions):
    attempt = start(client_in, quiz)
    other = logged_in(other_cadre.user)
    assert other.get(reverse("exams:attempt", args=[attempt.pk])).status_code == 404
    answer = other.post(
        reverse("exams:answer", args=[attempt.pk]),
        {"question": questions[1].pk, "value": "对"},
    )
    assert answer.status_code == 404
    assert not attempt.answers.exists()


def test_logged_out_answers_get_a_json_401(client_in, client, quiz, questions):
    attempt = start(client_in, quiz)
    response = client.post(
        reverse("exams:answer", args=[attempt.pk]),
        {"question": questions[1].pk, "value": "对"},
    )
    assert response.status_code == 401
    assert "登录" in response.json()["error"]


def test_submitting_the_form_grades_once_and_shows_the_review(
    client_in, quiz, questions
):
    quiz.show_answers = ShowAnswers.AFTER_ATTEMPT
    quiz.save()
    attempt = start(client_in, quiz)
    single = questions[0]
    form = {
        f"q{single.pk}": str(single.options.index("乙")),
        f"q{questions[1].pk}": "对",
        f"q{questions[2].pk}": "村民会议",
    }
    url = reverse("exams:submit", args=[attempt.pk])
    first = client_in.post(url, form)
    again = client_in.post(url, {f"q{questions[1].pk}": "错"})
    assert first["Location"] == again["Location"]
    attempt.refresh_from_db()
    assert (attempt.score, attempt.passed) == (Decimal("100.0"), True)
    assert attempt.answers.get(question=questions[1]).response == ["对"]
    html = client_in.get(first["Location"]).content.decode()
    assert "100" in html and "及格 ✓" in html
    assert EXPLANATION in html
    assert "正确答案" in html


@pytest.mark.parametrize("show", [ShowAnswers.NEVER, ShowAnswers.AFTER_CLOSE])
def test_the_review_is_held_back_when_the_quiz_says_so(client_in, quiz, show):
    quiz.show_answers = show
    quiz.closes_at = timezone.now() + dt.timedelta(days=3)
    quiz.save()
    attempt = start(client_in, quiz)
    client_in.post(reverse("exams:submit", args=[attempt.pk]))
    html = client_in.get(reverse("exams:result", args=[attempt.pk])).content.decode()
    assert "不及格" in html
    assert EXPLANATION not in html
    assert "正确答案" not in html


def test_an_attempt_past_its_deadline_opens_as_its_result(client_in, quiz, questions):
    attempt = start(client_in, quiz)
    client_in.post(
        reverse("exams:answer", args=[attempt.pk]),
        {"question": questions[1].pk, "value": "对"},
    )
    Attempt.objects.filter(pk=attempt.pk).update(
        started_at=timezone.now() - dt.timedelta(hours=2),
        deadline=timezone.now() - dt.timedelta(hours=1),
    )
    response = client_in.get(reverse("exams:attempt", args=[attempt.pk]))
    assert response["Location"] == reverse("exams:result", args=[attempt.pk])
    attempt.refresh_from_db()
    assert attempt.submitted_at is not None
    late = client_in.post(
        reverse("exams:answer", args=[attempt.pk]),
        {"question": questions[0].pk, "value": "0"},
    )
    assert late.status_code == 409


def test_the_quiz_page_lists_scores_and_refuses_beyond_the_maximum(client_in, quiz):
    quiz.max_attempts = 1
    quiz.save()
    attempt = start(client_in, quiz)
    client_in.post(reverse("exams:submit", args=[attempt.pk]))
    html = client_in.get(quiz.url).content.decode()
    assert "我的成绩" in html
    assert "最多作答 1 次，您已用完" in html
    refused = client_in.post(reverse("exams:quiz_start", args=[quiz.pk]), follow=True)
    assert "最多作答 1 次，您已用完" in refused.content.decode()
    assert Attempt.objects.count() == 1


def test_attempt_page_queries_do_not_grow_with_questions(cadre, course):
    client = logged_in(cadre.user)
    enrollment_choose(cadre=cadre, course=course)

    def queries(n):
        quiz = make_quiz(course, questions=[make_question() for _ in range(n)])
        attempt = start(client, quiz)
        url = reverse("exams:attempt", args=[attempt.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    assert queries(2) == queries(12)


def test_the_course_lists_the_quiz_as_a_part_to_complete(
    client_in, course, quiz, questions
):
    html = client_in.get(course.url).content.decode()
    assert quiz.title in html
    assert "限时 30 分钟 · 及格 60 分" in html
    assert "已完成 0/1 项" in html
    mine = client_in.get(reverse("courses:my_learning")).content.decode()
    assert f"下一项：{quiz.title}" in mine
    attempt = start(client_in, quiz)
    single = questions[0]
    client_in.post(
        reverse("exams:submit", args=[attempt.pk]),
        {
            f"q{single.pk}": str(single.options.index("乙")),
            f"q{questions[1].pk}": "对",
            f"q{questions[2].pk}": "村民会议",
        },
    )
    assert "已结业" in client_in.get(course.url).content.decode()


def test_opening_the_quiz_of_a_required_course_enrols_the_cadre(
    cadre, township, questions
):
    """The quiz page enrols through courses.page_context, as a lesson does."""
    required = make_course(tracks()[0], audience_townships=[township])
    quiz = make_quiz(required, questions=questions)
    with mock.patch.object(
        page_context, "enrollment_on_visit", wraps=page_context.enrollment_on_visit
    ) as enrols:
        html = logged_in(cadre.user).get(quiz.url).content.decode()
    enrols.assert_called_once_with(cadre=cadre, course=required)
    assert Enrollment.objects.filter(cadre=cadre, course=required).exists()
    assert "开始答题" in html

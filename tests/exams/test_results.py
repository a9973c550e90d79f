"""Quiz results for trainers and supervisors: attempts, per-question shares,
the Excel export, and who may see what."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from courses.models import Requirement
from courses.services import enrollment_choose
from exams.models import QuestionKind
from exams.services import answer_save, attempt_start, attempt_submit
from lms.models import Role
from lms.services import user_create
from tests.clock import quiz_at
from tests.conftest import PASSWORD
from tests.courses.factories import make_course, tracks
from tests.logins import logged_in

from .factories import make_question, make_quiz


@pytest.fixture
def quiz(db, trainer):
    course = make_course(
        tracks()[0], requirement=Requirement.ELECTIVE, trainers=[trainer]
    )
    questions = [
        make_question(QuestionKind.TRUE_FALSE, stem="判断题：四议两公开。"),
        make_question(
            QuestionKind.FILL_BLANK, stem="填空题：一肩____。", answer=["挑"]
        ),
    ]
    return make_quiz(course, title="财务测验", questions=questions)


def take(cadre, quiz, *, right):
    enrollment_choose(cadre=cadre, course=quiz.get_parent().specific)
    attempt = attempt_start(cadre=cadre, quiz=quiz, now=quiz_at(0))
    true_false, blank = (item["id"] for item in attempt.questions)
    answer_save(attempt=attempt, question_id=true_false, raw=["对"], now=quiz_at(1))
    answer_save(
        attempt=attempt,
        question_id=blank,
        raw=["挑" if right else "扛"],
        now=quiz_at(2),
    )
    return attempt_submit(attempt=attempt, now=quiz_at(5))


@pytest.fixture
def taken(quiz, cadre, other_cadre):
    return take(cadre, quiz, right=True), take(other_cadre, quiz, right=False)


def results_url(quiz):
    return reverse("exam_results:quiz", args=[quiz.pk])


def test_the_trainer_sees_every_attempt_and_each_questions_share(
    trainer, quiz, taken, cadre, other_cadre
):
    response = logged_in(trainer).get(results_url(quiz))
    html = response.content.decode()
    assert response.status_code == 200
    assert cadre.name in html and other_cadre.name in html
    assert cadre.village.name in html and other_cadre.village.township.name in html
    assert "100 " in html and "50 " in html
    stats = {s.question.stem: s.percent for s in response.context["stats"]}
    assert stats == {"判断题：四议两公开。": 100, "填空题：一肩____。": 50}


def test_another_trainer_cannot_see_the_quiz(quiz, taken):
    stranger = user_create(
        username="t2", name="王讲师", role=Role.TRAINER, password=PASSWORD
    )
    client = logged_in(stranger)
    assert client.get(results_url(quiz)).status_code == 404
    export = reverse("exam_results:export", args=[quiz.pk])
    assert client.get(export).status_code == 404
    assert "财务测验" not in client.get(reverse("exam_results:index")).content.decode()


def test_a_township_supervisor_sees_only_their_township(
    township_supervisor, quiz, taken, cadre, other_cadre
):
    html = logged_in(township_supervisor).get(results_url(quiz)).content.decode()
    assert cadre.name in html
    assert other_cadre.name not in html


def test_cadres_get_no_results(cadre, quiz, taken):
    response = logged_in(cadre.user).get(results_url(quiz))
    assert response.status_code in (302, 403, 404)


def test_the_export_matches_the_screen(trainer, quiz, taken, cadre):
    response = logged_in(trainer).get(reverse("exam_results:export", args=[quiz.pk]))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    attempts = list(workbook["答题记录"].values)
    assert attempts[0][:5] == ("姓名", "苏木乡镇", "嘎查村", "第几次", "得分")
    assert sorted(row[4] for row in attempts[1:]) == [50, 100]
    assert cadre.name in [row[0] for row in attempts[1:]]
    shares = {row[1]: row[5] for row in list(workbook["逐题正确率"].values)[1:]}
    assert shares == {"判断题：四议两公开。": 100, "填空题：一肩____。": 50}


def test_the_index_lists_the_trainers_quizzes(trainer, quiz, taken):
    html = logged_in(trainer).get(reverse("exam_results:index")).content.decode()
    assert "财务测验" in html
    assert results_url(quiz) in html


def test_the_index_counts_only_the_supervisors_township(
    township_supervisor, quiz, taken
):
    response = logged_in(township_supervisor).get(reverse("exam_results:index"))
    row = next(q for q in response.context["page_obj"] if q.pk == quiz.pk)
    assert (row.attempts_count, row.passed_count) == (1, 1)  # the cadre's own


def test_a_quiz_preview_counts_its_unsaved_questions(quiz):
    from exams.models import QuizRandomRule

    from .factories import category

    quiz.random_rules.add(QuizRandomRule(category=category(), count=3))
    assert quiz.question_count() == 5  # 2 fixed + 3 drawn, before saving

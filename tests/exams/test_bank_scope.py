"""The question bank is scoped: a trainer sees and edits the questions of the
courses they teach and of the categories in their charge; another trainer's
question is not listed and its pages are a 404; changing the key of a question
another trainer's quiz uses needs an administrator; every regrade is recorded
with who and why."""

import pytest
from django.urls import reverse

from courses.models import Requirement
from exams.models import Question, QuestionCategory, QuestionKind, QuizPage, Regrade
from exams.questions import QuestionsInvalid, question_import
from exams.questions.columns import COLUMNS
from tests.courses.factories import make_course, tracks
from tests.lms.roster_files import roster_xlsx
from tests.logins import logged_in

from .factories import category, make_question, make_quiz

MINE = "村务监督委员会由几人组成？"
THEIRS = "嘎查村“两委”换届每几年一次？"
SHARED = "村民会议由本村多少周岁以上的村民组成？"
REFUSED = "这道题被其他讲师课程的测验"


def url(name, *args):
    return reverse(f"wagtailsnippets_exams_question:{name}", args=args)


def edit_form(question, **values):
    """The edit form's fields for a single-choice question, as typed."""
    letters = "abcdef"
    data = {
        "kind": question.kind,
        "stem": question.stem,
        "category": question.category_id,
        "difficulty": question.difficulty,
        "answer_text": "".join(question.answer),
        "explanation": question.explanation,
    }
    for letter, text in zip(letters, question.options, strict=False):
        data[f"option_{letter}"] = text
    data.update(values)
    return data


@pytest.fixture
def world(db, trainer, other_trainer):
    """trainer teaches 甲课程 (its quiz has MINE and SHARED), other_trainer
    teaches 乙课程 (its quiz has THEIRS and SHARED)."""
    mine = make_question(stem=MINE, category=category("基层治理"))
    theirs = make_question(stem=THEIRS, category=category("换届选举"))
    shared = make_question(stem=SHARED, category=category("村民自治"))
    course = make_course(
        tracks()[0],
        title="甲课程",
        trainers=[trainer],
        requirement=Requirement.ELECTIVE,
    )
    other = make_course(
        tracks()[0],
        title="乙课程",
        trainers=[other_trainer],
        requirement=Requirement.ELECTIVE,
    )
    make_quiz(course, title="甲测验", questions=[mine, shared])
    make_quiz(other, title="乙测验", questions=[theirs, shared])
    return {"mine": mine, "theirs": theirs, "shared": shared}


def test_a_trainer_lists_only_the_questions_of_their_courses(trainer, world):
    html = logged_in(trainer).get(url("list")).content.decode()
    assert MINE in html and SHARED in html
    assert THEIRS not in html


@pytest.mark.parametrize("view", ["edit", "copy", "history", "usage", "delete"])
def test_another_trainers_question_is_a_404(trainer, world, view):
    response = logged_in(trainer).get(url(view, world["theirs"].pk))
    assert response.status_code == 404


def test_editing_another_trainers_question_saves_nothing(trainer, world):
    theirs = world["theirs"]
    response = logged_in(trainer).post(
        url("edit", theirs.pk), edit_form(theirs, stem="改过的题干")
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.stem == THEIRS


def test_a_category_in_a_trainers_charge_shows_its_questions(trainer, world):
    charged = category("民族团结政策")
    make_question(stem="各民族要像石榴籽一样紧紧抱在一起。", category=charged)
    client = logged_in(trainer)
    assert "石榴籽" not in client.get(url("list")).content.decode()
    charged.trainers.add(trainer)
    assert "石榴籽" in client.get(url("list")).content.decode()


def test_the_chooser_offers_only_the_trainers_share(trainer, world):
    choose = reverse("wagtailsnippetchoosers_exams_question:choose")
    html = logged_in(trainer).get(choose).json()["html"]
    assert MINE in html and THEIRS not in html


def test_a_trainer_cannot_change_the_key_another_trainers_quiz_uses(trainer, world):
    shared = world["shared"]
    response = logged_in(trainer).post(
        url("edit", shared.pk),
        edit_form(shared, answer_text="C", regrade_reason="原答案有误"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert REFUSED in html and "乙测验" in html and "须由管理员操作" in html
    shared.refresh_from_db()
    assert shared.answer == ["B"]
    assert not Regrade.objects.exists()


def test_a_trainer_changes_the_key_of_their_own_question_with_a_reason(trainer, world):
    mine = world["mine"]
    client = logged_in(trainer)
    no_reason = client.post(url("edit", mine.pk), edit_form(mine, answer_text="C"))
    assert no_reason.status_code == 200
    assert "更改了答案，请填写原因" in no_reason.content.decode()
    mine.refresh_from_db()
    assert mine.answer == ["B"]
    saved = client.post(
        url("edit", mine.pk),
        edit_form(mine, answer_text="C", regrade_reason="教材第三版已修订"),
    )
    assert saved.status_code == 302
    regrade = Regrade.objects.get()
    assert (regrade.question, regrade.by) == (mine, trainer)
    assert regrade.reason == "教材第三版已修订"
    assert (regrade.old_answer, regrade.new_answer) == (["B"], ["C"])


def test_an_administrator_changes_a_shared_key_and_sees_the_record(
    administrator, world
):
    shared = world["shared"]
    client = logged_in(administrator)
    saved = client.post(
        url("edit", shared.pk),
        edit_form(shared, answer_text="C", regrade_reason="依据新修订的组织法"),
    )
    assert saved.status_code == 302
    shared.refresh_from_db()
    assert shared.answer == ["C"]
    record = client.get(reverse("exams_regrades:index")).content.decode()
    assert "依据新修订的组织法" in record and "管理员" in record


def test_only_administrators_see_the_regrade_record(trainer, world):
    response = logged_in(trainer).get(reverse("exams_regrades:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


def test_a_trainers_new_category_is_theirs_and_others_are_not_offered(trainer, world):
    client = logged_in(trainer)
    add = reverse("wagtailsnippets_exams_questioncategory:add")
    assert "负责讲师" not in client.get(add).content.decode()
    client.post(add, {"name": "乡村振兴"})
    assert list(QuestionCategory.objects.get(name="乡村振兴").trainers.all()) == [
        trainer
    ]
    form = client.get(url("add")).content.decode()
    assert "乡村振兴" in form and "换届选举" not in form


def import_file(rows):
    return roster_xlsx(rows, header=COLUMNS)


def row(stem, answer, category_name):
    return {
        "题型": "单选题",
        "题干": stem,
        "选项A": "甲",
        "选项B": "乙",
        "选项C": "丙",
        "选项D": "丁",
        "答案": answer,
        "分类": category_name,
    }


def test_a_trainers_import_may_not_touch_another_trainers_questions(trainer, world):
    data = import_file(
        [
            row(THEIRS, "C", "换届选举"),
            row(SHARED, "C", "村民自治"),
            row("新题：村务公开的时间要求？", "A", "换届选举"),
        ]
    )
    with pytest.raises(QuestionsInvalid) as refused:
        question_import(data=data, filename="题库.xlsx", user=trainer)
    messages = [error.message for error in refused.value.plan.errors]
    assert any("它不归您负责" in message for message in messages)
    assert any(REFUSED in message for message in messages)
    assert any("分类“换届选举”不归您负责" in message for message in messages)
    assert Question.objects.get(stem=THEIRS).answer == ["B"]
    assert not Question.objects.filter(stem__startswith="新题").exists()


def test_a_trainers_import_adds_categories_in_their_charge(trainer, world):
    data = import_file([row("新题：村务公开的时间要求？", "A", "村务公开")])
    question_import(data=data, filename="题库.xlsx", user=trainer)
    assert trainer in QuestionCategory.objects.get(name="村务公开").trainers.all()
    html = logged_in(trainer).get(url("list")).content.decode()
    assert "村务公开的时间要求" in html


def test_an_import_that_changes_a_key_records_the_regrade(administrator, world):
    data = import_file([row(SHARED, "A", "村民自治")])
    question_import(data=data, filename="更正.xlsx", user=administrator)
    regrade = Regrade.objects.get()
    assert regrade.by == administrator
    assert "更正.xlsx" in regrade.reason
    assert (regrade.old_answer, regrade.new_answer) == (["B"], ["A"])


def test_the_category_filter_lists_only_the_trainers_categories(trainer, world):
    """The filter's category list holds only the trainer's categories."""
    make_question(QuestionKind.TRUE_FALSE, stem="判断题", category=category("换届选举"))
    html = logged_in(trainer).get(url("list")).content.decode()
    assert "换届选举" not in html


def quiz_form(quiz, user):
    """The quiz's page form as the page editor builds it for user."""
    form_class = QuizPage.get_edit_handler().get_form_class()
    return form_class(instance=quiz, for_user=user, parent_page=quiz.get_parent())


def test_a_quiz_draws_only_from_the_trainers_categories(trainer, administrator, world):
    """Else a rule drawing from another trainer's category, or a fixed question
    of theirs, would open those questions (and keys) to the trainer."""
    quiz = QuizPage.objects.get(title="甲测验")
    form = quiz_form(quiz, trainer)
    categories = form.formsets["random_rules"].empty_form.fields["category"]
    assert "换届选举" not in {c.name for c in categories.queryset}
    questions = form.formsets["fixed_questions"].forms[0].fields["question"]
    assert world["mine"] in questions.queryset
    assert world["theirs"] not in questions.queryset
    admin_form = quiz_form(quiz, administrator)
    categories = admin_form.formsets["random_rules"].empty_form.fields["category"]
    assert "换届选举" in {c.name for c in categories.queryset}

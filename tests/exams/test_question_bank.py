"""题库 in the admin: the list with its filters and substring search as a
trainer, history, deletion of what is in use, who may see it, and the demo
bank. The question form's checks are test_question_bank_form's."""

import io
import json

import pytest
from django.urls import reverse

from exams import demo
from exams.models import Difficulty, Question, QuestionCategory, QuestionKind
from tests.courses.factories import make_course, tracks

from .bank import form_data
from .factories import category, make_question, make_quiz


def url(view, *args):
    return reverse(f"wagtailsnippets_exams_question:{view}", args=args)


def category_url(view, *args):
    return reverse(f"wagtailsnippets_exams_questioncategory:{view}", args=args)


# --- the admin as a trainer ----------------------------------------------------------


@pytest.fixture
def bank(db):
    governance = category("基层治理")
    unity = category("民族团结政策")
    return [
        make_question(
            QuestionKind.SINGLE,
            stem="村民委员会由主任、副主任和委员共几人组成？",
            category=governance,
            difficulty=Difficulty.EASY,
        ),
        make_question(
            QuestionKind.TRUE_FALSE,
            stem="村民委员会成员可以连选连任。",
            category=governance,
            difficulty=Difficulty.HARD,
        ),
        make_question(
            QuestionKind.FILL_BLANK,
            stem="各民族要像（　　）一样紧紧抱在一起。",
            answer=["石榴籽"],
            category=unity,
        ),
    ]


def listed(response):
    content = response.content.decode()
    return {q.stem for q in Question.objects.all() if q.stem in content}


def test_a_trainer_lists_filters_and_searches_the_bank(client, bank_trainer, bank):
    client.force_login(bank_trainer)
    response = client.get(url("list"))
    assert response.status_code == 200
    content = response.content.decode()
    assert listed(response) == {q.stem for q in bank}
    assert "单选题" in content and "判断题" in content and "石榴籽" in content
    assert reverse("question_import:upload") in content

    by_kind = client.get(url("list"), {"kind": QuestionKind.TRUE_FALSE})
    assert listed(by_kind) == {bank[1].stem}
    by_category = client.get(url("list"), {"category": bank[2].category_id})
    assert listed(by_category) == {bank[2].stem}
    by_difficulty = client.get(url("list"), {"difficulty": Difficulty.HARD})
    assert listed(by_difficulty) == {bank[1].stem}
    # A substring inside a Chinese phrase: no word splitting needed.
    search = client.get(url("list"), {"q": "委员会成员"})
    assert listed(search) == {bank[1].stem}
    both = client.get(url("list"), {"q": "村民委员会", "kind": QuestionKind.SINGLE})
    assert listed(both) == {bank[0].stem}


def menu_labels(client):
    """The labels of the admin menu (the sidebar's JSON props)."""
    content = client.get(reverse("wagtailadmin_home")).content.decode()
    start = content.index('id="wagtail-sidebar-props"')
    start = content.index(">", start) + 1
    props = content[start : content.index("</script>", start)]
    return json.dumps(json.loads(props), ensure_ascii=False)


def test_the_menu_offers_the_bank_and_its_import(client, bank_trainer, bank):
    client.force_login(bank_trainer)
    labels = menu_labels(client)
    for label in ("题库", "题目分类", "从 Excel 导入题目"):
        assert f'"{label}"' in labels


def test_a_trainer_edits_a_question_with_history(client, bank_trainer, bank):
    client.force_login(bank_trainer)
    question = bank[0]
    page = client.get(url("edit", question.pk))
    content = page.content.decode()
    assert page.status_code == 200
    assert 'name="option_a"' in content and 'name="answer_text"' in content
    assert 'data-controller="w-rules"' in content

    response = client.post(
        url("edit", question.pk),
        form_data(
            stem=question.stem,
            option_e="九年",
            answer_text="e",
            regrade_reason="教材已更新",
        ),
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.options[-1] == "九年" and question.answer == ["E"]
    record = question.history.first()
    assert record.history_type == "~" and record.history_user == bank_trainer

    history = client.get(url("history", question.pk)).content.decode()
    assert "王讲师" in history
    assert "<strong>答案</strong>：B → E" in history
    assert "E. 九年" in history


def test_a_bad_post_shows_the_reasons_and_saves_nothing(client, bank_trainer, bank):
    client.force_login(bank_trainer)
    question = bank[0]
    before = list(question.history.all())
    response = client.post(
        url("edit", question.pk),
        form_data(stem=question.stem, answer_text="AB"),
    )
    assert response.status_code == 200
    assert "单选题的答案应为一个选项字母" in response.content.decode()
    assert list(question.history.all()) == before


def test_a_new_key_regrades_the_attempts_a_new_text_does_not(
    client, bank_trainer, bank, monkeypatch
):
    calls = []
    monkeypatch.setattr(
        "exams.viewsets.question_regrade",
        lambda *, question, by, reason, old_answer: (
            calls.append((question.pk, by)) or []
        ),
    )
    client.force_login(bank_trainer)
    question = bank[0]
    client.post(
        url("edit", question.pk),
        form_data(stem=question.stem, answer_text="B", explanation="新"),
    )
    assert calls == []
    client.post(
        url("edit", question.pk),
        form_data(stem=question.stem, answer_text="A", regrade_reason="原答案有误"),
    )
    assert calls == [(question.pk, bank_trainer)]


def test_the_options_are_hidden_for_true_false_questions(client, bank_trainer, bank):
    client.force_login(bank_trainer)
    content = client.get(url("edit", bank[1].pk)).content.decode()
    panel = content[content.index('data-w-rules-target="show"') - 200 :]
    assert " hidden" in panel[: panel.index(">", 200)]
    choice = client.get(url("edit", bank[0].pk)).content.decode()
    panel = choice[choice.index('data-w-rules-target="show"') - 200 :]
    assert " hidden" not in panel[: panel.index(">", 200)]


def test_a_trainer_adds_a_question(client, bank_trainer, db):
    client.force_login(bank_trainer)
    response = client.post(
        url("add"),
        form_data(
            kind=QuestionKind.TRUE_FALSE,
            stem="村规民约应报乡镇政府备案。",
            answer_text="对",
        ),
    )
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.answer == ["对"] and question.options == []
    assert question.history.get().history_user == bank_trainer


def test_a_question_in_a_quiz_is_kept(client, bank_trainer, bank, administrator):
    quiz_question = bank[0]
    make_quiz(make_course(tracks()[0]), questions=[quiz_question])
    client.force_login(bank_trainer)
    page = client.get(url("delete", quiz_question.pk))
    assert "无法删除" in page.content.decode()
    client.post(url("delete", quiz_question.pk))
    assert Question.objects.filter(pk=quiz_question.pk).exists()

    client.post(url("delete", bank[1].pk))
    assert not Question.objects.filter(pk=bank[1].pk).exists()


def test_deleting_several_keeps_all_when_one_is_in_use(client, bank_trainer, bank):
    client.force_login(bank_trainer)
    governance = bank[0].category
    empty = QuestionCategory.objects.create(name="空分类")
    bulk = reverse("wagtail_bulk_action", args=("exams", "questioncategory", "delete"))
    query = f"?id={governance.pk}&id={empty.pk}&next={category_url('list')}"
    response = client.post(bulk + query, follow=True)
    assert "还有题目" in response.content.decode()
    assert (
        QuestionCategory.objects.filter(pk__in=[governance.pk, empty.pk]).count() == 2
    )


def test_categories_list_their_question_counts(client, bank_trainer, bank):
    client.force_login(bank_trainer)
    content = client.get(category_url("list")).content.decode()
    assert "基层治理" in content and "民族团结政策" in content
    assert f"{url('list')}?category={bank[0].category_id}" in content


def test_the_chooser_searches_by_substring_and_filters(client, bank_trainer, bank):
    client.force_login(bank_trainer)
    chooser = "/admin/snippets/choose/exams/question/results/"
    content = client.get(chooser, {"q": "连选连任"}).content.decode()
    assert bank[1].stem in content and bank[0].stem[:10] not in content
    content = client.get(chooser, {"kind": QuestionKind.FILL_BLANK}).content.decode()
    assert bank[2].stem in content and "连选连任" not in content


# --- who may see it ----------------------------------------------------------------


@pytest.mark.parametrize("role_user", ["banner_supervisor", "township_supervisor"])
def test_supervisors_cannot_reach_the_bank(client, bank, request, role_user):
    client.force_login(request.getfixturevalue(role_user))
    for target in (url("list"), url("add")):
        assert client.get(target).status_code in (302, 403)
    # A question outside one's share of the bank (none, for them) is a 404.
    assert client.get(url("edit", bank[0].pk)).status_code == 404
    response = client.post(url("edit", bank[0].pk), form_data(answer_text="A"))
    assert response.status_code == 404
    bank[0].refresh_from_db()
    assert bank[0].answer == ["B"]
    assert "从 Excel 导入题目" not in menu_labels(client)


def test_cadres_never_reach_the_bank(client, bank, cadre):
    client.force_login(cadre.user)
    response = client.get(url("list"))
    assert response.status_code == 302
    assert reverse("wagtailadmin_login") in response.url


# --- demo -------------------------------------------------------------------------


def test_the_demo_bank_is_large_varied_and_repeat_safe(db):
    out = io.StringIO()
    demo.seed(size="S", stdout=out)
    assert "本次新增" in out.getvalue()
    count = Question.objects.count()
    assert count >= 150
    assert set(Question.objects.values_list("kind", flat=True)) == set(
        QuestionKind.values
    )
    names = set(QuestionCategory.objects.values_list("name", flat=True))
    assert {"党的建设", "五面红旗·乡风文明", "村级集体经济", "民族团结政策"} <= names
    assert len(names) == 9
    history = Question.history.count()

    demo.seed(size="S", stdout=io.StringIO())
    assert Question.objects.count() == count
    assert Question.history.count() == history
    assert QuestionCategory.objects.count() == 9


def test_every_demo_question_has_a_well_formed_key(db):
    demo.seed(size="S", stdout=io.StringIO())
    for question in Question.objects.all():
        assert question.answer and question.explanation
        if question.kind == QuestionKind.SINGLE:
            assert len(question.answer) == 1 and len(question.options) >= 2
        elif question.kind == QuestionKind.MULTIPLE:
            assert len(question.answer) >= 2
        elif question.kind == QuestionKind.TRUE_FALSE:
            assert question.answer in (["对"], ["错"]) and not question.options
        for letter in question.answer if question.options else ():
            assert "ABCDEF".index(letter) < len(question.options)

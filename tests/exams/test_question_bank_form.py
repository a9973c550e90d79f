"""题库: the question form's checks, in Chinese, and how it stores and shows a
question's options and key."""

import pytest

from exams.models import QuestionKind

from .bank import bound_form, form_class
from .factories import make_question

# --- the form ------------------------------------------------------------------


REQUIRED = "必需字段"


@pytest.mark.parametrize(
    ("values", "field", "reason"),
    [
        ({"answer_text": "AB"}, "answer_text", "单选题的答案应为一个选项字母"),
        ({"answer_text": "E"}, "answer_text", "答案中的E没有对应的选项"),
        ({"answer_text": "甲"}, "answer_text", "单选题的答案应为一个选项字母"),
        ({"answer_text": ""}, "answer_text", REQUIRED),
        ({"option_b": ""}, "option_b", "选项B未填写"),
        (
            {"option_b": "", "option_c": "", "option_d": "", "answer_text": "A"},
            "option_a",
            "至少需要两个选项",
        ),
        ({"option_d": "三年"}, "option_d", "选项D与选项A相同"),
        (
            {"kind": QuestionKind.MULTIPLE, "answer_text": "C"},
            "answer_text",
            "多选题的答案应为两个或以上的选项字母",
        ),
        (
            {"kind": QuestionKind.TRUE_FALSE, "answer_text": "也许"},
            "answer_text",
            "判断题的答案应为“对”或“错”",
        ),
        (
            {"kind": QuestionKind.FILL_BLANK, "answer_text": "|；"},
            "answer_text",
            "填空题至少需要一个正确答案",
        ),
        ({"stem": "  "}, "stem", REQUIRED),
    ],
)
def test_the_form_explains_a_bad_question_in_chinese(db, values, field, reason):
    form = bound_form(**values)
    assert not form.is_valid()
    assert any(reason in message for message in form.errors[field]), form.errors


@pytest.mark.parametrize(
    ("values", "options", "answer"),
    [
        ({}, ["三年", "四年", "五年", "六年"], ["C"]),
        ({"answer_text": " c "}, ["三年", "四年", "五年", "六年"], ["C"]),
        (
            {"kind": QuestionKind.MULTIPLE, "answer_text": "D，b"},
            ["三年", "四年", "五年", "六年"],
            ["B", "D"],
        ),
        ({"kind": QuestionKind.TRUE_FALSE, "answer_text": "√"}, [], ["对"]),
        ({"kind": QuestionKind.TRUE_FALSE, "answer_text": "错误"}, [], ["错"]),
        (
            {"kind": QuestionKind.FILL_BLANK, "answer_text": "五年|5年；五"},
            [],
            ["五年", "5年", "五"],
        ),
    ],
)
def test_the_form_stores_options_and_key(db, values, options, answer):
    form = bound_form(**values)
    assert form.is_valid(), form.errors
    question = form.save()
    question.refresh_from_db()
    assert question.options == options
    assert question.answer == answer


def test_the_form_shows_a_stored_question_as_typed(db):
    question = make_question(
        QuestionKind.MULTIPLE, options=["甲", "乙", "丙"], answer=["A", "C"]
    )
    form = form_class()(instance=question)
    assert form["option_a"].value() == "甲" and form["option_c"].value() == "丙"
    assert form["option_d"].value() in (None, "")
    assert form["answer_text"].value() == "AC"
    blank = make_question(QuestionKind.FILL_BLANK)
    assert (
        form_class()(instance=blank)["answer_text"].value() == "村民代表会议|村民会议"
    )


def test_the_same_kind_and_stem_cannot_be_added_twice(db):
    first = bound_form()
    first.save() if first.is_valid() else pytest.fail(str(first.errors))
    again = bound_form()
    assert not again.is_valid()
    assert "题库中已有题型和题干都相同的题目" in again.errors["stem"][0]
    assert bound_form(kind=QuestionKind.MULTIPLE, answer_text="AC").is_valid()

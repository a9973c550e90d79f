"""Shared by the question bank tests: question files built in memory, imported,
and the check that a refused file wrote nothing."""

import pytest

from exams.models import Difficulty, Question, QuestionCategory, QuestionKind
from exams.questions import QuestionsInvalid, question_import
from exams.questions.columns import COLUMNS
from exams.questions.forms import question_edit_handler
from tests.lms.roster_files import roster_csv, roster_xlsx

from .factories import category

# One valid row of each kind, as a trainer types them.
SINGLE = {
    "题型": "单选题",
    "题干": "村民委员会每届任期几年？",
    "选项A": "三年",
    "选项B": "四年",
    "选项C": "五年",
    "选项D": "六年",
    "答案": "C",
    "解析": "《村民委员会组织法》第十一条。",
    "分类": "基层治理",
    "难度": "易",
}
MULTIPLE = {
    "题型": "多选",
    "题干": "“两公开”是指哪两项？",
    "选项A": "决议公开",
    "选项B": "提议公开",
    "选项C": "实施结果公开",
    "答案": "A,C",
    "分类": "五面红旗·党建示范",
    "难度": "2",
}
TRUE_FALSE = {
    "题型": "判断",
    "题干": "人民调解委员会调解民间纠纷不收取任何费用。",
    "答案": "√",
    "分类": "基层治理",
    "难度": "难",
}
FILL_BLANK = {
    "题型": "填空题",
    "题干": "各民族要像（　　）一样紧紧抱在一起。",
    "答案": "石榴籽｜石榴子",
    "解析": "习近平总书记的重要论述。",
    "分类": "民族团结政策",
}
GOOD_ROWS = (SINGLE, MULTIPLE, TRUE_FALSE, FILL_BLANK)


def good_rows():
    return [dict(row) for row in GOOD_ROWS]


def questions_xlsx(rows, *, header=COLUMNS):
    return roster_xlsx(rows, header=header)


def questions_csv(rows, *, header=COLUMNS, encoding="utf-8-sig"):
    return roster_csv(rows, header=header, encoding=encoding)


def written():
    """Everything an import may write, to show that nothing was."""
    return {
        "questions": list(
            Question.objects.order_by("pk").values_list(
                "kind", "stem", "options", "answer", "explanation", "difficulty"
            )
        ),
        "history": Question.history.count(),
        "categories": sorted(QuestionCategory.objects.values_list("name", flat=True)),
    }


def import_rows(rows, *, user=None, fmt="xlsx"):
    data = questions_xlsx(rows) if fmt == "xlsx" else questions_csv(rows)
    return question_import(data=data, filename=f"题库.{fmt}", user=user)


def assert_rejected(rows_or_data, *, row, column, reason):
    """Importing fails with an error naming row, column and reason; nothing is
    written. Returns the error."""
    before = written()
    data = (
        rows_or_data
        if isinstance(rows_or_data, bytes)
        else questions_xlsx(rows_or_data)
    )
    with pytest.raises(QuestionsInvalid) as caught:
        question_import(data=data, filename="题库.xlsx", user=None)
    assert written() == before
    errors = caught.value.plan.errors
    matching = [
        e for e in errors if e.row == row and e.column == column and reason in e.message
    ]
    assert matching, [str(e) for e in errors]
    return matching[0]


# --- the admin's question form ------------------------------------------------


def form_class():
    return question_edit_handler().bind_to_model(Question).get_form_class()


def form_data(kind=QuestionKind.SINGLE, **values):
    data = {
        "kind": kind,
        "stem": "村民委员会每届任期几年？",
        "category": category().pk,
        "difficulty": Difficulty.EASY,
        "option_a": "三年",
        "option_b": "四年",
        "option_c": "五年",
        "option_d": "六年",
        "answer_text": "C",
        "explanation": "",
    }
    data.update(values)
    return data


def bound_form(instance=None, **values):
    return form_class()(data=form_data(**values), instance=instance or Question())

"""题库导入: reading the format trainers use, and every bad row and column
reported in Chinese with nothing imported."""

import pytest

from exams.models import Difficulty, Question, QuestionCategory, QuestionKind
from exams.questions import QuestionsInvalid, plan_questions, question_import
from exams.questions.columns import COLUMNS
from lms.imports import RowError

from .bank import (
    FILL_BLANK,
    SINGLE,
    TRUE_FALSE,
    assert_rejected,
    good_rows,
    import_rows,
    questions_csv,
    questions_xlsx,
    written,
)

pytestmark = pytest.mark.usefixtures("media_root")


# --- a good file -------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_good_file_imports_every_kind(db, administrator, fmt):
    plan = import_rows(good_rows(), user=administrator, fmt=fmt)
    assert (len(plan.creates), len(plan.updates), plan.unchanged) == (4, 0, 0)
    assert plan.new_categories == ["基层治理", "五面红旗·党建示范", "民族团结政策"]
    by_kind = {q.kind: q for q in Question.objects.select_related("category")}
    single = by_kind[QuestionKind.SINGLE]
    assert single.options == ["三年", "四年", "五年", "六年"]
    assert single.answer == ["C"] and single.difficulty == Difficulty.EASY
    assert single.explanation == "《村民委员会组织法》第十一条。"
    assert single.category.name == "基层治理"
    multiple = by_kind[QuestionKind.MULTIPLE]
    assert multiple.answer == ["A", "C"] and multiple.options[2] == "实施结果公开"
    assert multiple.difficulty == Difficulty.MEDIUM
    assert by_kind[QuestionKind.TRUE_FALSE].answer == ["对"]
    assert by_kind[QuestionKind.TRUE_FALSE].options == []
    assert by_kind[QuestionKind.TRUE_FALSE].difficulty == Difficulty.HARD
    blank = by_kind[QuestionKind.FILL_BLANK]
    assert blank.answer == ["石榴籽", "石榴子"]
    assert blank.difficulty == Difficulty.MEDIUM  # blank: 中
    record = single.history.get()
    assert record.history_user == administrator
    assert record.history_change_reason == f"题库导入：题库.{fmt}"


def test_a_gbk_csv_imports(db):
    data = questions_csv(good_rows(), encoding="gbk")
    plan = question_import(data=data, filename="题库.csv")
    assert len(plan.creates) == 4


@pytest.mark.parametrize(
    ("kind", "answer", "stored"),
    [
        ("单选", "b", ["B"]),
        ("单项选择题", "Ｂ", ["B"]),
        ("多选题", "ACD", ["A", "C", "D"]),
        ("多项选择题", "A、C", ["A", "C"]),
        ("多选", "d c", ["C", "D"]),
        ("判断题", "正确", ["对"]),
        ("判断", "×", ["错"]),
        ("判断", "错误", ["错"]),
        ("是非题", "T", ["对"]),
        ("填空", "村民会议；村民代表会议", ["村民会议", "村民代表会议"]),
        ("填空题", "五年|5年", ["五年", "5年"]),
    ],
)
def test_kinds_and_keys_are_read_as_typed(db, kind, answer, stored):
    row = dict(SINGLE, 题型=kind, 答案=answer)
    import_rows([row])
    assert Question.objects.get().answer == stored


def test_a_true_false_key_may_point_at_options_written_for_other_systems(db):
    row = dict(TRUE_FALSE, 选项A="正确", 选项B="错误", 答案="B")
    import_rows([row])
    question = Question.objects.get()
    assert question.answer == ["错"] and question.options == []


@pytest.mark.parametrize(
    ("typed", "difficulty"),
    [("易", 1), ("简单", 1), ("1", 1), (2, 2), ("中等", 2), ("难", 3), ("3", 3)],
)
def test_difficulties_are_read_as_typed(db, typed, difficulty):
    import_rows([dict(SINGLE, 难度=typed)])
    assert Question.objects.get().difficulty == difficulty


def test_common_header_variants_are_understood(db):
    header = ["序号", "题目类型", "题目", "A", "B", "C", "D", "正确答案", "答案解析",
              "所属分类", "难易程度", "备注"]  # fmt: skip
    row = {
        "序号": 1,
        "题目类型": "单选",
        "题目": "村民委员会每届任期几年？",
        "A": "三年",
        "B": "四年",
        "C": "五年",
        "D": "六年",
        "正确答案": "C",
        "所属分类": "基层治理",
        "备注": "无",
    }
    data = questions_xlsx([row], header=header)
    plan = question_import(data=data, filename="题库.xlsx")
    assert len(plan.creates) == 1
    assert Question.objects.get().options == ["三年", "四年", "五年", "六年"]


def test_a_stem_keeps_its_inner_spaces_and_loses_those_at_the_ends(db):
    import_rows([dict(FILL_BLANK, 题干="  村民委员会每届任期（    ）年。 ")])
    assert Question.objects.get().stem == "村民委员会每届任期（    ）年。"


def test_numbers_typed_in_cells_are_read_as_text(db):
    row = dict(SINGLE, 选项A=3, 选项B=5, 选项C=7, 选项D=9, 答案="B")
    import_rows([row])
    assert Question.objects.get().options == ["3", "5", "7", "9"]


# --- a bad file: every bad row and column, nothing imported -------------------------


@pytest.mark.parametrize(
    ("values", "column", "reason"),
    [
        ({"题型": "问答题"}, "题型", "无法识别的题型“问答题”"),
        ({"题型": ""}, "题型", "题型未填写"),
        ({"题干": "　"}, "题干", "题干未填写"),
        ({"答案": ""}, "答案", "答案未填写"),
        ({"分类": ""}, "分类", "分类未填写"),
        ({"答案": "AB"}, "答案", "单选题的答案应为一个选项字母"),
        ({"答案": "E"}, "答案", "答案中的E没有对应的选项"),
        ({"答案": "甲"}, "答案", "单选题的答案应为一个选项字母"),
        ({"题型": "多选", "答案": "C"}, "答案", "多选题的答案应为两个或以上"),
        ({"题型": "判断", "答案": "也许"}, "答案", "判断题的答案应为“对”或“错”"),
        ({"题型": "填空", "答案": "|"}, "答案", "填空题至少需要一个正确答案"),
        ({"选项B": ""}, "选项B", "选项B未填写"),
        (
            {"选项B": "", "选项C": "", "选项D": "", "答案": "A"},
            "选项A",
            "至少需要两个选项",
        ),
        ({"选项D": "三年"}, "选项D", "选项D与选项A相同"),
        ({"难度": "很难"}, "难度", "无法识别的难度“很难”"),
        ({"分类": "分" * 41}, "分类", "分类名称过长"),
        ({"题干": "题" * 1001}, "题干", "题干过长"),
    ],
)
def test_a_bad_cell_is_reported_and_nothing_is_imported(db, values, column, reason):
    rows = good_rows()
    rows[1] = dict(SINGLE, 题干="第二道单选题？")
    rows[1].update(values)
    error = assert_rejected(rows, row=3, column=column, reason=reason)
    assert str(error).startswith(f"第 3 行 [{column}]")


def test_every_bad_row_and_column_is_listed_in_order(db):
    rows = good_rows()
    rows[0]["答案"] = "Z"
    rows[0]["难度"] = "超难"
    rows[2]["答案"] = "不确定"
    rows[3]["题型"] = "论述"
    before = written()
    with pytest.raises(QuestionsInvalid) as caught:
        import_rows(rows)
    assert written() == before
    assert [(e.row, e.column) for e in caught.value.plan.errors] == [
        (2, "答案"),
        (2, "难度"),
        (4, "答案"),
        (5, "题型"),
    ]
    assert "4 处错误" in str(caught.value)


def test_the_same_question_twice_in_a_file_is_reported(db):
    rows = [*good_rows(), dict(SINGLE, 答案="A")]
    assert_rejected(rows, row=6, column="题干", reason="与第 2 行是同一道题")


def test_one_bad_row_among_many_good_ones_writes_nothing(db):
    rows = [dict(SINGLE, 题干=f"第{n}题：村民委员会每届任期几年？") for n in range(60)]
    rows[45]["答案"] = "G"
    assert_rejected(rows, row=47, column="答案", reason="单选题的答案应为一个选项字母")
    assert not QuestionCategory.objects.exists()


@pytest.mark.parametrize(
    ("header", "column", "reason"),
    [
        ([c for c in COLUMNS if c != "答案"], "答案", "缺少必填列“答案”"),
        ([*COLUMNS, "知识点"], "知识点", "未知的列"),
        ([*COLUMNS, "正确答案"], "正确答案", "列名重复"),
    ],
)
def test_header_problems_are_reported(db, header, column, reason):
    data = questions_xlsx(good_rows(), header=header)
    assert_rejected(data, row=1, column=column, reason=reason)


@pytest.mark.parametrize(
    ("data", "filename", "reason"),
    [
        (b"", "empty.xlsx", "文件为空"),
        (b"not a workbook", "bank.xlsx", "无法读取文件"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "old.xls", "另存为 .xlsx"),
        (b"%PDF-1.4", "bank.pdf", "不支持的文件类型"),
    ],
)
def test_an_unreadable_file_is_reported(db, data, filename, reason):
    plan = plan_questions(data=data, filename=filename)
    (error,) = plan.errors
    assert error.row is None and reason in error.message


def test_a_file_of_too_many_rows_speaks_of_questions(db, monkeypatch):
    monkeypatch.setattr("lms.imports.reading.MAX_ROWS", 2)
    plan = plan_questions(data=questions_xlsx(good_rows()), filename="题库.xlsx")
    (error,) = plan.errors
    assert "最多 2 道题" in error.message


def test_a_header_alone_is_reported(db):
    plan = plan_questions(data=questions_xlsx([]), filename="题库.xlsx")
    (error,) = plan.errors
    assert "文件中没有题目" in error.message


def test_roster_error_is_the_report_format(db):
    error = RowError(3, "答案", "答案未填写")
    assert str(error) == "第 3 行 [答案]: 答案未填写"

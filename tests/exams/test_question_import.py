"""题库导入: reading the format trainers use, every bad row and column reported
in Chinese with nothing imported, re-import updating instead of duplicating, the
template, the import_questions command and the admin upload → preview → confirm
flow with its permission refusals."""

import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from exams.models import Difficulty, Question, QuestionCategory, QuestionKind
from exams.questions import QuestionsInvalid, plan_questions, question_import
from exams.questions.columns import COLUMNS
from exams.questions.uploads import IMPORTED, PREVIEWED, REJECTED, upload_get
from lms.roster import RosterError

from .bank import (
    FILL_BLANK,
    SINGLE,
    TRUE_FALSE,
    good_rows,
    questions_csv,
    questions_xlsx,
)
from .factories import category


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def bank_trainer(trainer):
    return trainer  # the 讲师 group has the bank permissions (lms ROLE_GROUPS)


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
    monkeypatch.setattr("lms.roster.reading.MAX_ROWS", 2)
    plan = plan_questions(data=questions_xlsx(good_rows()), filename="题库.xlsx")
    (error,) = plan.errors
    assert "最多 2 道题" in error.message


def test_a_header_alone_is_reported(db):
    plan = plan_questions(data=questions_xlsx([]), filename="题库.xlsx")
    (error,) = plan.errors
    assert "文件中没有题目" in error.message


# --- importing again ------------------------------------------------------------------


def test_importing_the_same_file_again_changes_nothing(db, administrator):
    import_rows(good_rows(), user=administrator)
    before = written()
    plan = import_rows(good_rows(), user=administrator)
    assert (len(plan.creates), len(plan.updates), plan.unchanged) == (0, 0, 4)
    assert plan.new_categories == []
    assert written() == before


def test_a_changed_file_updates_the_same_questions_with_history(db, administrator):
    import_rows(good_rows())
    ids = set(Question.objects.values_list("pk", flat=True))
    rows = good_rows()
    rows[0].update(答案="B", 难度="难", 分类="村级集体经济")
    rows[3]["答案"] = "石榴籽"
    plan = import_rows(rows, user=administrator)
    assert (len(plan.creates), len(plan.updates), plan.unchanged) == (0, 2, 2)
    assert plan.new_categories == ["村级集体经济"]
    assert set(Question.objects.values_list("pk", flat=True)) == ids
    changes = {c.label: (c.old, c.new) for c in plan.updates[0].changes}
    assert changes == {
        "答案": ("C", "B"),
        "分类": ("基层治理", "村级集体经济"),
        "难度": ("易", "难"),
    }
    single = Question.objects.get(kind=QuestionKind.SINGLE)
    assert single.answer == ["B"] and single.category.name == "村级集体经济"
    latest = single.history.first()
    assert latest.history_type == "~" and latest.history_user == administrator
    assert Question.objects.get(kind=QuestionKind.FILL_BLANK).answer == ["石榴籽"]


def test_blank_explanation_and_difficulty_keep_what_is_on_record(db):
    import_rows(good_rows())
    rows = good_rows()
    rows[0].update(解析="", 难度="")
    plan = import_rows(rows)
    assert plan.unchanged == 4
    single = Question.objects.get(kind=QuestionKind.SINGLE)
    assert single.explanation and single.difficulty == Difficulty.EASY


def test_a_question_added_in_the_admin_is_matched_by_kind_and_stem(db):
    existing = Question.objects.create(
        kind=QuestionKind.TRUE_FALSE,
        stem=TRUE_FALSE["题干"],
        answer=["错"],
        category=category("基层治理"),
    )
    plan = import_rows([TRUE_FALSE, dict(TRUE_FALSE, 题型="单选", 选项A="是",
                                         选项B="否", 答案="A")])  # fmt: skip
    assert len(plan.updates) == 1 and len(plan.creates) == 1
    existing.refresh_from_db()
    assert existing.answer == ["对"]


def test_a_changed_key_regrades_attempts(db, monkeypatch):
    calls = []
    monkeypatch.setattr(
        "exams.questions.importing.question_regrade",
        lambda *, question, by: calls.append(question.pk) or ["graded"],
    )
    import_rows(good_rows())
    assert calls == []
    rows = good_rows()
    rows[0]["答案"] = "A"
    rows[1]["解析"] = "新的解析"
    plan = import_rows(rows)
    assert calls == [Question.objects.get(kind=QuestionKind.SINGLE).pk]
    assert plan.regraded == 1


def test_queries_do_not_grow_with_the_rows(db):
    def count_queries(n):
        rows = [dict(SINGLE, 题干=f"第{i}题？", 分类=f"分类{i % 3}") for i in range(n)]
        data = questions_xlsx(rows)
        with CaptureQueriesContext(connection) as queries:
            question_import(data=data, filename="题库.xlsx")
        return len(queries)

    small = count_queries(5)
    Question.objects.all().delete()
    Question.history.all().delete()
    QuestionCategory.objects.all().delete()
    # Batched inserts (SQLite caps the parameters of one statement): a few
    # more statements, not one per row.
    assert count_queries(400) <= small + 12


# --- the template -----------------------------------------------------------------


def template_book(client):
    response = client.get(reverse("question_import:template"))
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(response.content))


def test_the_template_has_a_header_sheet_and_instructions(client, bank_trainer, db):
    category("党的建设")
    client.force_login(bank_trainer)
    book = template_book(client)
    first, instructions = book.worksheets
    assert [c.value for c in first[1]] == list(COLUMNS)
    assert first.max_row == 1
    assert instructions.title == "填写说明"
    text = " ".join(str(c.value) for row in instructions.iter_rows() for c in row)
    assert "题型" in text and "对 或 错" in text and "党的建设" in text


def test_the_template_imported_unchanged_imports_nothing(client, bank_trainer, db):
    client.force_login(bank_trainer)
    out = io.BytesIO()
    template_book(client).save(out)
    plan = plan_questions(data=out.getvalue(), filename="题库导入模板.xlsx")
    (error,) = plan.errors
    assert "文件中没有题目" in error.message


def test_the_template_examples_import(client, bank_trainer, db):
    client.force_login(bank_trainer)
    book = template_book(client)
    first, instructions = book.worksheets
    rows = list(instructions.iter_rows(values_only=True))
    start = next(
        i for i, row in enumerate(rows) if list(row[: len(COLUMNS)]) == list(COLUMNS)
    )
    for row in rows[start + 1 : start + 5]:
        first.append(row[: len(COLUMNS)])
    out = io.BytesIO()
    book.save(out)
    plan = question_import(data=out.getvalue(), filename="题库.xlsx")
    assert len(plan.creates) == 4
    assert set(Question.objects.values_list("kind", flat=True)) == set(
        QuestionKind.values
    )


# --- the command ------------------------------------------------------------------


def write_file(tmp_path, rows, name="题库.xlsx"):
    path = tmp_path / name
    path.write_bytes(questions_xlsx(rows))
    return path


def test_command_imports_and_prints_a_chinese_summary(db, tmp_path, administrator):
    path = write_file(tmp_path, good_rows())
    out = io.StringIO()
    call_command("import_questions", str(path), "--user", "admin", stdout=out)
    assert "新增 4 题，更新 0 题，未变 0 题" in out.getvalue()
    assert "新建分类 3 个" in out.getvalue()
    assert Question.history.filter(history_user=administrator).count() == 4
    out = io.StringIO()
    call_command("import_questions", str(path), stdout=out)
    assert "新增 0 题，更新 0 题，未变 4 题" in out.getvalue()


def test_command_reports_errors_and_imports_nothing(db, tmp_path):
    rows = good_rows()
    rows[2]["答案"] = "也许"
    path = write_file(tmp_path, rows)
    err = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_questions", str(path), stderr=err)
    assert "未导入任何题目" in str(caught.value)
    assert "第 4 行 [答案]: 判断题的答案应为“对”或“错”" in err.getvalue()
    assert not Question.objects.exists()


def test_command_dry_run_writes_nothing(db, tmp_path):
    out = io.StringIO()
    call_command(
        "import_questions",
        str(write_file(tmp_path, good_rows())),
        "--dry-run",
        stdout=out,
    )
    assert "试运行" in out.getvalue() and "新增 4 题" in out.getvalue()
    assert not Question.objects.exists()


def test_command_refuses_a_missing_file_or_user(db, tmp_path):
    with pytest.raises(CommandError, match="无法打开文件"):
        call_command("import_questions", str(tmp_path / "none.xlsx"))
    with pytest.raises(CommandError, match="用户 nobody 不存在"):
        call_command(
            "import_questions",
            str(write_file(tmp_path, good_rows())),
            "--user",
            "nobody",
        )


# --- the admin: upload → preview → confirm --------------------------------------------


def upload_file(client, rows=None, *, data=None, name="题库.xlsx"):
    data = data if data is not None else questions_xlsx(rows)
    file = io.BytesIO(data)
    file.name = name
    return client.post(reverse("question_import:upload"), {"file": file})


def token_of(response):
    assert response.status_code == 302, response
    return response.url.rstrip("/").split("/")[-1]


def test_a_trainer_uploads_previews_and_confirms(client, bank_trainer):
    client.force_login(bank_trainer)
    page = client.get(reverse("question_import:upload"))
    assert page.status_code == 200
    assert reverse("question_import:template") in page.content.decode()

    existing = Question.objects.create(
        kind=QuestionKind.SINGLE,
        stem=SINGLE["题干"],
        options=["三年", "四年", "五年", "六年"],
        answer=["B"],
        category=category("基层治理"),
    )
    response = upload_file(client, good_rows())
    token = token_of(response)
    assert response.url == reverse("question_import:preview", args=[token])
    assert upload_get(token).status == PREVIEWED
    assert Question.objects.count() == 1  # nothing imported yet

    content = client.get(response.url).content.decode()
    assert "新增 3 题，更新 1 题，未变 0 题" in content
    assert "新建分类 2 个" in content
    assert "答案：B → C" in content
    assert "A. 决议公开；B. 提议公开；C. 实施结果公开" in content
    assert "石榴籽|石榴子" in content
    assert "确认导入" in content and "w-overflow-x-auto" in content

    response = client.post(
        reverse("question_import:confirm", args=[token]), follow=True
    )
    content = response.content.decode()
    assert "题库导入完成" in content and "已导入" in content
    assert upload_get(token).status == IMPORTED
    assert Question.objects.count() == 4
    existing.refresh_from_db()
    assert existing.answer == ["C"]
    assert Question.history.filter(history_user=bank_trainer).count() == 4


def test_confirming_twice_imports_once(client, bank_trainer):
    client.force_login(bank_trainer)
    token = token_of(upload_file(client, good_rows()))
    confirm = reverse("question_import:confirm", args=[token])
    client.post(confirm)
    before = written()
    response = client.post(confirm, follow=True)
    assert "不能再次确认" in response.content.decode()
    assert written() == before


def test_a_bad_upload_shows_every_error_and_cannot_be_confirmed(client, bank_trainer):
    client.force_login(bank_trainer)
    rows = good_rows()
    rows[1]["答案"] = "A"
    rows[3]["分类"] = ""
    token = token_of(upload_file(client, rows))
    assert upload_get(token).status == REJECTED
    content = client.get(reverse("question_import:preview", args=[token])).content
    content = content.decode()
    assert "文件有 2 处错误，未导入任何题目" in content
    assert "第 3 行" in content and "多选题的答案应为两个或以上" in content
    assert "第 5 行" in content and "分类未填写" in content
    assert "确认导入" not in content
    client.post(reverse("question_import:confirm", args=[token]))
    assert not Question.objects.exists() and not QuestionCategory.objects.exists()


def test_confirm_checks_the_file_again(client, bank_trainer):
    client.force_login(bank_trainer)
    token = token_of(upload_file(client, [SINGLE]))
    category("基层治理")
    Question.objects.create(
        kind=QuestionKind.SINGLE,
        stem=SINGLE["题干"],
        options=["三年", "四年", "五年", "六年"],
        answer=["C"],
        explanation=SINGLE["解析"],
        category=QuestionCategory.objects.get(),
        difficulty=Difficulty.EASY,
    )
    response = client.post(
        reverse("question_import:confirm", args=[token]), follow=True
    )
    assert "新增 0 题，更新 0 题，未变 1 题" in response.content.decode()
    assert Question.objects.count() == 1


def test_the_upload_form_refuses_other_file_types(client, bank_trainer):
    client.force_login(bank_trainer)
    response = upload_file(client, data=b"%PDF", name="题库.pdf")
    assert response.status_code == 200
    assert "只能上传 .xlsx 或 .csv 文件" in response.content.decode()


def test_an_upload_is_seen_by_its_uploader_and_administrators(
    client, administrator, bank_trainer
):
    from lms.models import Role
    from lms.services import user_create

    client.force_login(bank_trainer)
    token = token_of(upload_file(client, good_rows()))
    preview = reverse("question_import:preview", args=[token])
    other = user_create(
        username="trainer2", name="包讲师", role=Role.TRAINER, password="x"
    )
    client.force_login(other)
    assert client.get(preview).status_code == 404
    assert (
        client.post(reverse("question_import:confirm", args=[token])).status_code == 404
    )
    client.force_login(administrator)
    assert client.get(preview).status_code == 200
    assert (
        client.get(reverse("question_import:preview", args=["0" * 32])).status_code
        == 404
    )
    assert (
        client.get(reverse("question_import:preview", args=["x.json"])).status_code
        == 404
    )


@pytest.mark.parametrize("role_user", ["banner_supervisor", "township_supervisor"])
def test_supervisors_are_refused(client, bank_trainer, request, role_user):
    client.force_login(bank_trainer)
    token = token_of(upload_file(client, good_rows()))
    client.force_login(request.getfixturevalue(role_user))
    for method, name, args in [
        ("get", "question_import:upload", []),
        ("get", "question_import:template", []),
        ("get", "question_import:preview", [token]),
        ("post", "question_import:confirm", [token]),
    ]:
        response = getattr(client, method)(reverse(name, args=args))
        assert response.status_code == 403, name
        assert "只有讲师和管理员可以导入题目" in response.content.decode()
    assert upload_file(client, good_rows()).status_code == 403
    assert upload_get(token).status == PREVIEWED
    assert not Question.objects.exists()


def test_a_trainer_without_the_bank_permissions_is_refused(client, trainer):
    client.force_login(trainer)
    trainer.groups.get().permissions.remove(
        *trainer.groups.get().permissions.filter(content_type__app_label="exams")
    )
    assert client.get(reverse("question_import:upload")).status_code == 403


def test_cadres_and_visitors_never_reach_the_import(client, cadre):
    """They have no access to the Wagtail admin: Wagtail sends them to its login
    before any import view runs."""
    for user in (None, cadre.user):
        if user:
            client.force_login(user)
        response = upload_file(client, good_rows())
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert reverse("wagtailadmin_login") in response.url
        assert client.get(reverse("question_import:template")).status_code in (302, 403)
    assert not Question.objects.exists()


def test_roster_error_is_the_report_format(db):
    error = RosterError(3, "答案", "答案未填写")
    assert str(error) == "第 3 行 [答案]: 答案未填写"

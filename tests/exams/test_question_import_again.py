"""题库导入: re-import updating instead of duplicating (regrading changed keys),
the template and the import_questions command."""

import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from exams.models import Difficulty, Question, QuestionCategory, QuestionKind
from exams.questions import plan_questions, question_import
from exams.questions.columns import COLUMNS

from .bank import SINGLE, TRUE_FALSE, good_rows, import_rows, questions_xlsx, written
from .factories import category

pytestmark = pytest.mark.usefixtures("media_root")


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
        lambda *, question, by, reason, old_answer: (
            calls.append(question.pk) or ["graded"]
        ),
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

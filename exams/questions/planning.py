"""Planning a question import: read and clean a file (with lms.imports' reader),
check its rows against each other and against the bank, and say what importing
it would do: a QuestionPlan. Reads only, with a constant number of queries
whatever the number of rows.

A question already in the bank with the same kind and stem is updated, not
added again; blank optional cells (解析, 难度) keep what is on record.
"""

from django.utils.translation import gettext as _

from lms.imports import FieldChange, read_rows

from ..models import Question, QuestionCategory
from .cleaning import clean_row
from .columns import COLUMNS, QUESTION_FORMAT, STEM
from .display import display_field
from .plan import QuestionPlan, QuestionUpdate
from .scoping import check_scope


def plan_questions(*, data, filename, user=None):
    """Read, clean and check a question file against the bank: a QuestionPlan.
    user: who imports (a trainer's rows must stay within their share of the
    bank: exams.questions.scoping); None for a script."""
    plan = QuestionPlan(filename=filename)
    plan.rows, plan.errors = read_rows(data, filename, QUESTION_FORMAT, clean_row)
    if not plan.rows:
        if not plan.errors:
            plan.error(
                None, "", _("文件中没有题目（第 1 行应为列名，从第 2 行起每行一道题）")
            )
        return plan
    _check_duplicates(plan)
    _plan_questions(plan)
    check_scope(plan, user)
    plan.sort_errors(COLUMNS)
    return plan


def _check_duplicates(plan):
    """The same question (kind and stem) twice in the file."""
    first_row = {}
    for row in plan.rows:
        if not (row.kind and row.stem):
            continue
        first = first_row.setdefault(row.key, row.row)
        if first != row.row:
            row.valid = False
            plan.error(
                row.row,
                STEM,
                _("与第 %(row)d 行是同一道题（题型和题干相同）") % {"row": first},
            )


def _plan_questions(plan):
    """Match rows to questions in the bank and plan creates, updates and new
    categories: two queries."""
    rows = [row for row in plan.rows if row.valid]
    categories = set(QuestionCategory.objects.values_list("name", flat=True))
    new_categories = {}
    for row in rows:
        if row.category not in categories:
            new_categories.setdefault(row.category, None)
    plan.new_categories = list(new_categories)

    existing = {}
    for question in (
        Question.objects.filter(stem__in={row.stem for row in rows})
        .select_related("category")
        .order_by("pk")
    ):
        existing.setdefault((question.kind, question.stem), question)
    for row in rows:
        question = existing.get(row.key)
        if question is None:
            plan.creates.append(row)
        else:
            _plan_update(plan, row, question)


def _plan_update(plan, row, question):
    new = {"options": row.options, "answer": row.answer, "category": row.category}
    # Blank optional cells keep what is on record.
    if row.explanation:
        new["explanation"] = row.explanation
    if row.difficulty is not None:
        new["difficulty"] = row.difficulty
    values, changes = {}, []
    for attr in ("options", "answer", "explanation", "category", "difficulty"):
        old = question.category.name if attr == "category" else getattr(question, attr)
        if attr in new and new[attr] != old:
            values[attr] = new[attr]
            changes.append(
                FieldChange(
                    label=str(Question._meta.get_field(attr).verbose_name),
                    old=display_field(question.kind, attr, old),
                    new=display_field(question.kind, attr, new[attr]),
                )
            )
    if values:
        plan.updates.append(
            QuestionUpdate(row=row, question=question, values=values, changes=changes)
        )
    else:
        plan.unchanged += 1

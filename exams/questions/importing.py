"""Importing a question file, all rows or none (the writes of 题库导入).

``question_import()`` plans the file again inside one transaction and applies the
plan in batches: new categories, new questions, changed questions, each question
with a history record naming the user and the file. A question matched by kind
and stem is updated, so importing the same file twice adds nothing.

Two imports at once cannot both add the same new question: on PostgreSQL the
transaction takes an advisory lock first; SQLite's IMMEDIATE transactions already
serialise writers. Once the new keys are stored, the submitted attempts that
answered a question whose key changed are graded again (exams.services).
"""

import logging

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from lms.imports import read_ahead

from ..bank import categories_take_charge
from ..models import Difficulty, Question, QuestionCategory
from ..regrading import question_regrade
from .plan import QuestionsInvalid
from .planning import plan_questions

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
# pg_advisory_xact_lock key: one question import at a time.
IMPORT_LOCK_KEY = 3330001


def question_import(*, data, filename, user=None):
    """Import a question file: every row or none. Returns the applied
    QuestionPlan (its ``regraded`` counts the attempts graded again); raises
    QuestionsInvalid, carrying the plan, when the file has errors, and then
    writes nothing. History records the import as done by ``user`` (None from a
    script)."""
    history_user = user if user is not None and user.is_authenticated else None
    reason = _("题库导入：%(file)s") % {"file": filename}
    # Read, clean and check the file before the transaction (issue 13: never
    # parse while holding the write lock); inside it, check against the bank again.
    data = read_ahead(data, filename)
    plan = plan_questions(data=data, filename=filename, user=user)
    if plan.errors:
        raise QuestionsInvalid(plan)
    with transaction.atomic():
        _lock_the_bank()
        plan = plan_questions(data=data, filename=filename, user=user)
        if plan.errors:
            raise QuestionsInvalid(plan)
        old_answers = {u.question.pk: list(u.question.answer) for u in plan.updates}
        _apply(plan, user=history_user, reason=reason)
        categories_take_charge(names=plan.new_categories, user=history_user)
    for update in plan.updates:
        if "answer" in update.values:
            plan.regraded += len(
                question_regrade(
                    question=update.question,
                    by=history_user,
                    reason=reason,
                    old_answer=old_answers[update.question.pk],
                )
            )
    logger.info(
        "question import %s: %d created, %d updated, %d unchanged, "
        "%d categories created, %d attempts regraded",
        filename,
        len(plan.creates),
        len(plan.updates),
        plan.unchanged,
        len(plan.new_categories),
        plan.regraded,
    )
    return plan


def _lock_the_bank():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK_KEY])


def _apply(plan, *, user, reason):
    """Write a checked plan with a constant number of (batched) queries."""
    history = {
        "batch_size": BATCH_SIZE,
        "default_user": user,
        "default_change_reason": reason,
        "default_date": timezone.now(),
    }
    if plan.new_categories:
        QuestionCategory.objects.bulk_create(
            [QuestionCategory(name=name) for name in plan.new_categories]
        )
    named = {row.category for row in plan.creates}
    named.update(u.values["category"] for u in plan.updates if "category" in u.values)
    category_ids = dict(
        QuestionCategory.objects.filter(name__in=named).values_list("name", "id")
    )
    if plan.creates:
        bulk_create_with_history(
            [
                Question(
                    kind=row.kind,
                    stem=row.stem,
                    options=row.options,
                    answer=row.answer,
                    explanation=row.explanation,
                    category_id=category_ids[row.category],
                    difficulty=row.difficulty or Difficulty.MEDIUM,
                )
                for row in plan.creates
            ],
            Question,
            **history,
        )
    if plan.updates:
        fields = set()
        questions = []
        for update in plan.updates:
            question = update.question
            for attr, value in update.values.items():
                if attr == "category":
                    question.category_id = category_ids[value]
                    fields.add("category")
                else:
                    setattr(question, attr, value)
                    fields.add(attr)
            questions.append(question)
        bulk_update_with_history(questions, Question, sorted(fields), **history)

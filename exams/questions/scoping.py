"""A trainer's import stays within their share of the bank (exams.bank): rows
that would add to a category not in their charge, or change a question not
theirs, or change the key of a question another trainer's quiz uses, are
errors (and the file is then imported not at all)."""

from django.utils.translation import gettext as _

from lms.access import may_edit_whole_question_bank

from ..bank import categories_for, key_change_refusal, questions_for
from .columns import ANSWER, CATEGORY, STEM


def check_scope(plan, user):
    """Add to plan's errors what user may not import (nothing for scripts
    and administrators). Three queries."""
    if user is None or may_edit_whole_question_bank(user):
        return
    allowed = set(categories_for(user).values_list("name", flat=True))
    new = set(plan.new_categories)
    updated = {update.question.pk for update in plan.updates}
    editable = set(
        questions_for(user).filter(pk__in=updated).values_list("pk", flat=True)
    )
    for row in plan.creates:
        if row.category not in allowed and row.category not in new:
            plan.error(row.row, CATEGORY, _not_in_charge(row.category))
    for update in plan.updates:
        row, question = update.row, update.question
        if question.pk not in editable:
            plan.error(
                row.row,
                STEM,
                _(
                    "题库中已有这道题（编号 %(pk)d），它不归您负责，不能修改；"
                    "请联系管理员"
                )
                % {"pk": question.pk},
            )
            continue
        category = update.values.get("category")
        if category and category not in allowed and category not in new:
            plan.error(row.row, CATEGORY, _not_in_charge(category))
        if {"answer", "options"} & set(update.values):
            refusal = key_change_refusal(user, question)
            if refusal:
                plan.error(row.row, ANSWER, refusal)


def _not_in_charge(name):
    return _("分类“%(name)s”不归您负责，不能导入到这个分类；请联系管理员") % {
        "name": name
    }

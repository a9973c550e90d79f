"""QuestionPlan: what importing a question file would do, or why it cannot be done.

Made by ``planning.plan_questions()``, applied by ``importing.question_import()``;
``summary()`` is its JSON-ready account kept with an upload.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lms.imports import FieldChange, ImportInvalid, ImportPlan

from ..models import Question
from .cleaning import QuestionRow


@dataclass
class QuestionUpdate:
    row: QuestionRow
    question: Question
    values: dict  # attribute → new value; "category" holds the category's name
    changes: list[FieldChange]


@dataclass
class QuestionPlan(ImportPlan):
    """What importing a question file would do: rows and creates are
    QuestionRows, updates QuestionUpdates."""

    new_categories: list[str] = field(default_factory=list)
    regraded: int = 0  # attempts graded again after an import changed keys

    def summary(self, *, max_errors=1000):
        """A JSON-ready account of the plan (kept with the upload)."""
        return {
            **super().summary(max_errors=max_errors),
            "new_categories": list(self.new_categories),
            "regraded": self.regraded,
            "updates": [
                {
                    "row": update.row.row,
                    "stem": str(update.question),
                    "changes": [
                        {"field": c.label, "old": c.old, "new": c.new}
                        for c in update.changes
                    ],
                }
                for update in self.updates
            ],
        }


def summary_lines(summary):
    """The Chinese summary of a plan's ``summary()``."""
    lines = [
        _("新增 %(created)d 题，更新 %(updated)d 题，未变 %(unchanged)d 题") % summary
    ]
    if summary.get("regraded"):
        lines.append(
            _("答案有变化的题目已重新评分，涉及 %(count)d 份答卷")
            % {"count": summary["regraded"]}
        )
    if summary["new_categories"]:
        lines.append(
            _("新建分类 %(count)d 个：%(names)s")
            % {
                "count": len(summary["new_categories"]),
                "names": "、".join(summary["new_categories"]),
            }
        )
    return lines


class QuestionsInvalid(ImportInvalid):
    """The file has errors; nothing was imported. ``plan.errors`` says why."""

    message = gettext_lazy("题库文件有 %(count)d 处错误，未导入任何题目")

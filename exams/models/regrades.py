"""重新评分记录: every regrade after a key was changed, with who and why."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .questions import Question


class Regrade(models.Model):
    """One regrade of the submitted attempts that answered a question, after
    its key changed (the question form or the import)."""

    question = models.ForeignKey(
        Question,
        verbose_name=_("题目"),
        on_delete=models.PROTECT,
        related_name="regrades",
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"))
    reason = models.TextField(_("原因"))
    old_answer = models.JSONField(_("原答案"), default=list)
    new_answer = models.JSONField(_("新答案"), default=list)
    attempts_affected = models.PositiveIntegerField(_("重新评分的答卷数"), default=0)
    scores_changed = models.PositiveIntegerField(_("成绩有变化的答卷数"), default=0)

    class Meta:
        verbose_name = _("重新评分记录")
        verbose_name_plural = _("重新评分记录")
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(reason=""), name="regrade_has_a_reason"
            ),
        ]

    def __str__(self):
        return f"{self.question} · {self.at:%Y-%m-%d %H:%M}"

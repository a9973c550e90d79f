"""Attempts (答题记录) and their answers."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .questions import Question
from .quizzes import Grading, QuizPage


class AttemptQuerySet(models.QuerySet):
    def grades(self):
        """{(cadre id, quiz id): grade} of these attempts, each quiz's under
        its grading rule: the highest score (the later of equal ones) under
        取最高分, the last submitted attempt's under 取最后一次. One query; a
        quiz without a submitted attempt is left out."""
        rank = models.Case(
            models.When(quiz__grading=Grading.LAST, then=models.Value(0)),
            default=models.F("score"),
            output_field=models.DecimalField(max_digits=5, decimal_places=1),
        )
        attempts = (
            self.filter(submitted_at__isnull=False)
            .order_by("cadre_id", "quiz_id", rank.desc(), "-number")
            .values_list("cadre_id", "quiz_id", "score")
        )
        grades = {}
        for cadre_id, quiz_id, score in attempts:
            grades.setdefault((cadre_id, quiz_id), score)
        return grades


class Attempt(models.Model):
    """答题记录: one attempt of a cadre at a quiz, its questions fixed at start.

    questions: [{"id": question pk, "points": "5.0", "options": [original
    option indexes in the order shown]}, …] in the order shown. The deadline
    is kept here, on the server; submitted_at is set exactly once.
    """

    quiz = models.ForeignKey(
        QuizPage,
        verbose_name=_("测验"),
        on_delete=models.PROTECT,
        related_name="attempts",
    )
    cadre = models.ForeignKey(
        "lms.Cadre",
        verbose_name=_("学员"),
        on_delete=models.CASCADE,
        related_name="attempts",
    )
    number = models.PositiveSmallIntegerField(_("第几次作答"))
    questions = models.JSONField(_("试题"))
    started_at = models.DateTimeField(_("开始时间"))
    deadline = models.DateTimeField(_("截止时间"))
    submitted_at = models.DateTimeField(_("交卷时间"), null=True, blank=True)
    score = models.DecimalField(
        _("得分（百分制）"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    passed = models.BooleanField(_("是否及格"), null=True, blank=True)

    objects = AttemptQuerySet.as_manager()
    history = HistoricalRecords(
        verbose_name=_("成绩变更记录"), verbose_name_plural=_("成绩变更记录")
    )

    class Meta:
        verbose_name = _("答题记录")
        verbose_name_plural = _("答题记录")
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "cadre", "number"], name="attempt_number_once"
            ),
            models.UniqueConstraint(
                fields=["quiz", "cadre"],
                condition=Q(submitted_at__isnull=True),
                name="attempt_one_open_per_quiz",
            ),
            models.CheckConstraint(
                condition=Q(deadline__gt=models.F("started_at")),
                name="attempt_deadline_after_start",
            ),
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True) | Q(score__isnull=False),
                name="attempt_submitted_has_score",
            ),
        ]

    def __str__(self):
        return f"{self.cadre} · {self.quiz} #{self.number}"


class AttemptAnswer(models.Model):
    """The cadre's saved answer to one question of an attempt (latest wins)."""

    attempt = models.ForeignKey(
        Attempt,
        verbose_name=_("答题记录"),
        on_delete=models.CASCADE,
        related_name="answers",
    )
    question = models.ForeignKey(
        Question, verbose_name=_("题目"), on_delete=models.PROTECT, related_name="+"
    )
    response = models.JSONField(_("作答"), default=list)
    saved_at = models.DateTimeField(_("保存时间"))
    correct = models.BooleanField(_("是否正确"), null=True, blank=True)
    points = models.DecimalField(
        _("得分"), max_digits=5, decimal_places=1, null=True, blank=True
    )

    class Meta:
        verbose_name = _("作答")
        verbose_name_plural = _("作答")
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "question"], name="attempt_answer_once"
            ),
        ]

    def __str__(self):
        return f"{self.attempt} · {self.question_id}"

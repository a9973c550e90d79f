"""The question bank (题库): categories and questions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

OPTION_LETTERS = "ABCDEF"


class QuestionCategory(models.Model):
    """题目分类: 党的建设, 五面红旗之一, 民族团结政策 …"""

    name = models.CharField(_("分类名称"), max_length=40, unique=True)
    # Who may see and edit its questions besides administrators (and the
    # trainers of courses whose quizzes use them): exams.bank.
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("负责讲师"),
        blank=True,
        related_name="question_categories",
        limit_choices_to={"role": "trainer", "is_active": True},
        help_text=_(
            "这些讲师可以查看和编辑本分类的题目；讲师新建的分类自动归其负责。"
            "管理员可以查看和编辑全部题目。"
        ),
    )

    panels = [FieldPanel("name"), FieldPanel("trainers")]

    class Meta:
        verbose_name = _("题目分类")
        verbose_name_plural = _("题目分类")
        ordering = ["name"]

    def __str__(self):
        return self.name


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("单选题")
    MULTIPLE = "multiple", _("多选题")
    TRUE_FALSE = "true_false", _("判断题")
    FILL_BLANK = "fill_blank", _("填空题")


class Difficulty(models.IntegerChoices):
    EASY = 1, _("易")
    MEDIUM = 2, _("中")
    HARD = 3, _("难")


class Question(index.Indexed, models.Model):
    """One question of the bank.

    options: the choices' texts in order (A, B, …); empty for true/false and
    fill-in-the-blank. answer: the key, always a list — option letters for
    choice questions (["B"], ["A", "C"]), ["对"] or ["错"] for true/false, and
    every accepted answer for a blank (["村民代表会议", "村民会议"]).
    """

    kind = models.CharField(_("题型"), max_length=12, choices=QuestionKind.choices)
    stem = models.TextField(_("题干"))
    options = models.JSONField(_("选项"), default=list, blank=True)
    answer = models.JSONField(_("答案"), default=list)
    explanation = models.TextField(_("解析"), blank=True)
    category = models.ForeignKey(
        QuestionCategory,
        verbose_name=_("分类"),
        on_delete=models.PROTECT,
        related_name="questions",
    )
    difficulty = models.PositiveSmallIntegerField(
        _("难度"), choices=Difficulty.choices, default=Difficulty.MEDIUM
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    history = HistoricalRecords(
        verbose_name=_("题目变更记录"), verbose_name_plural=_("题目变更记录")
    )

    search_fields = [
        index.SearchField("stem"),
        index.AutocompleteField("stem"),
        index.FilterField("kind"),
        index.FilterField("category_id"),
    ]

    class Meta:
        verbose_name = _("题目")
        verbose_name_plural = _("题目")
        ordering = ["category", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(difficulty__gte=1, difficulty__lte=3),
                name="question_difficulty_1_to_3",
            ),
        ]

    def __str__(self):
        return self.stem if len(self.stem) <= 40 else self.stem[:39] + "…"

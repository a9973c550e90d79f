"""Quizzes (测验): their rules and their questions, fixed or drawn."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from courses.models import CoursePartMixin
from courses.publishing.quiz_totals import QuestionTotalsPanel

from .questions import Question, QuestionCategory


class Grading(models.TextChoices):
    HIGHEST = "highest", _("取最高分")
    LAST = "last", _("取最后一次")


class ShowAnswers(models.TextChoices):
    # As Moodle's review options: by default the key is shown only once the
    # cadre cannot try again, so a blank first attempt does not reveal it.
    AFTER_LAST = "after_last", _("用完作答次数或测验截止后")
    AFTER_ATTEMPT = "after_attempt", _("每次交卷后（学员可先交白卷看答案）")
    AFTER_CLOSE = "after_close", _("测验截止后")
    NEVER = "never", _("不显示")


class QuizPage(CoursePartMixin, Page):
    """测验: a quiz in a course, taken by its enrolled cadres; passing counts."""

    intro = RichTextField(_("测验说明"), blank=True)
    pass_mark = models.PositiveSmallIntegerField(
        _("及格分（百分制）"),
        default=60,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("答题时限（分钟）"), default=30, validators=[MinValueValidator(1)]
    )
    opens_at = models.DateTimeField(_("开放时间"), null=True, blank=True)
    closes_at = models.DateTimeField(_("截止时间"), null=True, blank=True)
    max_attempts = models.PositiveSmallIntegerField(
        _("最多作答次数"), default=3, validators=[MinValueValidator(1)]
    )
    grading = models.CharField(
        _("成绩计算"), max_length=10, choices=Grading.choices, default=Grading.HIGHEST
    )
    show_answers = models.CharField(
        _("何时显示答案"),
        max_length=15,
        choices=ShowAnswers.choices,
        default=ShowAnswers.AFTER_LAST,
        help_text=_(
            "选“每次交卷后”时，学员交卷后即可看到正确答案：可以先交一份空白答卷"
            "看答案，再用下一次作答及格。除非只允许作答一次，否则请选“用完作答"
            "次数或测验截止后”。"
        ),
    )
    shuffle_questions = models.BooleanField(_("题目乱序"), default=True)
    shuffle_options = models.BooleanField(_("选项乱序"), default=True)
    credit_hours = models.DecimalField(
        _("学时"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("通过测验计入的学时，0 表示不计学时"),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("pass_mark"), FieldPanel("credit_hours")]),
                FieldRowPanel(
                    [FieldPanel("time_limit_minutes"), FieldPanel("max_attempts")]
                ),
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldRowPanel([FieldPanel("grading"), FieldPanel("show_answers")]),
                FieldRowPanel(
                    [FieldPanel("shuffle_questions"), FieldPanel("shuffle_options")]
                ),
            ],
            heading=_("测验规则"),
        ),
        InlinePanel("fixed_questions", heading=_("固定题目"), label=_("题目")),
        InlinePanel("random_rules", heading=_("按分类随机抽题"), label=_("抽题规则")),
        QuestionTotalsPanel(fixed="fixed_questions", drawn="random_rules"),
    ]
    parent_page_types = ["courses.CoursePage"]
    subpage_types = []

    @classmethod
    def _attempt_model(cls):
        """Attempt (exams.models.attempts, which imports this module)."""
        return cls._meta.get_field("attempts").related_model

    @classmethod
    def completions_from_events(cls, *, cadre_ids=None):
        """A quiz is completed by its first passed attempt (a regrade that
        passes an attempt counts from the attempt's submission)."""
        passed = cls._attempt_model().objects.filter(
            passed=True, submitted_at__isnull=False
        )
        if cadre_ids is not None:
            passed = passed.filter(cadre_id__in=cadre_ids)
        return (
            passed.values_list("cadre_id", "quiz_id")
            .annotate(first=models.Min("submitted_at"))
            .order_by()
        )

    @classmethod
    def archive_scores(cls, *, cadre_id, page_ids):
        """Every quiz of page_ids with the cadre's grade (None before a
        submitted attempt): one query."""
        attempts = cls._attempt_model().objects.filter(
            cadre_id=cadre_id, quiz_id__in=page_ids
        )
        grades = attempts.grades()
        return {pk: grades.get((cadre_id, pk)) for pk in page_ids}

    def course_row_meta(self):
        """The line under its title in the course's list."""
        return _("限时 %(minutes)s 分钟 · 及格 %(mark)s 分") % {
            "minutes": self.time_limit_minutes,
            "mark": self.pass_mark,
        }

    def question_count(self):
        """Questions per attempt: two small queries (none in a preview)."""
        fixed = len(self.fixed_questions.all())
        return fixed + sum(rule.count for rule in self.random_rules.all())

    class Meta:
        verbose_name = _("测验")
        verbose_name_plural = _("测验")
        constraints = [
            models.CheckConstraint(
                condition=Q(pass_mark__lte=100), name="quiz_pass_mark_at_most_100"
            ),
            models.CheckConstraint(
                condition=Q(time_limit_minutes__gte=1), name="quiz_time_limit_positive"
            ),
            models.CheckConstraint(
                condition=Q(max_attempts__gte=1), name="quiz_max_attempts_positive"
            ),
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(closes_at__gt=models.F("opens_at")),
                name="quiz_closes_after_it_opens",
            ),
        ]


class QuizFixedQuestion(Orderable):
    """A question every attempt of the quiz gets."""

    quiz = ParentalKey(
        QuizPage, on_delete=models.CASCADE, related_name="fixed_questions"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("题目"), on_delete=models.PROTECT, related_name="+"
    )
    points = models.DecimalField(
        _("分值"),
        max_digits=5,
        decimal_places=1,
        default=Decimal("5"),
        validators=[MinValueValidator(Decimal("0.5"))],
    )

    panels = [FieldPanel("question"), FieldPanel("points")]

    class Meta(Orderable.Meta):
        verbose_name = _("固定题目")
        verbose_name_plural = _("固定题目")
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "question"], name="quiz_fixed_question_once"
            ),
        ]


class QuizRandomRule(Orderable):
    """Draw `count` random questions of a category for each attempt."""

    quiz = ParentalKey(QuizPage, on_delete=models.CASCADE, related_name="random_rules")
    category = models.ForeignKey(
        QuestionCategory,
        verbose_name=_("分类"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    count = models.PositiveSmallIntegerField(
        _("抽题数量"), validators=[MinValueValidator(1)]
    )
    points = models.DecimalField(
        _("每题分值"),
        max_digits=5,
        decimal_places=1,
        default=Decimal("5"),
        validators=[MinValueValidator(Decimal("0.5"))],
    )

    panels = [
        FieldRowPanel(
            [FieldPanel("category"), FieldPanel("count"), FieldPanel("points")]
        )
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("抽题规则")
        verbose_name_plural = _("抽题规则")

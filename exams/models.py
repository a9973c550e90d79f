"""Question banks (题库), quizzes (测验) and attempts (答题记录)."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from simple_history.models import HistoricalRecords
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from courses.models import CoursePartMixin
from courses.publishing.quiz_totals import QuestionTotalsPanel

OPTION_LETTERS = "ABCDEF"


class QuestionCategory(models.Model):
    """题目分类: 党的建设, 五面红旗之一, 民族团结政策 …"""

    name = models.CharField(_("分类名称"), max_length=40, unique=True)

    panels = [FieldPanel("name")]

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


class Grading(models.TextChoices):
    HIGHEST = "highest", _("取最高分")
    LAST = "last", _("取最后一次")


class ShowAnswers(models.TextChoices):
    AFTER_ATTEMPT = "after_attempt", _("每次交卷后")
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
        default=ShowAnswers.AFTER_ATTEMPT,
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
    def completions_from_events(cls, *, cadre_ids=None):
        """A quiz is completed by its first passed attempt (a regrade that
        passes an attempt counts from the attempt's submission)."""
        passed = Attempt.objects.filter(passed=True, submitted_at__isnull=False)
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
        attempts = Attempt.objects.filter(cadre_id=cadre_id, quiz_id__in=page_ids)
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

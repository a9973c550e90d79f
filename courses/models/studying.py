"""Studying: enrolments, lesson progress, the study session, completed parts,
the study-hours ledger and the yearly targets."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.models import Page

# --- Studying: enrolments, lesson progress, the study-hours ledger -------------


class Enrollment(models.Model):
    """A cadre's place in a course: required by audience, or chosen (elective)."""

    class Source(models.TextChoices):
        REQUIRED = "required", _("必修自动报名")
        CHOSEN = "chosen", _("自主选课")

    cadre = models.ForeignKey(
        "lms.Cadre",
        verbose_name=_("学员"),
        on_delete=models.CASCADE,
        related_name="enrollments",
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("课程"),
        on_delete=models.CASCADE,
        related_name="enrollments",
    )
    source = models.CharField(_("报名方式"), max_length=10, choices=Source.choices)
    enrolled_at = models.DateTimeField(_("报名时间"), auto_now_add=True)
    completed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    history = HistoricalRecords(
        verbose_name=_("报名变更记录"), verbose_name_plural=_("报名变更记录")
    )

    class Meta:
        verbose_name = _("报名")
        verbose_name_plural = _("报名")
        constraints = [
            models.UniqueConstraint(
                fields=["cadre", "course"], name="enrollment_once_per_course"
            ),
        ]

    def __str__(self):
        return f"{self.cadre} · {self.course}"


class LessonProgress(models.Model):
    """Study time the server has credited to a cadre on one lesson."""

    cadre = models.ForeignKey(
        "lms.Cadre",
        verbose_name=_("学员"),
        on_delete=models.CASCADE,
        related_name="lesson_progress",
    )
    lesson = models.ForeignKey(
        "courses.LessonPage",
        verbose_name=_("课时"),
        on_delete=models.CASCADE,
        related_name="progress",
    )
    seconds_studied = models.PositiveIntegerField(_("已学时长（秒）"), default=0)
    video_seconds_watched = models.PositiveIntegerField(
        _("已观看视频（秒）"), default=0
    )
    completed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("课时进度")
        verbose_name_plural = _("课时进度")
        constraints = [
            models.UniqueConstraint(
                fields=["cadre", "lesson"], name="lesson_progress_once_per_lesson"
            ),
        ]

    def __str__(self):
        return f"{self.cadre} · {self.lesson}"


class StudySession(models.Model):
    """The one lesson a cadre is studying now: a second tab takes it over,
    so time is never credited twice."""

    cadre = models.OneToOneField(
        "lms.Cadre",
        verbose_name=_("学员"),
        on_delete=models.CASCADE,
        related_name="study_session",
    )
    lesson = models.ForeignKey(
        "courses.LessonPage",
        verbose_name=_("课时"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    token = models.CharField(_("会话标识"), max_length=32, unique=True)
    sequence = models.PositiveIntegerField(_("心跳序号"), default=0)
    last_beat_at = models.DateTimeField(_("上次心跳"))

    class Meta:
        verbose_name = _("学习会话")
        verbose_name_plural = _("学习会话")

    def __str__(self):
        return f"{self.cadre} · {self.lesson}"


class HoursLedgerEntry(models.Model):
    """学时台账: one entry per completed lesson or course, so that a cadre's
    yearly hours can always be explained and rebuilt."""

    class Source(models.TextChoices):
        LESSON = "lesson", _("课时完成")
        QUIZ = "quiz", _("测验通过")
        ATTENDANCE = "attendance", _("集中培训出勤")
        COURSE = "course", _("课程结业")

    class Kind(models.TextChoices):
        ONLINE = "online", _("网络培训")
        CENTRALISED = "centralised", _("集中培训")

    cadre = models.ForeignKey(
        "lms.Cadre",
        verbose_name=_("学员"),
        on_delete=models.CASCADE,
        related_name="hours_ledger",
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    hours = models.DecimalField(_("学时"), max_digits=5, decimal_places=1)
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices)
    kind = models.CharField(
        _("学时类别"), max_length=12, choices=Kind.choices, default=Kind.ONLINE
    )
    page = models.ForeignKey(
        Page,
        verbose_name=_("课程、课时或测验"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    training_session = models.ForeignKey(
        "courses.TrainingSession",
        verbose_name=_("培训场次"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("出勤学时：对应的培训场次（此时“课程”为其所属课程）"),
    )
    earned_at = models.DateTimeField(_("取得时间"))

    class Meta:
        verbose_name = _("学时记录")
        verbose_name_plural = _("学时记录")
        indexes = [
            models.Index(fields=["cadre", "year"], name="ledger_cadre_year_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["cadre", "source", "page"],
                condition=Q(training_session__isnull=True),
                name="ledger_once_per_source",
            ),
            models.UniqueConstraint(
                fields=["cadre", "training_session"],
                condition=Q(training_session__isnull=False),
                name="ledger_once_per_session",
            ),
            models.CheckConstraint(
                condition=Q(hours__gte=0), name="ledger_hours_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.cadre} {self.year} +{self.hours}"


class PartCompletion(models.Model):
    """A required part of a course (a lesson, a quiz) that a cadre completed.

    Parts are the page types with is_course_part = True under a CoursePage;
    course completion counts these rows against the course's live parts.
    """

    cadre = models.ForeignKey(
        "lms.Cadre",
        verbose_name=_("学员"),
        on_delete=models.CASCADE,
        related_name="part_completions",
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("课程"),
        on_delete=models.CASCADE,
        related_name="part_completions",
    )
    page = models.ForeignKey(
        Page, verbose_name=_("课时或测验"), on_delete=models.CASCADE, related_name="+"
    )
    completed_at = models.DateTimeField(_("完成时间"))

    class Meta:
        verbose_name = _("完成的学习环节")
        verbose_name_plural = _("完成的学习环节")
        indexes = [
            models.Index(fields=["cadre", "course"], name="part_done_cadre_course_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["cadre", "page"], name="part_completed_once"
            ),
        ]

    def __str__(self):
        return f"{self.cadre} · {self.page_id}"


@register_setting(icon="time")
class StudyHourTargets(BaseGenericSetting):
    """每年学时目标: the hours a cadre should earn in a year, by kind.

    The defaults are the national cadre-training rules' figures.
    """

    online_hours = models.DecimalField(
        _("每年网络培训学时"),
        max_digits=5,
        decimal_places=1,
        default=Decimal("50"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    centralised_hours = models.DecimalField(
        _("每年集中培训学时"),
        max_digits=5,
        decimal_places=1,
        default=Decimal("90"),
        validators=[MinValueValidator(Decimal("0"))],
    )

    class Meta:
        verbose_name = _("年度学时目标")
        verbose_name_plural = _("年度学时目标")

    def __str__(self):
        return str(self._meta.verbose_name)

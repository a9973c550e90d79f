"""Kept records (学习档案): what each cadre has done, summed so that reports
read one row per cadre instead of recomputing from every event.

Layers, each computed from the one below:
- raw events: enrolments, lesson progress, attempts (exams), attendance marks;
- completion records: PartCompletion, the hours ledger, Enrollment.completed_at;
- summaries: CourseRecord (one per enrolment) and YearRecord (one per cadre
  and year), and the Certificate of a completed course.

courses.records.services keeps the summaries up to date after every event;
`manage.py rebuild_records` recomputes all layers and reports differences.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lms.private_files.storage import TokenPath, private_storage

from .pages import CoursePage, TrackPage

ZERO_HOURS = Decimal("0.0")


class CourseRecord(models.Model):
    """A cadre's standing in one course they are enrolled in."""

    cadre = models.ForeignKey(
        "lms.Cadre",
        verbose_name=_("学员"),
        on_delete=models.CASCADE,
        related_name="course_records",
    )
    course = models.ForeignKey(
        CoursePage,
        verbose_name=_("课程"),
        on_delete=models.CASCADE,
        related_name="records",
    )
    track = models.ForeignKey(
        TrackPage,
        verbose_name=_("课堂"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("计入年度"))
    required = models.BooleanField(_("必修"))
    parts_done = models.PositiveIntegerField(_("已完成环节"), default=0)
    online_hours = models.DecimalField(
        _("网络培训学时"), max_digits=6, decimal_places=1, default=ZERO_HOURS
    )
    centralised_hours = models.DecimalField(
        _("集中培训学时"), max_digits=6, decimal_places=1, default=ZERO_HOURS
    )
    completed_at = models.DateTimeField(_("结业时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("课程学习档案")
        verbose_name_plural = _("课程学习档案")
        indexes = [
            models.Index(fields=["year", "required"], name="course_record_year_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["cadre", "course"], name="course_record_once_per_course"
            ),
        ]

    def __str__(self):
        return f"{self.cadre_id} · {self.course_id}"

    @property
    def status(self):
        if self.completed_at is not None:
            return "completed"
        if self.parts_done or self.online_hours or self.centralised_hours:
            return "studying"
        return "not_started"


class YearRecord(models.Model):
    """A cadre's year: hours by kind (from the ledger) and required courses
    of the year (from the course records)."""

    cadre = models.ForeignKey(
        "lms.Cadre",
        verbose_name=_("学员"),
        on_delete=models.CASCADE,
        related_name="year_records",
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    online_hours = models.DecimalField(
        _("网络培训学时"), max_digits=6, decimal_places=1, default=ZERO_HOURS
    )
    centralised_hours = models.DecimalField(
        _("集中培训学时"), max_digits=6, decimal_places=1, default=ZERO_HOURS
    )
    required_courses = models.PositiveIntegerField(_("必修课程"), default=0)
    required_completed = models.PositiveIntegerField(_("已结业必修课程"), default=0)
    courses_completed = models.PositiveIntegerField(_("已结业课程"), default=0)

    class Meta:
        verbose_name = _("年度学习档案")
        verbose_name_plural = _("年度学习档案")
        indexes = [models.Index(fields=["year"], name="year_record_year_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["cadre", "year"], name="year_record_once_per_year"
            ),
            models.CheckConstraint(
                condition=Q(required_completed__lte=models.F("required_courses")),
                name="year_record_completed_within_required",
            ),
        ]

    def __str__(self):
        return f"{self.cadre_id} · {self.year}"


class Certificate(models.Model):
    """结业证书: issued once when a cadre completes a course; its code lets
    anyone check it is genuine on the public verification page."""

    cadre = models.ForeignKey(
        "lms.Cadre",
        verbose_name=_("学员"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    course = models.ForeignKey(
        CoursePage,
        verbose_name=_("课程"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    code = models.CharField(_("验证码"), max_length=16, unique=True)
    completed_at = models.DateTimeField(_("结业时间"))
    hours = models.DecimalField(_("学时"), max_digits=6, decimal_places=1)
    issued_at = models.DateTimeField(_("发证时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("结业证书")
        verbose_name_plural = _("结业证书")
        constraints = [
            models.UniqueConstraint(
                fields=["cadre", "course"], name="certificate_once_per_course"
            ),
        ]

    def __str__(self):
        return self.code


class ReportExport(models.Model):
    """An Excel export of a supervisor report, built in the background; the
    page polls its progress and then offers the file."""

    class Status(models.TextChoices):
        PENDING = "pending", _("排队中")
        RUNNING = "running", _("生成中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("导出人"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    params = models.JSONField(_("筛选条件"), default=dict)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    rows_done = models.PositiveIntegerField(_("已处理行数"), default=0)
    rows_total = models.PositiveIntegerField(_("总行数"), default=0)
    # Private (issue 13): outside MEDIA_ROOT, a random name, served only to
    # the user who asked for it; expires after 7 days.
    file = models.FileField(
        _("文件"),
        upload_to=TokenPath("report_exports"),
        storage=private_storage,
        blank=True,
    )
    error = models.TextField(_("错误信息"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("报表导出")
        verbose_name_plural = _("报表导出")

    def __str__(self):
        return f"{self.requested_by_id} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def percent(self):
        if self.status == self.Status.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(99, self.rows_done * 100 // self.rows_total)

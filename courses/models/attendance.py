"""Offline training (集中培训): sessions of a course, and each cadre's mark in
the attendance register (考勤), filled by QR check-in or by the trainer."""

import datetime as dt
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from simple_history.models import HistoricalRecords

from lms.models import Role

from .pages import CoursePage


class TrainingSession(ClusterableModel):
    """培训场次: one meeting of a course in a place, with its expected roster."""

    class Roster(models.TextChoices):
        ENROLLED = "enrolled", _("本课程全部报名学员")
        CHOSEN = "chosen", _("按条件选定的学员")

    class State(models.TextChoices):
        """Where a session stands (state_at): derived, never stored."""

        NOT_STARTED = "not_started", _("未开始")
        CHECKIN = "checkin", _("签到中")
        IN_PROGRESS = "in_progress", _("进行中")
        TO_CLOSE = "to_close", _("待结束考勤")
        CLOSED = "closed", _("已结束")

    class Approval(models.TextChoices):
        """Whether the session's hours count: a back-dated session or one
        closed late waits for an administrator (courses.attendance.approval)."""

        NOT_NEEDED = "not_needed", _("无需确认")
        PENDING = "pending", _("待确认")
        APPROVED = "approved", _("已确认")
        REFUSED = "refused", _("未通过")

    course = models.ForeignKey(
        CoursePage,
        verbose_name=_("课程"),
        on_delete=models.PROTECT,
        related_name="training_sessions",
    )
    title = models.CharField(_("场次名称"), max_length=80)
    place = models.CharField(_("地点"), max_length=80)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    credit_hours = models.DecimalField(
        _("集中培训学时"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("3.0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    trainer = models.ForeignKey(
        "lms.User",
        verbose_name=_("授课讲师"),
        on_delete=models.PROTECT,
        related_name="training_sessions",
        limit_choices_to={"role": Role.TRAINER},
    )
    roster = models.CharField(
        _("应到学员"), max_length=10, choices=Roster.choices, default=Roster.ENROLLED
    )
    roster_positions = models.JSONField(_("职务"), default=list, blank=True)
    roster_village_classes = models.JSONField(_("村分类"), default=list, blank=True)
    roster_townships = ParentalManyToManyField(
        "lms.Township", verbose_name=_("苏木乡镇"), blank=True, related_name="+"
    )
    checkin_opens_minutes = models.PositiveSmallIntegerField(
        _("提前开放签到（分钟）"),
        default=30,
        validators=[MaxValueValidator(24 * 60)],
    )
    late_after_minutes = models.PositiveSmallIntegerField(
        _("迟到宽限（分钟）"),
        default=10,
        help_text=_("开始后超过这个时间签到记为迟到"),
    )
    closed_at = models.DateTimeField(_("结束考勤时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        "lms.User",
        verbose_name=_("结束考勤人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Optional: where the session meets, for the check-in page to ask the
    # phone's location (a scan farther than checkin_radius_m is flagged).
    latitude = models.DecimalField(
        _("地点纬度"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("地点经度"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    checkin_radius_m = models.PositiveIntegerField(
        _("签到允许距离（米）"),
        null=True,
        blank=True,
        validators=[MinValueValidator(10), MaxValueValidator(100_000)],
        help_text=_("填写地点经纬度和允许距离后，签到页会请求手机定位"),
    )
    approval = models.CharField(
        _("学时确认"),
        max_length=10,
        choices=Approval.choices,
        default=Approval.NOT_NEEDED,
    )
    approval_cause = models.CharField(_("须确认的原因"), max_length=200, blank=True)
    approval_by = models.ForeignKey(
        "lms.User",
        verbose_name=_("确认人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approval_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    approval_note = models.CharField(_("确认意见"), max_length=200, blank=True)
    history = HistoricalRecords(
        verbose_name=_("场次变更记录"), verbose_name_plural=_("场次变更记录")
    )

    class Meta:
        verbose_name = _("培训场次")
        verbose_name_plural = _("培训场次")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="session_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(credit_hours__gte=0),
                name="session_credit_hours_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="session_place_both_coordinates",
            ),
        ]

    def __str__(self):
        return f"{self.title}（{self.place}）"

    @property
    def hours_count(self):
        """Whether the session's hours count (not waiting for, nor refused
        by, an administrator)."""
        return self.approval in HOURS_COUNT_APPROVALS

    @property
    def has_place(self):
        """Whether check-in asks the phone where it is."""
        return self.latitude is not None and self.checkin_radius_m is not None

    @property
    def checkin_opens_at(self):
        """Check-in opens checkin_opens_minutes before the start."""
        return self.starts_at - dt.timedelta(minutes=self.checkin_opens_minutes)

    @property
    def late_after(self):
        """A check-in after this moment is late."""
        return self.starts_at + dt.timedelta(minutes=self.late_after_minutes)

    def state_at(self, now):
        """The session's State at moment now, from its times and its register:

        - 已结束 once the register is closed (whatever the time);
        - 未开始 before check-in opens (checkin_opens_at);
        - 签到中 from then until the late threshold (late_after; the end at
          the latest): a check-in now is on time;
        - 进行中 after it until the end: a check-in now is late;
        - 待结束考勤 after the end while the register is still open.

        The boundaries are those of services.checkin: check-in is accepted
        from checkin_opens_at to ends_at inclusive, late after late_after.
        """
        if self.closed_at is not None:
            return self.State.CLOSED
        if now < self.checkin_opens_at:
            return self.State.NOT_STARTED
        if now > self.ends_at:
            return self.State.TO_CLOSE
        if now <= self.late_after:
            return self.State.CHECKIN
        return self.State.IN_PROGRESS

    @property
    def state(self):
        """state_at now (for templates; code with a clock passes now)."""
        return self.state_at(timezone.now())


# The approvals under which a session's hours count.
HOURS_COUNT_APPROVALS = (
    TrainingSession.Approval.NOT_NEEDED,
    TrainingSession.Approval.APPROVED,
)


class AttendanceState(models.TextChoices):
    PRESENT = "present", _("出勤")
    LATE = "late", _("迟到")
    EXCUSED = "excused", _("请假")
    ABSENT = "absent", _("缺勤")


# Present or late: the session counts as attended (hours, completion).
ATTENDED_STATES = (AttendanceState.PRESENT, AttendanceState.LATE)


class AttendanceMark(models.Model):
    """A cadre's state in a session's register; one per cadre and session.

    Every change keeps history (who, when, from what to what, and why).
    """

    class Suspicion(models.TextChoices):
        SAME_DEVICE = "same_device", _("同一手机已为其他学员签到")
        TOO_FAR = "too_far", _("签到位置距离培训地点过远")

    class Source(models.TextChoices):
        CHECKIN = "checkin", _("扫码签到")
        REGISTER = "register", _("讲师点名")
        IMPORT = "import", _("纸质签到导入")
        CLOSING = "closing", _("结束考勤时未签到")

    session = models.ForeignKey(
        TrainingSession,
        verbose_name=_("培训场次"),
        on_delete=models.CASCADE,
        related_name="marks",
    )
    cadre = models.ForeignKey(
        "lms.Cadre",
        verbose_name=_("学员"),
        on_delete=models.CASCADE,
        related_name="attendance_marks",
    )
    state = models.CharField(
        _("考勤状态"), max_length=10, choices=AttendanceState.choices
    )
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices)
    checked_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    checked_out_at = models.DateTimeField(_("签退时间"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    marked_by = models.ForeignKey(
        "lms.User",
        verbose_name=_("标记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # 疑似代签: the phone (a long-lived signed cookie) and, when it said, how
    # far from the place it was; a flagged check-in waits for the trainer.
    device = models.CharField(_("签到设备"), max_length=64, blank=True)
    distance_m = models.PositiveIntegerField(_("签到距离（米）"), null=True, blank=True)
    suspicion = models.CharField(
        _("疑似代签"), max_length=12, choices=Suspicion.choices, blank=True
    )
    suspicion_decided_by = models.ForeignKey(
        "lms.User",
        verbose_name=_("代签处理人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    suspicion_decided_at = models.DateTimeField(
        _("代签处理时间"), null=True, blank=True
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    history = HistoricalRecords(
        verbose_name=_("考勤变更记录"), verbose_name_plural=_("考勤变更记录")
    )

    class Meta:
        verbose_name = _("考勤记录")
        verbose_name_plural = _("考勤记录")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "cadre"], name="attendance_once_per_session"
            ),
            models.CheckConstraint(
                condition=Q(checked_out_at__isnull=True)
                | Q(checked_in_at__isnull=False),
                name="attendance_checkout_after_checkin",
            ),
        ]

    def __str__(self):
        return f"{self.session} · {self.cadre} · {self.get_state_display()}"

    @property
    def suspicion_open(self):
        """Flagged 疑似代签 and not yet decided by the trainer."""
        return bool(self.suspicion) and self.suspicion_decided_at is None

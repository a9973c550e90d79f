"""What a session may be (checked by the 培训场次 form): of a live course,
at most LMS_SESSION_MAX_MINUTES long, with no more 学时 than its scheduled
minutes allow (one per LMS_SESSION_MINUTES_PER_HOUR), and, once its register
is closed, its course, times, hours and roster fixed (its hours are in the
cadres' ledgers)."""

from decimal import ROUND_DOWN, Decimal

from django.conf import settings
from django.utils.translation import gettext as _

# The fields a closed session keeps.
FIXED_WHEN_CLOSED = (
    "course",
    "starts_at",
    "ends_at",
    "credit_hours",
    "roster",
    "roster_positions",
    "roster_village_classes",
    "roster_townships",
)


def max_credit_hours(starts_at, ends_at):
    """The most 学时 a session from starts_at to ends_at may give, to one
    decimal, rounded down."""
    minutes = Decimal((ends_at - starts_at).total_seconds()) / 60
    hours = minutes / settings.LMS_SESSION_MINUTES_PER_HOUR
    return max(hours, Decimal("0")).quantize(Decimal("0.1"), rounding=ROUND_DOWN)


def session_errors(*, course, starts_at, ends_at, credit_hours):
    """{field: message} of what the session's values break (empty: none)."""
    errors = {}
    if course is not None and not course.live:
        errors["course"] = _(
            "课程“%(course)s”尚未发布：只能为已发布的课程安排培训场次。"
        ) % {"course": course.title}
    if starts_at is None or ends_at is None or ends_at <= starts_at:
        return errors
    longest = settings.LMS_SESSION_MAX_MINUTES
    if (ends_at - starts_at).total_seconds() > longest * 60:
        errors["ends_at"] = _(
            "一场培训最长 %(hours)s 小时；多日培训请按天分别安排场次。"
        ) % {"hours": f"{longest / 60:g}"}
        return errors
    most = max_credit_hours(starts_at, ends_at)
    if credit_hours is not None and credit_hours > most:
        errors["credit_hours"] = _(
            "学时不能超过排课时间所允许的 %(most)s 学时"
            "（每 %(minutes)d 分钟计 1 学时）。"
        ) % {"most": f"{most:f}", "minutes": settings.LMS_SESSION_MINUTES_PER_HOUR}
    return errors


def closed_session_errors(form_changed):
    """{field: message} for the fixed fields a closed session's form changed."""
    return {
        name: _("本场培训已结束考勤，不能再修改课程、时间、学时和应到学员。")
        for name in FIXED_WHEN_CLOSED
        if name in form_changed
    }

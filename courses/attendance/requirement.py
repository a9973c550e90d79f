"""The attendance half of the course completion rule (courses.services.completion):
when a course has training sessions, a cadre must have attended (present or
late) at least course.attendance_share % of them, and their excused absences
may add up to no more than one seventh of the sessions' hours (the national
cadre-training rule). A session waiting for an administrator's approval
(courses.attendance.approval) counts, but attending it does not until it is
approved (待确认); a refused one is left out. SessionAttendance holds the
numbers and says whether they pass and, in words, what is missing; the
completion check, the records' rebuild and the cadre's pages all read it."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from ..models import (
    ATTENDED_STATES,
    HOURS_COUNT_APPROVALS,
    AttendanceMark,
    AttendanceState,
    TrainingSession,
)


@dataclass(frozen=True)
class SessionAttendance:
    share: int  # course.attendance_share, in %
    total: int = 0  # the course's sessions
    hours: Decimal = Decimal("0")  # their credit hours
    attended: int = 0  # sessions the cadre attended (present or late)
    excused_hours: Decimal = Decimal(
        "0"
    )  # hours of the sessions they were excused from
    pending: int = 0  # sessions attended that wait for approval (待确认)

    @property
    def sessions_missing(self):
        """How many more sessions the cadre must attend to reach the share."""
        needed = -(-self.share * self.total // 100)  # the share, rounded up
        return max(needed - self.attended, 0)

    @property
    def excused_too_much(self):
        return self.excused_hours * 7 > self.hours

    @property
    def done(self):
        return self.total == 0 or (
            self.sessions_missing == 0 and not self.excused_too_much
        )

    def missing(self):
        """What the cadre still lacks, in words (none when done)."""
        if self.total == 0:
            return []
        reasons = []
        if self.sessions_missing and self.pending:
            reasons.append(
                _("%(count)d 次集中培训的出勤待管理员确认")
                % {"count": min(self.pending, self.sessions_missing)}
            )
        if (still := self.sessions_missing - self.pending) > 0:
            reasons.append(
                _("还需参加 %(count)d 次集中培训（出勤须达到 %(share)d%%）")
                % {"count": still, "share": self.share}
            )
        if self.excused_too_much:
            reasons.append(_("请假学时超过课程线下学时的七分之一，需补训"))
        return reasons


def sessions_attendance(cadre, course_ids):
    """{course id: SessionAttendance} of the cadre in the courses that have
    training sessions (a course without any is missing: nothing is required
    of it). One query."""
    marks = AttendanceMark.objects.filter(cadre=cadre, session=OuterRef("pk"))
    attended = Exists(marks.filter(state__in=ATTENDED_STATES))
    rows = (
        TrainingSession.objects.filter(course_id__in=course_ids)
        .exclude(approval=TrainingSession.Approval.REFUSED)
        .order_by()
        .values("course_id", "course__attendance_share")
        .annotate(
            total=Count("pk"),
            hours=Coalesce(Sum("credit_hours"), Decimal("0")),
            attended=Count(
                "pk", filter=attended & Q(approval__in=HOURS_COUNT_APPROVALS)
            ),
            pending=Count(
                "pk",
                filter=attended & Q(approval=TrainingSession.Approval.PENDING),
            ),
            excused_hours=Coalesce(
                Sum(
                    "credit_hours",
                    filter=Exists(marks.filter(state=AttendanceState.EXCUSED)),
                ),
                Decimal("0"),
            ),
        )
    )
    return {
        row["course_id"]: SessionAttendance(
            share=row["course__attendance_share"],
            total=row["total"],
            hours=row["hours"],
            attended=row["attended"],
            excused_hours=row["excused_hours"],
            pending=row["pending"],
        )
        for row in rows
    }


def attendance_missing(cadre, enrollments):
    """{course id: what the cadre still lacks in its sessions, in words} for
    those of the cadre's enrolments not completed yet whose course lacks
    something: one query (none when every enrolment is completed)."""
    course_ids = [e.course_id for e in enrollments if e.completed_at is None]
    if not course_ids:
        return {}
    attendance = sessions_attendance(cadre, course_ids)
    return {
        course_id: reasons
        for course_id, numbers in attendance.items()
        if (reasons := numbers.missing())
    }

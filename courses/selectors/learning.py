"""我的学习: a cadre's own courses with their progress and next part, and the
year's hours against the targets."""

import zoneinfo
from decimal import Decimal
from typing import NamedTuple

from django.db.models import (
    DecimalField,
    Exists,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.models import Page

from ..attendance.requirement import attendance_missing
from ..models import (
    CoursePage,
    Enrollment,
    HoursLedgerEntry,
    PartCompletion,
    Requirement,
)
from .contents import count_subquery, course_part_type_ids

STUDY_TIME_ZONE = zoneinfo.ZoneInfo("Asia/Shanghai")  # the year hours count in


def study_year(now):
    """The year (Asia/Shanghai) that hours earned at now count for."""
    return timezone.localtime(now, STUDY_TIME_ZONE).year


def _course_parts_live():
    """Live parts of the enrolment's course (for subqueries on Enrollment)."""
    return Page.objects.live().filter(
        path__startswith=OuterRef("course__path"),
        depth=OuterRef("course__depth") + 1,
        content_type_id__in=course_part_type_ids(),
    )


def _part_done_by_enrolled_cadre():
    return Exists(
        PartCompletion.objects.filter(
            cadre=OuterRef(OuterRef("cadre_id")), page=OuterRef("pk")
        )
    )


def parent_titles(pages):
    """{page pk: its parent's title} for pages (e.g. a course's track): one query."""
    parent_paths = {page.pk: page.path[: -page.steplen] for page in pages}
    titles = dict(
        Page.objects.filter(path__in=set(parent_paths.values())).values_list(
            "path", "title"
        )
    )
    return {pk: titles.get(path, "") for pk, path in parent_paths.items()}


class MyCourse(NamedTuple):
    enrollment: Enrollment
    course: CoursePage
    track_title: str
    parts_done: int
    parts_total: int
    next_part: Page | None  # the specific page: a lesson or a quiz
    missing: list  # what the cadre still lacks in the course's sessions, in words


def my_courses(cadre):
    """The cadre's enrolments in live courses, each with progress and the next
    part (lesson or quiz) to take; unfinished first (required before elective,
    oldest enrolment first), then completed (newest first). Queries: the
    enrolments, the next parts (one per part type), the tracks and the
    sessions' attendance (attendance_missing), whatever the number of courses
    and lessons."""
    enrollments = list(
        Enrollment.objects.filter(cadre=cadre, course__live=True)
        .select_related("course")
        .annotate(
            parts_total=count_subquery(_course_parts_live(), "depth"),
            parts_done=count_subquery(
                _course_parts_live().filter(_part_done_by_enrolled_cadre()), "depth"
            ),
            next_part_id=Subquery(
                _course_parts_live()
                .exclude(_part_done_by_enrolled_cadre())
                .order_by("path")
                .values("pk")[:1]
            ),
        )
    )
    next_ids = {e.next_part_id for e in enrollments if e.next_part_id}
    parts = {part.pk: part for part in Page.objects.filter(pk__in=next_ids).specific()}
    tracks = parent_titles(e.course for e in enrollments)
    missing = attendance_missing(cadre, enrollments)
    courses = [
        MyCourse(
            enrollment=e,
            course=e.course,
            track_title=tracks.get(e.course.pk, ""),
            parts_done=e.parts_done,
            parts_total=e.parts_total,
            next_part=None if e.completed_at else parts.get(e.next_part_id),
            missing=missing.get(e.course_id, []),
        )
        for e in enrollments
    ]
    unfinished = sorted(
        (c for c in courses if not c.enrollment.completed_at),
        key=lambda c: (
            c.course.requirement != Requirement.REQUIRED,
            c.enrollment.enrolled_at,
            c.enrollment.pk,
        ),
    )
    completed = sorted(
        (c for c in courses if c.enrollment.completed_at),
        key=lambda c: c.enrollment.completed_at,
        reverse=True,
    )
    return unfinished, completed


class YearHours(NamedTuple):
    kind: str
    label: str
    earned: Decimal
    target: Decimal

    @property
    def percent(self):
        if not self.target:
            return 100
        return min(int(self.earned * 100 / self.target), 100)

    @property
    def missing(self):
        return max(self.target - self.earned, Decimal("0"))


def year_hours(cadre, year, targets):
    """Hours a cadre earned in a year, online and centralised, against the
    targets (a StudyHourTargets): one query."""
    totals = HoursLedgerEntry.objects.filter(cadre=cadre, year=year).aggregate(
        **{
            kind: Coalesce(
                Sum("hours", filter=Q(kind=kind)),
                Value(Decimal("0")),
                output_field=DecimalField(max_digits=7, decimal_places=1),
            )
            for kind in HoursLedgerEntry.Kind.values
        }
    )
    return [
        YearHours(
            HoursLedgerEntry.Kind.ONLINE,
            HoursLedgerEntry.Kind.ONLINE.label,
            totals[HoursLedgerEntry.Kind.ONLINE],
            targets.online_hours,
        ),
        YearHours(
            HoursLedgerEntry.Kind.CENTRALISED,
            HoursLedgerEntry.Kind.CENTRALISED.label,
            totals[HoursLedgerEntry.Kind.CENTRALISED],
            targets.centralised_hours,
        ),
    ]

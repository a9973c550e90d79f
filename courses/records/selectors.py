"""Reads of the kept records: a cadre's training archive (学习档案) and their
certificates (结业证书), and the public check of a certificate's code.

Who may see whose archive and certificates is decided by
lms.selectors.cadres_visible_to, here and nowhere else.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from lms.personal_data import mask_name
from lms.selectors import cadres_visible_to

from ..models import (
    ATTENDED_STATES,
    HOURS_COUNT_APPROVALS,
    Certificate,
    CourseRecord,
    HoursLedgerEntry,
    TrackPage,
    TrainingSession,
    YearRecord,
)
from ..selectors import YearHours, course_part_models

# Who issues the certificates, as printed on them.
CERTIFICATE_ISSUER = _("中共奈曼旗委组织部")

STATUS_LABELS = {
    "completed": _("已结业"),
    "studying": _("学习中"),
    "not_started": _("未开始"),
}

# Spaces (also full-width) and dashes (also full-width and typographic) that
# people type or copy into a code; codes are matched without them.
_CODE_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212\uff0d_]+")


def certificate_code_normalise(code):
    """A typed code as stored: without spaces and dashes, upper case."""
    return _CODE_SEPARATORS.sub("", code or "").upper()


# --- Scope -------------------------------------------------------------------------


def archive_cadre(user, cadre_id):
    """The cadre with their village and township if user may see their
    archive (cadres_visible_to), else None: one query."""
    return (
        cadres_visible_to(user)
        .select_related("village__township")
        .filter(pk=cadre_id)
        .first()
    )


def certificate_for(user, code):
    """The certificate of code with its cadre (village, township) and course,
    if user may see the cadre (cadres_visible_to), else None: one query."""
    code = certificate_code_normalise(code)
    if not code:
        return None
    return (
        Certificate.objects.select_related("cadre__village__township", "course")
        .filter(code=code, cadre__in=cadres_visible_to(user))
        .first()
    )


def certificate_track(certificate):
    """The classroom (TrackPage) of the certificate's course, or None."""
    path = certificate.course.path[: -Page.steplen]
    return TrackPage.objects.filter(path=path).first()


class PublicCertificate(NamedTuple):
    """What the public verification page may show: nothing else."""

    code: str
    masked_name: str
    course_title: str
    completed_at: object
    hours: Decimal


def certificate_public(code):
    """The public facts of the certificate of code, or None: one query that
    reads only those fields."""
    code = certificate_code_normalise(code)
    if not code:
        return None
    row = (
        Certificate.objects.filter(code=code)
        .values_list("code", "cadre__name", "course__title", "completed_at", "hours")
        .first()
    )
    if row is None:
        return None
    code, name, title, completed_at, hours = row
    return PublicCertificate(code, mask_name(name), title, completed_at, hours)


# --- The archive -------------------------------------------------------------------


class ArchiveScore(NamedTuple):
    title: str
    score: Decimal | None


@dataclass
class ArchiveCourse:
    record: CourseRecord
    scores: list = field(default_factory=list)  # ArchiveScore, in course order
    sessions_total: int = 0
    sessions_attended: int = 0
    sessions_pending: int = 0  # attended, waiting for approval (待确认)
    pending_hours: Decimal = Decimal("0")
    certificate_code: str = ""

    @property
    def status(self):
        return self.record.status

    @property
    def status_label(self):
        return STATUS_LABELS[self.record.status]


@dataclass
class ArchiveYear:
    year: int
    hours: list  # YearHours: online, centralised
    required_courses: int = 0
    required_completed: int = 0
    courses_completed: int = 0
    courses: list = field(default_factory=list)  # ArchiveCourse

    @property
    def required_met(self):
        return self.required_completed >= self.required_courses


def cadre_archive(cadre, targets):
    """The cadre's archive, newest year first: each year's totals against the
    targets (a StudyHourTargets) and its courses with status, hours, quiz
    scores, sessions attended and certificate code.

    Queries: four, whatever the number of years, courses and quizzes (plus
    one per course part type that keeps scores: one for quizzes).
    """
    records = list(
        CourseRecord.objects.filter(cadre=cadre)
        .select_related("course", "track")
        .only(
            "cadre_id",
            "parts_done",
            "online_hours",
            "centralised_hours",
            "completed_at",
            "year",
            "required",
            "course__title",
            "course__path",
            "course__depth",
            "course__code",
            "track__title",
        )
        .annotate(
            certificate_code=Subquery(
                Certificate.objects.filter(
                    cadre=OuterRef("cadre"), course=OuterRef("course")
                ).values("code")[:1]
            )
        )
        .order_by("-year", "-required", "track__path", "course__path")
    )
    years = {row.year: row for row in YearRecord.objects.filter(cadre=cadre).order_by()}
    courses = {
        record.course_id: ArchiveCourse(
            record, certificate_code=record.certificate_code
        )
        for record in records
    }
    if courses:
        _add_scores(cadre, courses)
        _add_sessions(cadre, courses)

    archive = {}
    for year in sorted({*years, *(r.year for r in records)}, reverse=True):
        summary = years.get(year)
        archive[year] = ArchiveYear(
            year=year,
            hours=_year_hours(summary, targets),
            required_courses=summary.required_courses if summary else 0,
            required_completed=summary.required_completed if summary else 0,
            courses_completed=summary.courses_completed if summary else 0,
        )
    for item in courses.values():
        archive[item.record.year].courses.append(item)
    return list(archive.values())


def _year_hours(summary, targets):
    zero = Decimal("0")
    online = HoursLedgerEntry.Kind.ONLINE
    centralised = HoursLedgerEntry.Kind.CENTRALISED
    return [
        YearHours(
            online,
            online.label,
            summary.online_hours if summary else zero,
            targets.online_hours,
        ),
        YearHours(
            centralised,
            centralised.label,
            summary.centralised_hours if summary else zero,
            targets.centralised_hours,
        ),
    ]


def _add_scores(cadre, courses):
    """The scored parts of each course (quizzes) with the cadre's scores: one
    query for the parts, then one per part type that keeps scores. A part
    that is no longer live is listed only when the cadre has a score in it."""
    types = ContentType.objects.get_for_models(*course_part_models())
    under = Q()
    for item in courses.values():
        course = item.record.course
        under |= Q(path__startswith=course.path, depth=course.depth + 1)
    parts = list(
        Page.objects.filter(under, content_type_id__in=[t.pk for t in types.values()])
        .order_by("path")
        .values_list("pk", "path", "title", "live", "content_type_id")
    )
    if not parts:
        return
    scores = {}
    for model, content_type in types.items():
        page_ids = [part[0] for part in parts if part[4] == content_type.pk]
        if page_ids:
            scores.update(model.archive_scores(cadre_id=cadre.pk, page_ids=page_ids))
    course_ids_by_path = {
        item.record.course.path: course_id for course_id, item in courses.items()
    }
    for pk, path, title, live, _type in parts:
        if pk not in scores or (not live and scores[pk] is None):
            continue
        course_id = course_ids_by_path[path[: -Page.steplen]]
        courses[course_id].scores.append(ArchiveScore(title, scores[pk]))


def _add_sessions(cadre, courses):
    """How many training sessions each course has (a refused one is left
    out), how many of them the cadre attended (present or late) and how many
    of those, with their hours, wait for approval (待确认): one query."""
    attended = Q(marks__cadre=cadre, marks__state__in=ATTENDED_STATES)
    pending = attended & Q(approval=TrainingSession.Approval.PENDING)
    rows = (
        TrainingSession.objects.filter(course_id__in=list(courses))
        .exclude(approval=TrainingSession.Approval.REFUSED)
        .values("course_id")
        .annotate(
            total=Count("pk", distinct=True),
            attended=Count(
                "marks",
                filter=attended & Q(approval__in=HOURS_COUNT_APPROVALS),
                distinct=True,
            ),
            pending=Count("marks", filter=pending, distinct=True),
            pending_hours=Sum("credit_hours", filter=pending),
        )
        .order_by()
    )
    for row in rows:
        item = courses[row["course_id"]]
        item.sessions_total = row["total"]
        item.sessions_attended = row["attended"]
        item.sessions_pending = row["pending"]
        item.pending_hours = row["pending_hours"] or Decimal("0")

"""Kept records: the course and year summaries, and certificates.

records_refresh(cadre_ids=...) recomputes the summaries of those cadres from
their completion records (enrolments, completed parts, the hours ledger) and
writes what changed; every service that changes a completion record calls it
(a completed part, a closed session or a mark changed after, new enrolments).
The same computation serves `rebuild_records`, which compares it with what
is stored.
"""

import secrets
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Sum
from wagtail.models import Page

from lms.models import Cadre

from ..models import (
    Certificate,
    CoursePage,
    CourseRecord,
    Enrollment,
    HoursLedgerEntry,
    PartCompletion,
    Requirement,
    TrackPage,
    YearRecord,
)

COURSE_RECORD_FIELDS = (
    "track_id",
    "year",
    "required",
    "parts_done",
    "online_hours",
    "centralised_hours",
    "completed_at",
)
YEAR_RECORD_FIELDS = (
    "online_hours",
    "centralised_hours",
    "required_courses",
    "required_completed",
    "courses_completed",
)
CERTIFICATE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I
CERTIFICATE_CODE_LENGTH = 10
CERTIFICATE_CODE_TRIES = 5  # 32^10 codes: a second collision in a row is a bug


class CertificateCodeExhausted(RuntimeError):
    """Every code drawn for a certificate was already taken."""


@dataclass
class Summaries:
    """What the records of some cadres should be: {(cadre_id, course_id): {field:
    value}} and {(cadre_id, year): {field: value}}."""

    courses: dict = field(default_factory=dict)
    years: dict = field(default_factory=dict)


def _course_of_path(path, course_ids_by_path):
    """The course id a page at path belongs to: the course itself or its part."""
    steplen = Page.steplen
    for end in range(len(path), 0, -steplen):
        course_id = course_ids_by_path.get(path[:end])
        if course_id is not None:
            return course_id
    return None


def for_cadres(queryset, cadre_ids):
    """queryset narrowed to cadre_ids (None: every cadre)."""
    if cadre_ids is None:
        return queryset
    return queryset.filter(cadre_id__in=cadre_ids)


def summaries_compute(*, cadre_ids=None):
    """The summaries of cadre_ids (None: every cadre) computed from the stored
    completion records. Queries: five, whatever the number of cadres and
    courses (plus one per 2,000-row chunk of ledger reads)."""
    courses = {
        c["pk"]: c
        for c in CoursePage.objects.values("pk", "path", "year", "requirement")
    }
    course_ids_by_path = {c["path"]: pk for pk, c in courses.items()}
    track_ids_by_path = dict(TrackPage.objects.values_list("path", "pk"))
    steplen = Page.steplen

    result = Summaries()
    enrollments = for_cadres(Enrollment.objects.all(), cadre_ids).values_list(
        "cadre_id", "course_id", "completed_at"
    )
    for cadre_id, course_id, completed_at in enrollments.iterator(chunk_size=2000):
        course = courses[course_id]
        result.courses[(cadre_id, course_id)] = {
            "track_id": track_ids_by_path.get(course["path"][:-steplen]),
            "year": course["year"],
            "required": course["requirement"] == Requirement.REQUIRED,
            "parts_done": 0,
            "online_hours": Decimal("0.0"),
            "centralised_hours": Decimal("0.0"),
            "completed_at": completed_at,
        }

    parts = (
        for_cadres(PartCompletion.objects.all(), cadre_ids)
        .values_list("cadre_id", "course_id")
        .annotate(done=Count("pk"))
        .order_by()
    )
    for cadre_id, course_id, done in parts:
        record = result.courses.get((cadre_id, course_id))
        if record is not None:
            record["parts_done"] = done

    ledger = (
        for_cadres(HoursLedgerEntry.objects.all(), cadre_ids)
        .values_list("cadre_id", "page__path", "kind", "year")
        .annotate(hours=Sum("hours"))
        .order_by()
    )
    year_hours = defaultdict(lambda: {"online": Decimal(0), "centralised": Decimal(0)})
    online = HoursLedgerEntry.Kind.ONLINE
    for cadre_id, path, kind, year, hours in ledger.iterator(chunk_size=2000):
        year_hours[(cadre_id, year)]["online" if kind == online else "centralised"] += (
            hours
        )
        course_id = _course_of_path(path, course_ids_by_path)
        record = result.courses.get((cadre_id, course_id))
        if record is not None:
            record["online_hours" if kind == online else "centralised_hours"] += hours

    for (cadre_id, year), hours in year_hours.items():
        result.years[(cadre_id, year)] = _year_values(hours)
    for (cadre_id, _course_id), record in result.courses.items():
        values = result.years.setdefault((cadre_id, record["year"]), _year_values(None))
        done = record["completed_at"] is not None
        values["courses_completed"] += done
        if record["required"]:
            values["required_courses"] += 1
            values["required_completed"] += done
    return result


def _year_values(hours):
    return {
        "online_hours": hours["online"] if hours else Decimal("0.0"),
        "centralised_hours": hours["centralised"] if hours else Decimal("0.0"),
        "required_courses": 0,
        "required_completed": 0,
        "courses_completed": 0,
    }


def stored_summaries(*, cadre_ids=None):
    """The summaries as stored, in the shape summaries_compute returns."""
    result = Summaries()
    course_records = for_cadres(CourseRecord.objects.all(), cadre_ids)
    for row in course_records.values("cadre_id", "course_id", *COURSE_RECORD_FIELDS):
        key = (row.pop("cadre_id"), row.pop("course_id"))
        result.courses[key] = row
    year_records = for_cadres(YearRecord.objects.all(), cadre_ids)
    for row in year_records.values("cadre_id", "year", *YEAR_RECORD_FIELDS):
        key = (row.pop("cadre_id"), row.pop("year"))
        result.years[key] = row
    return result


def summaries_write(*, computed, stored, batch_size=2000):
    """Make the stored summaries equal the computed ones: upsert what differs,
    delete what should not be there, issue missing certificates. Returns the
    number of rows written or deleted."""
    changed_courses = [
        CourseRecord(cadre_id=cadre_id, course_id=course_id, **values)
        for (cadre_id, course_id), values in computed.courses.items()
        if stored.courses.get((cadre_id, course_id)) != values
    ]
    changed_years = [
        YearRecord(cadre_id=cadre_id, year=year, **values)
        for (cadre_id, year), values in computed.years.items()
        if stored.years.get((cadre_id, year)) != values
    ]
    gone_courses = [key for key in stored.courses if key not in computed.courses]
    gone_years = [key for key in stored.years if key not in computed.years]
    with transaction.atomic():
        CourseRecord.objects.bulk_create(
            changed_courses,
            batch_size=batch_size,
            update_conflicts=True,
            unique_fields=["cadre", "course"],
            update_fields=list(COURSE_RECORD_FIELDS),
        )
        YearRecord.objects.bulk_create(
            changed_years,
            batch_size=batch_size,
            update_conflicts=True,
            unique_fields=["cadre", "year"],
            update_fields=list(YEAR_RECORD_FIELDS),
        )
        for cadre_id, course_id in gone_courses:
            CourseRecord.objects.filter(cadre_id=cadre_id, course_id=course_id).delete()
        for cadre_id, year in gone_years:
            YearRecord.objects.filter(cadre_id=cadre_id, year=year).delete()
        certificates_issue(
            records=[r for r in changed_courses if r.completed_at is not None]
        )
    return (
        len(changed_courses) + len(changed_years) + len(gone_courses) + len(gone_years)
    )


def certificates_issue(*, records):
    """A certificate for each completed course record that has none yet (the
    unique (cadre, course) constraint makes a repeat a no-op). A new code that
    collides with another certificate's is drawn again, up to
    CERTIFICATE_CODE_TRIES times; then CertificateCodeExhausted is raised
    (and the caller's transaction rolls back) rather than a certificate lost."""
    pending = {(record.cadre_id, record.course_id): record for record in records}
    for _try in range(CERTIFICATE_CODE_TRIES):
        if not pending:
            return
        Certificate.objects.bulk_create(
            [
                Certificate(
                    cadre_id=record.cadre_id,
                    course_id=record.course_id,
                    code=certificate_code_new(),
                    completed_at=record.completed_at,
                    hours=record.online_hours + record.centralised_hours,
                )
                for record in pending.values()
            ],
            ignore_conflicts=True,
        )
        pending = _without_certificate(pending)
    if pending:
        raise CertificateCodeExhausted(
            f"no free certificate code after {CERTIFICATE_CODE_TRIES} tries "
            f"for (cadre, course) {sorted(pending)}"
        )


def _without_certificate(pending):
    """The (cadre id, course id) keys of pending that still have no certificate
    (their insert was dropped on a code collision)."""
    issued = set(
        Certificate.objects.filter(
            cadre_id__in={cadre_id for cadre_id, _course in pending},
            course_id__in={course_id for _cadre, course_id in pending},
        ).values_list("cadre_id", "course_id")
    )
    return {key: record for key, record in pending.items() if key not in issued}


def certificate_code_new():
    return "".join(
        secrets.choice(CERTIFICATE_ALPHABET) for _ in range(CERTIFICATE_CODE_LENGTH)
    )


def records_refresh(*, cadre_ids):
    """Bring the summaries of cadre_ids up to date with their completion
    records. The cadres' rows are locked first, so two events of one cadre
    refresh one after the other and the last one sees both."""
    cadre_ids = sorted(set(cadre_ids))
    if not cadre_ids:
        return 0
    with transaction.atomic():
        list(
            Cadre.objects.select_for_update()
            .filter(pk__in=cadre_ids)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        return summaries_write(
            computed=summaries_compute(cadre_ids=cadre_ids),
            stored=stored_summaries(cadre_ids=cadre_ids),
        )

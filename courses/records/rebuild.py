"""rebuild_records: recompute every kept record from the raw events.

Raw events: enrolments, lesson progress, attempts (through each part model's
completions_from_events, so courses need not import exams), attendance marks
and sessions. From them, as the live services would have written them:
1. completion records: PartCompletion, the hours ledger, Enrollment.completed_at
   (courses.records.expected);
2. summaries: CourseRecord, YearRecord (summaries_compute over 1), and a
   Certificate for every completed course.
Differences from what is stored are reported; with fix=True they are written.

A completion stays once given (as in course_completion_check): an enrolment
completed earlier whose course has since gained parts is not a difference;
it is counted apart, as "kept completions".
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from ..models import (
    Certificate,
    CourseRecord,
    Enrollment,
    HoursLedgerEntry,
    PartCompletion,
)
from .expected import (
    attendance_states,
    course_done,
    expected_ledger,
    expected_parts,
    ledger_entry,
    raw_courses,
)
from .services import (
    certificates_issue,
    for_cadres,
    stored_summaries,
    summaries_compute,
    summaries_write,
)

EXAMPLES = 5  # differences shown per kind


@dataclass
class RebuildReport:
    """Differences found, by kind: {kind: [description, …]}."""

    differences: dict = field(default_factory=lambda: defaultdict(list))
    kept_completions: int = 0
    checked: dict = field(default_factory=dict)  # what was compared, counted

    def add(self, kind, description):
        self.differences[kind].append(description)

    @property
    def total(self):
        return sum(len(items) for items in self.differences.values())


def records_rebuild(*, fix=False, cadre_ids=None, stdout=None):
    """Recompute the records of cadre_ids (None: all) from the raw events,
    compare, and with fix=True write the differences. Returns a RebuildReport."""

    def say(text):
        if stdout is not None:
            stdout.write(text)

    report = RebuildReport()
    courses, parts, sessions = raw_courses()
    parts_done = expected_parts(parts, cadre_ids)
    marks = attendance_states(cadre_ids)
    say(
        _("原始记录：完成的环节 %(parts)d 个，考勤记录 %(marks)d 条")
        % {"parts": len(parts_done), "marks": len(marks)}
    )

    # 1a. Completed parts.
    stored_parts = dict(
        ((cadre_id, page_id), pk)
        for pk, cadre_id, page_id in for_cadres(
            PartCompletion.objects.all(), cadre_ids
        ).values_list("pk", "cadre_id", "page_id")
    )
    missing_parts = [key for key in parts_done if key not in stored_parts]
    extra_parts = [key for key in stored_parts if key not in parts_done]
    for cadre_id, page_id in missing_parts:
        report.add(
            "part_missing",
            _about(cadre_id, page=page_id),
        )
    for cadre_id, page_id in extra_parts:
        report.add(
            "part_extra",
            _about(cadre_id, page=page_id),
        )

    # 1b. Course completion.
    # whole rows: bulk_update_with_history copies every field into history
    enrollments = list(for_cadres(Enrollment.objects.all(), cadre_ids))
    to_complete = []
    completed_at = {}
    for enrollment in enrollments:
        done, when = course_done(
            courses[enrollment.course_id], enrollment.cadre_id, parts_done, marks
        )
        key = (enrollment.cadre_id, enrollment.course_id)
        if enrollment.completed_at is not None:
            completed_at[key] = enrollment.completed_at
            report.kept_completions += not done
        elif done:
            report.add(
                "completion_missing",
                _about(key[0], course=key[1]),
            )
            enrollment.completed_at = when
            completed_at[key] = when
            to_complete.append(enrollment)

    # 1c. The hours ledger.
    expected = expected_ledger(
        parts_done=parts_done,
        parts=parts,
        marks=marks,
        sessions=sessions,
        completed_at=completed_at,
        courses=courses,
    )
    stored = {}
    for entry in for_cadres(HoursLedgerEntry.objects.all(), cadre_ids):
        key = (
            (entry.cadre_id, "session", entry.training_session_id)
            if entry.training_session_id
            else (entry.cadre_id, entry.source, entry.page_id)
        )
        stored[key] = entry
    ledger_missing = [key for key in expected if key not in stored]
    ledger_extra = [entry for key, entry in stored.items() if key not in expected]
    ledger_changed = [
        (stored[key], value)
        for key, value in expected.items()
        if key in stored
        and (stored[key].hours, stored[key].year, stored[key].kind) != value
    ]
    for key in ledger_missing:
        report.add("ledger_missing", _ledger_key_text(key, expected[key][0]))
    for entry in ledger_extra:
        report.add(
            "ledger_extra",
            _("记录 %(pk)s：%(hours)s 学时") % {"pk": entry.pk, "hours": entry.hours},
        )
    for entry, value in ledger_changed:
        report.add(
            "ledger_changed",
            _(
                "记录 %(pk)s：%(old)s 学时（%(old_year)s 年）"
                "→ %(new)s 学时（%(new_year)s 年）"
            )
            % {
                "pk": entry.pk,
                "old": entry.hours,
                "old_year": entry.year,
                "new": value[0],
                "new_year": value[1],
            },
        )
    report.checked.update(
        parts=len(parts_done), enrollments=len(enrollments), ledger=len(expected)
    )

    if fix:
        with transaction.atomic():
            PartCompletion.objects.bulk_create(
                [
                    PartCompletion(
                        cadre_id=cadre_id,
                        page_id=page_id,
                        course_id=parts[page_id][0],
                        completed_at=parts_done[(cadre_id, page_id)],
                    )
                    for cadre_id, page_id in missing_parts
                ],
                batch_size=2000,
            )
            PartCompletion.objects.filter(
                pk__in=[stored_parts[key] for key in extra_parts]
            ).delete()
            bulk_update_with_history(
                to_complete, Enrollment, ["completed_at"], batch_size=2000
            )
            HoursLedgerEntry.objects.filter(
                pk__in=[e.pk for e in ledger_extra]
            ).delete()
            for entry, (hours, year, _kind) in ledger_changed:
                entry.hours, entry.year = hours, year
                entry.save(update_fields=["hours", "year"])
            HoursLedgerEntry.objects.bulk_create(
                [
                    ledger_entry(
                        key,
                        expected[key],
                        parts_done=parts_done,
                        completed_at=completed_at,
                        sessions=sessions,
                    )
                    for key in ledger_missing
                ],
                batch_size=2000,
            )
        say(_("已写入完成记录：%(count)d 处") % {"count": report.total})

    # 2. Summaries and certificates, from the completion records as stored now.
    computed = summaries_compute(cadre_ids=cadre_ids)
    stored_now = stored_summaries(cadre_ids=cadre_ids)
    _compare_rows(report, "course_record", computed.courses, stored_now.courses)
    _compare_rows(report, "year_record", computed.years, stored_now.years)
    uncertified = _uncertified(cadre_ids)
    for record in uncertified:
        report.add(
            "certificate_missing",
            _about(record.cadre_id, course=record.course_id),
        )
    report.checked.update(
        course_records=len(computed.courses), year_records=len(computed.years)
    )
    if fix:
        summaries_write(computed=computed, stored=stored_now)
        certificates_issue(records=_uncertified(cadre_ids))
    return report


def _compare_rows(report, kind, computed, stored):
    """Report the rows of one summary table (keyed (cadre, course) or (cadre,
    year)) that differ from, are missing from or are extra to the computed."""
    target = "course" if kind == "course_record" else "year"
    for key, values in computed.items():
        if stored.get(key) != values:
            report.add(kind, _about(key[0], **{target: key[1]}))
    for key in stored.keys() - computed.keys():
        report.add(kind, _extra(_about(key[0], **{target: key[1]})))


def _about(cadre_id, *, page=None, course=None, year=None):
    """学员 1，课程 14 (what a difference is about, for the report)."""
    if course is not None:
        return _("学员 %(cadre)s，课程 %(course)s") % {
            "cadre": cadre_id,
            "course": course,
        }
    if year is not None:
        return _("学员 %(cadre)s，%(year)s 年") % {"cadre": cadre_id, "year": year}
    return _("学员 %(cadre)s，页面 %(page)s") % {"cadre": cadre_id, "page": page}


def _extra(text):
    return _("%(item)s（多余）") % {"item": text}


def _ledger_key_text(key, hours):
    cadre_id, source, target_id = key
    if source == "session":
        return _("学员 %(cadre)s，培训场次 %(session)s：%(hours)s 学时") % {
            "cadre": cadre_id,
            "session": target_id,
            "hours": hours,
        }
    return _("学员 %(cadre)s，%(source)s，页面 %(page)s：%(hours)s 学时") % {
        "cadre": cadre_id,
        "source": HoursLedgerEntry.Source(source).label,
        "page": target_id,
        "hours": hours,
    }


def _uncertified(cadre_ids):
    """Completed course records without their certificate."""
    certificates = Certificate.objects.filter(
        cadre=OuterRef("cadre"), course=OuterRef("course")
    )
    return list(
        for_cadres(CourseRecord.objects.all(), cadre_ids)
        .filter(completed_at__isnull=False)
        .exclude(Exists(certificates))
    )

"""rebuild_records: recompute every kept record from the raw events.

Raw events: enrolments, lesson progress, attempts (through each part model's
completions_from_events, so courses need not import exams), attendance marks
and sessions. From them, as the live services would have written them:
1. completion records: PartCompletion, the hours ledger, Enrollment.completed_at;
2. summaries: CourseRecord, YearRecord (summaries_compute over 1), and a
   Certificate for every completed course.
Differences from what is stored are reported; with fix=True they are written.

A completion stays once given (as in course_completion_check): an enrolment
completed earlier whose course has since gained parts is not a difference;
it is counted apart, as "kept completions".
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history
from wagtail.models import Page

from ..models import (
    ATTENDED_STATES,
    AttendanceMark,
    AttendanceState,
    Certificate,
    CoursePage,
    CourseRecord,
    Enrollment,
    HoursLedgerEntry,
    LessonPage,
    PartCompletion,
    TrainingSession,
)
from ..selectors import course_part_models, study_year
from .records import (
    certificates_issue,
    for_cadres,
    stored_summaries,
    summaries_compute,
    summaries_write,
)

EXAMPLES = 5  # differences shown per kind
ONLINE = HoursLedgerEntry.Kind.ONLINE
CENTRALISED = HoursLedgerEntry.Kind.CENTRALISED


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


@dataclass
class _Course:
    pk: int
    credit_hours: Decimal
    attendance_share: int
    live_parts: set = field(default_factory=set)
    live_part_hours: Decimal = Decimal("0")
    sessions: list = field(default_factory=list)  # [(pk, hours)]


def _courses():
    """Courses with their live parts and sessions; parts {pk: (course pk,
    source, hours)} of every part (live or not) under a course."""
    courses = {
        c.pk: _Course(c.pk, c.credit_hours, c.attendance_share)
        for c in CoursePage.objects.only("pk", "credit_hours", "attendance_share")
    }
    course_by_path = dict(CoursePage.objects.values_list("path", "pk"))
    parts = {}
    for model in course_part_models():
        source = (
            HoursLedgerEntry.Source.LESSON
            if issubclass(model, LessonPage)
            else HoursLedgerEntry.Source.QUIZ
        )
        rows = model.objects.values_list("pk", "path", "live", "credit_hours")
        for pk, path, live, hours in rows:
            course_id = course_by_path.get(path[: -Page.steplen])
            if course_id is None:
                continue
            parts[pk] = (course_id, source, hours)
            if live:
                courses[course_id].live_parts.add(pk)
                courses[course_id].live_part_hours += hours
    sessions = {}
    for session in TrainingSession.objects.only(
        "pk", "course_id", "credit_hours", "starts_at", "closed_at"
    ):
        sessions[session.pk] = session
        courses[session.course_id].sessions.append(session)
    return courses, parts, sessions


def _expected_parts(parts, cadre_ids):
    """{(cadre id, part id): completed at} from the raw events."""
    done = {}
    for model in course_part_models():
        for cadre_id, page_id, completed_at in model.completions_from_events(
            cadre_ids=cadre_ids
        ):
            if page_id in parts:
                key = (cadre_id, page_id)
                if key not in done or completed_at < done[key]:
                    done[key] = completed_at
    return done


def _attendance(cadre_ids):
    """{(cadre id, session id): state} of every mark."""
    marks = for_cadres(AttendanceMark.objects.all(), cadre_ids)
    return {
        (cadre_id, session_id): state
        for cadre_id, session_id, state in marks.values_list(
            "cadre_id", "session_id", "state"
        )
    }


def _course_done(course, cadre_id, parts_done, marks):
    """The one completion rule (as _required_parts_done), on raw events.
    Returns (done, when) — when is the moment the last requirement was met."""
    moments = []
    for part_id in course.live_parts:
        completed_at = parts_done.get((cadre_id, part_id))
        if completed_at is None:
            return False, None
        moments.append(completed_at)
    attended = excused_hours = 0
    session_hours = Decimal("0")
    for session in course.sessions:
        session_hours += session.credit_hours
        state = marks.get((cadre_id, session.pk))
        if state in ATTENDED_STATES:
            attended += 1
            if session.closed_at is not None:
                moments.append(session.closed_at)
        elif state == AttendanceState.EXCUSED:
            excused_hours += session.credit_hours
    if not moments and not course.sessions:
        return False, None
    if course.sessions and (
        attended * 100 < course.attendance_share * len(course.sessions)
        or excused_hours * 7 > session_hours
    ):
        return False, None
    return True, max(moments) if moments else None


def records_rebuild(*, fix=False, cadre_ids=None, stdout=None):
    """Recompute the records of cadre_ids (None: all) from the raw events,
    compare, and with fix=True write the differences. Returns a RebuildReport."""

    def say(text):
        if stdout is not None:
            stdout.write(text)

    report = RebuildReport()
    courses, parts, sessions = _courses()
    parts_done = _expected_parts(parts, cadre_ids)
    marks = _attendance(cadre_ids)
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
        done, when = _course_done(
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

    # 1c. The hours ledger: {key: (hours, year, kind, page id, session id)}.
    expected = {}
    for (cadre_id, page_id), when in parts_done.items():
        course_id, source, hours = parts[page_id]
        expected[(cadre_id, source, page_id)] = (hours, study_year(when), ONLINE)
    for (cadre_id, session_id), state in marks.items():
        session = sessions[session_id]
        if state in ATTENDED_STATES and session.closed_at is not None:
            expected[(cadre_id, "session", session_id)] = (
                session.credit_hours,
                study_year(session.starts_at),
                CENTRALISED,
            )
    for (cadre_id, course_id), when in completed_at.items():
        course = courses[course_id]
        remainder = course.credit_hours - course.live_part_hours
        remainder -= sum((s.credit_hours for s in course.sessions), Decimal("0"))
        expected[(cadre_id, HoursLedgerEntry.Source.COURSE, course_id)] = (
            max(remainder, Decimal("0")),
            study_year(when),
            ONLINE,
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
                    _ledger_entry(
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


def _ledger_entry(key, value, *, parts_done, completed_at, sessions):
    cadre_id, source, target_id = key
    hours, year, kind = value
    entry = HoursLedgerEntry(cadre_id=cadre_id, hours=hours, year=year, kind=kind)
    if source == "session":
        session = sessions[target_id]
        entry.source = HoursLedgerEntry.Source.ATTENDANCE
        entry.page_id = session.course_id
        entry.training_session_id = target_id
        entry.earned_at = session.closed_at
    else:
        entry.source = source
        entry.page_id = target_id
        entry.earned_at = (
            completed_at[(cadre_id, target_id)]
            if source == HoursLedgerEntry.Source.COURSE
            else parts_done[(cadre_id, target_id)]
        )
    return entry


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

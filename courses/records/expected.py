"""What the completion records should be, from the raw events alone (for
rebuild_records): the courses with their live parts and sessions, the parts
each cadre completed, the attendance marks, the one completion rule and the
hours ledger.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from wagtail.models import Page

from ..attendance.requirement import SessionAttendance
from ..models import (
    ATTENDED_STATES,
    AttendanceMark,
    AttendanceState,
    CoursePage,
    HoursLedgerEntry,
    LessonPage,
    TrainingSession,
)
from ..selectors import course_part_models, study_year
from .services import for_cadres

ONLINE = HoursLedgerEntry.Kind.ONLINE
CENTRALISED = HoursLedgerEntry.Kind.CENTRALISED


@dataclass
class RawCourse:
    pk: int
    credit_hours: Decimal
    attendance_share: int
    live_parts: set = field(default_factory=set)
    live_part_hours: Decimal = Decimal("0")
    sessions: list = field(default_factory=list)  # [(pk, hours)]


def raw_courses():
    """Courses with their live parts and sessions; parts {pk: (course pk,
    source, hours)} of every part (live or not) under a course."""
    courses = {
        c.pk: RawCourse(c.pk, c.credit_hours, c.attendance_share)
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
    for session in TrainingSession.objects.exclude(
        approval=TrainingSession.Approval.REFUSED
    ).only("pk", "course_id", "credit_hours", "starts_at", "closed_at", "approval"):
        sessions[session.pk] = session
        courses[session.course_id].sessions.append(session)
    return courses, parts, sessions


def expected_parts(parts, cadre_ids):
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


def attendance_states(cadre_ids):
    """{(cadre id, session id): state} of every mark."""
    marks = for_cadres(AttendanceMark.objects.all(), cadre_ids)
    return {
        (cadre_id, session_id): state
        for cadre_id, session_id, state in marks.values_list(
            "cadre_id", "session_id", "state"
        )
    }


def course_done(course, cadre_id, parts_done, marks):
    """The one completion rule (as _required_parts_done), on raw events.
    Returns (done, when) — when is the moment the last requirement was met."""
    moments = []
    for part_id in course.live_parts:
        completed_at = parts_done.get((cadre_id, part_id))
        if completed_at is None:
            return False, None
        moments.append(completed_at)
    attended = 0
    excused_hours = session_hours = Decimal("0")
    for session in course.sessions:
        session_hours += session.credit_hours
        state = marks.get((cadre_id, session.pk))
        if state in ATTENDED_STATES and session.hours_count:
            attended += 1
            if session.closed_at is not None:
                moments.append(session.closed_at)
        elif state == AttendanceState.EXCUSED:
            excused_hours += session.credit_hours
    if not moments and not course.sessions:
        return False, None
    attendance = SessionAttendance(
        share=course.attendance_share,
        total=len(course.sessions),
        hours=session_hours,
        attended=attended,
        excused_hours=excused_hours,
    )
    if not attendance.done:
        return False, None
    return True, max(moments) if moments else None


def expected_ledger(*, parts_done, parts, marks, sessions, completed_at, courses):
    """The hours ledger the raw events give: {key: (hours, year, kind)}, the
    key (cadre id, source, page id) or (cadre id, "session", session id)."""
    expected = {}
    for (cadre_id, page_id), when in parts_done.items():
        _course_id, source, hours = parts[page_id]
        expected[(cadre_id, source, page_id)] = (hours, study_year(when), ONLINE)
    for (cadre_id, session_id), state in marks.items():
        session = sessions.get(session_id)  # None: refused
        if (
            session is not None
            and state in ATTENDED_STATES
            and session.closed_at is not None
            and session.hours_count
        ):
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
    return expected


def ledger_entry(key, value, *, parts_done, completed_at, sessions):
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

"""Reads of the sessions: a course's sessions and the upcoming ones (with a
cadre's own state), the sessions a user sees in the admin, a register's
roster with each cadre's mark, the counts by state, and the change log from
the marks' history."""

from django.db.models import Exists, OuterRef, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lms.access import course_paths_taught, is_administrator, is_supervisor, is_trainer

from ..models import (
    AttendanceMark,
    AttendanceState,
    CoursePage,
    Enrollment,
    TrainingSession,
)
from ..selectors import viewer_cadre
from .roster import session_roster, session_roster_empty_reasons

UNMARKED = "unmarked"
# Marks changed by people, shown in the change log (not check-ins or closing).
MANUAL_SOURCES = (AttendanceMark.Source.REGISTER, AttendanceMark.Source.IMPORT)


def user_name(user):
    if user is None:
        return "—"
    return user.name or user.username


def state_label(state):
    """A mark's state in words; 未签到 for no mark."""
    if state is None:
        return _("未签到")
    return str(AttendanceState(state).label)


class RosterRow:
    """One cadre of the roster with their mark (or None)."""

    def __init__(self, cadre, mark):
        self.cadre = cadre
        self.mark = mark

    @property
    def state(self):
        return self.mark.state if self.mark else UNMARKED

    @property
    def state_label(self):
        return state_label(self.mark.state if self.mark else None)

    @property
    def checked_in_at(self):
        return self.mark.checked_in_at if self.mark else None


def roster_rows(session):
    """[RosterRow] in the roster's order: two queries whatever its size."""
    marks = {
        mark.cadre_id: mark
        for mark in AttendanceMark.objects.filter(session=session).select_related(
            "marked_by", "suspicion_decided_by"
        )
    }
    cadres = (
        session_roster(session)
        .select_related("village__township")
        .order_by("village__township__sort_order", "village__name", "name", "pk")
    )
    return [RosterRow(cadre, marks.get(cadre.pk)) for cadre in cadres]


def state_counts(rows):
    """[(state, label, count)] for the four states and 未签到, and the total."""
    counts = {state: 0 for state in [*AttendanceState.values, UNMARKED]}
    for row in rows:
        counts[row.state] += 1
    return [
        (state, state_label(None if state == UNMARKED else state), count)
        for state, count in counts.items()
    ]


class Change:
    """One entry of the change log: who, when, which cadre, from → to, why."""

    def __init__(self, record, old_state):
        self.when = record.history_date
        self.who = user_name(record.history_user)
        self.cadre = record.cadre
        self.old_label = state_label(old_state)
        self.new_label = state_label(record.state)
        self.source_label = AttendanceMark.Source(record.source).label
        self.reason = record.history_change_reason or ""
        self.note = record.note


def session_changes(session, *, manual_only=False):
    """The session's mark changes, newest first, each with the state before it
    (one query)."""
    records = (
        AttendanceMark.history.filter(session_id=session.pk)
        .select_related("cadre", "history_user")
        .order_by("history_date", "history_id")
    )
    changes, last = [], {}
    for record in records:
        old = last.get(record.id)
        last[record.id] = record.state
        if (
            record.history_type == "-"
            or old == record.state
            and not (record.history_change_reason)
        ):
            continue
        if manual_only and record.source not in MANUAL_SOURCES:
            continue
        changes.append(Change(record, old))
    changes.reverse()
    return changes


def roster_summary(session):
    """(size, reasons) of a saved session's roster: how many cadres it
    expects and, when none, why."""
    size = session_roster(session).count()
    return size, ([] if size else session_roster_empty_reasons(session))


# --- 集中培训: a course's sessions and the upcoming ones ------------------------

# A cadre's own state in a session's register, as the course page says it.
MY_SESSION_STATES = {
    "present": gettext_lazy("已签到"),
    "late": gettext_lazy("迟到"),
    "excused": gettext_lazy("请假"),
    "absent": gettext_lazy("缺勤"),
    None: gettext_lazy("未签到"),
}


def _with_my_state(sessions, cadre):
    """Annotate my_state: the cadre's attendance state in each session (None
    without a mark), in the same query."""
    mine = AttendanceMark.objects.filter(session=OuterRef("pk"), cadre=cadre)
    return sessions.annotate(my_state=Subquery(mine.values("state")[:1]))


def course_sessions(course, cadre=None):
    """The course's training sessions (集中培训) in time order: one query.

    With cadre (an enrolled cadre), each session has my_state and
    my_state_label (已签到, 迟到, 请假, 缺勤 or 未签到); otherwise my_state
    is None and my_state_label empty.
    """
    sessions = TrainingSession.objects.filter(course=course).order_by("starts_at", "pk")
    if cadre is not None:
        sessions = _with_my_state(sessions, cadre)
    sessions = list(sessions)
    for session in sessions:
        if cadre is None:
            session.my_state, session.my_state_label = None, ""
        else:
            session.my_state_label = MY_SESSION_STATES.get(session.my_state, "")
    return sessions


UPCOMING_SESSIONS = 5


def upcoming_sessions(user, now, limit=UPCOMING_SESSIONS):
    """The next sessions not yet over (nor closed) of live courses, with their
    course: for a cadre those whose roster they are on (with my_state), for
    anyone else all of them. Two queries (the sessions, their roster
    townships); the rosters chosen by position, class and township are
    matched here, as there are only the upcoming few to look at."""
    sessions = (
        TrainingSession.objects.filter(
            ends_at__gt=now, closed_at__isnull=True, course__live=True
        )
        .select_related("course")
        .order_by("starts_at", "pk")
    )
    cadre = viewer_cadre(user)
    if cadre is None:
        sessions = list(sessions[:limit])
    else:
        enrolled = Enrollment.objects.filter(
            cadre=cadre, course_id=OuterRef("course_id")
        )
        sessions = _with_my_state(sessions, cadre).annotate(enrolled=Exists(enrolled))
        sessions = [
            session
            for session in sessions.prefetch_related(
                "roster_townships", "course__audience_townships"
            )
            if _on_roster(session, cadre)
        ][:limit]
    for session in sessions:
        state = getattr(session, "my_state", None)
        session.my_state = state
        session.my_state_label = MY_SESSION_STATES.get(state, "") if cadre else ""
    return sessions


def _on_roster(session, cadre):
    """Whether cadre is expected at session (as roster.session_roster says,
    for a session annotated with enrolled, with its and its course's townships
    prefetched)."""
    if session.roster == session.Roster.ENROLLED:
        return session.enrolled
    course = session.course
    return (
        cadre.is_active
        and cadre.matches(
            positions=session.roster_positions,
            village_classes=session.roster_village_classes,
            township_ids={t.pk for t in session.roster_townships.all()},
        )
        and course.audience_includes(
            cadre, {t.pk for t in course.audience_townships.all()}
        )
    )


# --- 培训场次 in the admin ------------------------------------------------------


def sessions_visible_to(user):
    """The sessions user may see in the admin."""
    sessions = TrainingSession.objects.all()
    if is_administrator(user) or is_supervisor(user):
        return sessions
    if is_trainer(user):
        return sessions.filter(course__path__in=course_paths_taught(user))
    return sessions.none()


def courses_choosable_by(user):
    """The courses user may hold a session of."""
    courses = CoursePage.objects.order_by("path")
    if is_administrator(user):
        return courses
    if is_trainer(user):
        return courses.filter(path__in=course_paths_taught(user))
    return courses.none()


def sessions_in_state(sessions, state, *, now):
    """The sessions whose state_at(now) is state. Closed and past sessions in
    the database; the others (not over yet: the coming few) one by one, as
    each has its own check-in minutes."""
    State = TrainingSession.State
    if state == State.CLOSED:
        return sessions.filter(closed_at__isnull=False)
    sessions = sessions.filter(closed_at__isnull=True)
    if state == State.TO_CLOSE:
        return sessions.filter(ends_at__lt=now)
    coming = (
        sessions.filter(ends_at__gte=now)
        .select_related(None)
        .only("starts_at", "ends_at", "checkin_opens_minutes", "late_after_minutes")
    )
    return sessions.filter(
        pk__in=[s.pk for s in coming.order_by() if s.state_at(now) == state]
    )

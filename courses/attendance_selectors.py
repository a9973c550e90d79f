"""Reads of a session's register (考勤): the roster with each cadre's mark,
the counts by state, and the change log from the marks' history."""

from django.utils.translation import gettext as _

from .models import AttendanceMark, AttendanceState
from .services import session_roster

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
            "marked_by"
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

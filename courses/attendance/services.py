"""The register (考勤) of an offline session: marks set by the trainer, all
present at once, closing, and the hours that follow the marks.

Every mark lives in one AttendanceMark row per (session, cadre) — the unique
constraint settles a double check-in — and every change is recorded by
simple-history with who made it and, after closing, why. Marking and closing
lock the session row first (select_for_update), so a mark made while another
trainer closes the register sees the register closed: it needs a reason, and
the cadre's hours follow it. Check-in is courses.attendance.checkin, the
roster courses.attendance.roster, the approval of late sessions
courses.attendance.approval.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..models import (
    ATTENDED_STATES,
    AttendanceMark,
    AttendanceState,
    HoursLedgerEntry,
    TrainingSession,
)
from ..records.services import records_refresh
from ..selectors import study_year
from ..services.completion import course_completion_check
from .approval import approval_on_close
from .roster import on_roster, session_roster


def _locked(session):
    """The session's row, locked until the end of the transaction."""
    return (
        TrainingSession.objects.select_for_update()
        .select_related("course")
        .get(pk=session.pk)
    )


def mark_set(*, session, cadre, state, by, now, note="", reason=""):
    """Set a cadre's mark by hand (讲师点名). After the register is closed a
    reason is required, and the cadre's hours follow the new state. Setting
    the mark of a check-in flagged 疑似代签 decides it (who and when kept)."""
    if not on_roster(session, cadre):
        raise ValidationError(
            _("该学员不在本场培训的应到名单中。"), code="not_on_roster"
        )
    with transaction.atomic():
        locked = _locked(session)
        if locked.closed_at is not None and not reason.strip():
            raise ValidationError(
                _("本场培训已结束考勤，修改考勤须填写原因。"), code="reason_required"
            )
        mark = (
            AttendanceMark.objects.select_for_update()
            .filter(session=locked, cadre=cadre)
            .first()
        )
        if mark is None:
            mark = AttendanceMark(session=locked, cadre=cadre)
        mark.state = state
        mark.source = AttendanceMark.Source.REGISTER
        mark.note = note.strip()[:200] or mark.note
        mark.marked_by = by
        if mark.suspicion_open:
            mark.suspicion_decided_by, mark.suspicion_decided_at = by, now
        mark._history_user = by
        mark._change_reason = reason.strip()[:100] or None
        mark.save()
        if locked.closed_at is not None:
            session_hours_sync(session=locked, cadre=cadre, state=state, now=now)
            records_refresh(cadre_ids=[cadre.pk])
    session.closed_at = locked.closed_at
    return mark


def _mark_add(*, session, cadre_id, state, source, by):
    """A new mark set by a trainer (or their closing), kept in the history as
    theirs."""
    mark = AttendanceMark(
        session=session, cadre_id=cadre_id, state=state, source=source, marked_by=by
    )
    mark._history_user = by
    mark.save()
    return mark


def _unmarked_ids(session):
    """The ids of the session's roster cadres who have no mark yet."""
    return (
        session_roster(session)
        .exclude(
            Exists(AttendanceMark.objects.filter(session=session, cadre=OuterRef("pk")))
        )
        .values_list("pk", flat=True)
    )


def marks_all_present(*, session, by, now):
    """Mark every cadre of the roster without a mark present (then change the
    few exceptions). Returns how many were marked."""
    with transaction.atomic():
        locked = _locked(session)
        if locked.closed_at is not None:
            raise ValidationError(_("本场培训已结束考勤。"), code="closed")
        created = 0
        for cadre_id in _unmarked_ids(locked):
            try:
                with transaction.atomic():
                    _mark_add(
                        session=locked,
                        cadre_id=cadre_id,
                        state=AttendanceState.PRESENT,
                        source=AttendanceMark.Source.REGISTER,
                        by=by,
                    )
            except IntegrityError:
                continue  # checked in meanwhile
            created += 1
    return created


def suspicions_open(session):
    """The session's check-ins flagged 疑似代签 that the trainer has not
    decided yet."""
    return AttendanceMark.objects.filter(
        session=session, suspicion__gt="", suspicion_decided_at__isnull=True
    )


def session_close(*, session, by, now):
    """End the register: unmarked cadres become absent, attended ones get the
    session's centralised-training hours (once an administrator approved them,
    for a session closed late: courses.attendance.approval), and each cadre's
    course completion is checked. Refused while a check-in flagged 疑似代签 is
    undecided. Repeat-safe. Returns the number marked absent."""
    with transaction.atomic():
        locked = _locked(session)
        if locked.closed_at is not None:
            return 0
        if count := suspicions_open(locked).count():
            raise ValidationError(
                ngettext(
                    "还有 %(count)d 条疑似代签未处理：请先确认出勤或记为缺勤，"
                    "再结束考勤。",
                    "还有 %(count)d 条疑似代签未处理：请先确认出勤或记为缺勤，"
                    "再结束考勤。",
                    count,
                )
                % {"count": count},
                code="suspicions_open",
            )
        absent = 0
        for cadre_id in _unmarked_ids(locked):
            _mark_add(
                session=locked,
                cadre_id=cadre_id,
                state=AttendanceState.ABSENT,
                source=AttendanceMark.Source.CLOSING,
                by=by,
            )
            absent += 1
        locked.closed_at = now
        locked.closed_by = by
        fields = ["closed_at", "closed_by", *approval_on_close(locked, by=by, now=now)]
        locked._history_user = by
        locked.save(update_fields=fields)
        session_marks_sync(locked, now=now)
    session.closed_at, session.closed_by = locked.closed_at, locked.closed_by
    session.approval = locked.approval
    return absent


def session_marks_sync(session, *, now):
    """Every cadre's hours of a closed session follow their mark and the
    session's approval; then their records are refreshed."""
    marks = list(session.marks.select_related("cadre"))
    for mark in marks:
        session_hours_sync(session=session, cadre=mark.cadre, state=mark.state, now=now)
    records_refresh(cadre_ids=[mark.cadre_id for mark in marks])


def session_hours_sync(*, session, cadre, state, now):
    """The cadre's ledger entry for a closed session follows their mark:
    attended in a session whose hours count (TrainingSession.hours_count),
    one CENTRALISED entry of the session's hours; otherwise none. Then the
    course completion rule runs."""
    entries = HoursLedgerEntry.objects.filter(cadre=cadre, training_session=session)
    if state in ATTENDED_STATES and session.hours_count:
        if not entries.exists():
            HoursLedgerEntry.objects.create(
                cadre=cadre,
                training_session=session,
                page_id=session.course_id,
                source=HoursLedgerEntry.Source.ATTENDANCE,
                kind=HoursLedgerEntry.Kind.CENTRALISED,
                hours=session.credit_hours,
                year=study_year(session.starts_at),
                earned_at=now,
            )
    else:
        entries.delete()
    course_completion_check(cadre=cadre, course=session.course, now=now)


def session_approval_decide(*, session, by, now, approve, note=""):
    """An administrator approves (or refuses) a session waiting for approval
    (courses.attendance.approval): recorded with who, when and their note;
    a closed session's hours then follow (approved: credited; refused: none)."""
    with transaction.atomic():
        locked = _locked(session)
        if locked.approval != TrainingSession.Approval.PENDING:
            raise ValidationError(_("该培训场次不在待确认状态。"), code="not_pending")
        locked.approval = (
            TrainingSession.Approval.APPROVED
            if approve
            else TrainingSession.Approval.REFUSED
        )
        locked.approval_by, locked.approval_at = by, now
        locked.approval_note = note.strip()[:200]
        locked._history_user = by
        locked.save(
            update_fields=["approval", "approval_by", "approval_at", "approval_note"]
        )
        if locked.closed_at is not None:
            session_marks_sync(locked, now=now)
    return locked

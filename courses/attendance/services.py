"""Offline sessions (集中培训): rotating-QR check-in, the register, closing.

Check-in codes are signed with the site's secret key (a TimestampSigner salted
per session): a code names its session and the moment it was made, cannot be
forged, and is refused CHECKIN_CODE_SECONDS after it was made. The projector
page fetches a fresh code every CHECKIN_CODE_REFRESH_SECONDS, so no code in a
URL outlives half a minute.

Every mark lives in one AttendanceMark row per (session, cadre) — the unique
constraint settles a double check-in — and every change is recorded by
simple-history with who made it and, after closing, why.
"""

import datetime as dt

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.models import Cadre, Position, VillageClass

from ..models import (
    ATTENDED_STATES,
    AttendanceMark,
    AttendanceState,
    Enrollment,
    HoursLedgerEntry,
    TrainingSession,
)
from ..records.services import records_refresh
from ..selectors import study_year
from ..services.completion import course_completion_check
from ..services.enrolment import cadres_matching

CHECKIN_CODE_SECONDS = 30  # a code is refused this long after it was made
CHECKIN_CODE_REFRESH_SECONDS = 15  # the projector shows a new code this often
# A code the check-in page found genuine at the scan is remembered in the
# cadre's session (server-side) this long, so that logging in first or a slow
# confirm does not make the cadre scan again.
CHECKIN_SCAN_GRACE_SECONDS = 300


# --- Check-in codes ------------------------------------------------------------


def _signer(session_id):
    return signing.TimestampSigner(salt=f"lms.attendance.checkin.{session_id}")


def checkin_code(session):
    """A fresh signed check-in code for session (for the projector's QR)."""
    return _signer(session.pk).sign(str(session.pk))


def checkin_code_check(session, code):
    """Raise ValidationError unless code is a genuine, recent code of session."""
    try:
        value = _signer(session.pk).unsign(code or "", max_age=CHECKIN_CODE_SECONDS)
    except signing.SignatureExpired as error:
        raise ValidationError(
            _("二维码已过期，请重新扫描投影屏幕上的最新二维码。"), code="expired"
        ) from error
    except signing.BadSignature as error:
        raise ValidationError(
            _("二维码无效，请扫描投影屏幕上的签到二维码。"), code="forged"
        ) from error
    if value != str(session.pk):
        raise ValidationError(
            _("二维码无效，请扫描投影屏幕上的签到二维码。"), code="forged"
        )


# --- Who is expected -------------------------------------------------------------


def session_roster(session):
    """The active cadres expected at session: the course's enrolled cadres, or
    those chosen by position, village class and township."""
    if session.roster == TrainingSession.Roster.ENROLLED:
        enrolled = Enrollment.objects.filter(
            course_id=session.course_id, cadre=OuterRef("pk")
        )
        return Cadre.objects.filter(is_active=True).filter(Exists(enrolled))
    return cadres_matching(
        positions=session.roster_positions,
        village_classes=session.roster_village_classes,
        townships=session.roster_townships.all(),
    )


def _labels(choices, values):
    names = dict(choices.choices)
    return "、".join(str(names.get(value, value)) for value in values)


def session_roster_empty_reasons(session):
    """Why session's roster (session_roster) is empty, as sentences for the
    trainer: a course not yet live or without enrolments for a roster of the
    course's cadres; for a chosen roster, each condition that matches no
    active cadre alone, or else that together they match nobody. Call it only
    for an empty roster (a few exists() queries)."""
    if session.roster == TrainingSession.Roster.ENROLLED:
        course = session.course
        if not course.live:
            return [_("课程尚未发布，报名学员为空：课程发布后，名单按课程的学员生成。")]
        if Enrollment.objects.filter(course_id=course.pk).exists():
            return [_("本课程的报名学员都已停用，名单为空。")]
        return [
            _(
                "本课程还没有报名学员：学员报名（必修课程按面向对象自动报名）后，"
                "名单随之生成。"
            )
        ]
    active = Cadre.objects.filter(is_active=True)
    if not active.exists():
        return [_("系统中还没有在册学员，请先导入学员名单。")]
    townships = list(session.roster_townships.all())
    conditions = []
    if session.roster_positions:
        conditions.append(
            (
                _("职务"),
                _labels(Position, session.roster_positions),
                active.filter(position__in=session.roster_positions),
            )
        )
    if session.roster_village_classes:
        conditions.append(
            (
                _("村分类"),
                _labels(VillageClass, session.roster_village_classes),
                active.filter(
                    village__village_class__in=session.roster_village_classes
                ),
            )
        )
    if townships:
        conditions.append(
            (
                _("苏木乡镇"),
                "、".join(township.name for township in townships),
                active.filter(village__township__in=townships),
            )
        )
    reasons = [
        _("所选%(condition)s（%(values)s）没有在册学员。")
        % {"condition": condition, "values": values}
        for condition, values, cadres in conditions
        if not cadres.exists()
    ]
    if reasons or len(conditions) < 2:
        return reasons
    return [
        _(
            "所选条件（%(conditions)s）各自都有学员，但没有同时符合全部条件的学员；"
            "请放宽其中一项。"
        )
        % {
            "conditions": "；".join(
                f"{condition}：{values}" for condition, values, _c in conditions
            )
        }
    ]


def checkin_window(session):
    """(opens, closes): check-in is open from some minutes before the start
    until the end, unless the register was closed (TrainingSession.state_at
    names the moments in between)."""
    return session.checkin_opens_at, session.ends_at


# --- Check-in and check-out by the cadre -----------------------------------------


def checkin_scan_check(*, scanned_at, now):
    """Raise ValidationError when a remembered scan is too old to check in with."""
    if now - scanned_at > dt.timedelta(seconds=CHECKIN_SCAN_GRACE_SECONDS):
        raise ValidationError(
            _("扫码已超过 %(minutes)d 分钟，请重新扫描投影屏幕上的二维码。")
            % {"minutes": CHECKIN_SCAN_GRACE_SECONDS // 60},
            code="expired",
        )


def checkin_refusal(*, session, cadre, at):
    """Raise ValidationError (with a message for the cadre) when cadre may not
    check in to session at moment at: after closing, outside the check-in
    window, or not on the roster. Reads only; the page asks before offering
    the confirm button, and checkin asks again."""
    opens, closes = checkin_window(session)
    if session.closed_at is not None:
        raise ValidationError(_("本场培训已结束考勤，不能再签到。"), code="closed")
    if at < opens:
        raise ValidationError(
            _("签到尚未开始，开始时间：%(time)s。")
            % {"time": timezone.localtime(opens).strftime("%m-%d %H:%M")},
            code="too_early",
        )
    if at > closes:
        raise ValidationError(_("本场培训已结束，不能再签到。"), code="too_late")
    if not cadre.is_active or not session_roster(session).filter(pk=cadre.pk).exists():
        raise ValidationError(
            _("您不在本场培训的应到学员名单中，如有疑问请联系授课讲师。"),
            code="not_on_roster",
        )


def checkin(*, session, cadre, now, code=None, scanned_at=None):
    """Check cadre in to session, with a scanned code or, when the page has
    already checked the code at the scan (then the cadre logged in), the
    moment of that scan: it stays good CHECKIN_SCAN_GRACE_SECONDS.

    Returns (mark, created): a second scan returns the existing mark. Refused
    with a clear message (and nothing recorded) for an expired or forged code,
    a scan too long ago, outside the check-in window, after closing, or for a
    cadre not on the roster. The scan's moment is the check-in time; after
    the start plus late_after_minutes the mark is "late".
    """
    if scanned_at is None:
        checkin_code_check(session, code)
        scanned_at = now
    checkin_scan_check(scanned_at=scanned_at, now=now)
    checkin_refusal(session=session, cadre=cadre, at=scanned_at)
    late_after = session.late_after
    try:
        with transaction.atomic():
            mark = AttendanceMark.objects.create(
                session=session,
                cadre=cadre,
                state=(
                    AttendanceState.LATE
                    if scanned_at > late_after
                    else AttendanceState.PRESENT
                ),
                source=AttendanceMark.Source.CHECKIN,
                checked_in_at=scanned_at,
                marked_by=cadre.user,
            )
    except IntegrityError:
        return AttendanceMark.objects.get(session=session, cadre=cadre), False
    return mark, True


def checkout(*, session, cadre, now):
    """Record that a checked-in cadre leaves (签退), once."""
    with transaction.atomic():
        mark = (
            AttendanceMark.objects.select_for_update()
            .filter(session=session, cadre=cadre, checked_in_at__isnull=False)
            .first()
        )
        if mark is None:
            raise ValidationError(_("您还没有签到，不能签退。"), code="not_checked_in")
        if mark.checked_out_at is None:
            mark.checked_out_at = now
            mark._history_user = cadre.user
            mark.save(update_fields=["checked_out_at", "updated_at"])
    return mark


# --- The register (trainers) -------------------------------------------------------


def mark_set(*, session, cadre, state, by, now, note="", reason=""):
    """Set a cadre's mark by hand (讲师点名). After the register is closed a
    reason is required, and the cadre's hours follow the new state."""
    if session.closed_at is not None and not reason.strip():
        raise ValidationError(
            _("本场培训已结束考勤，修改考勤须填写原因。"), code="reason_required"
        )
    if not session_roster(session).filter(pk=cadre.pk).exists():
        raise ValidationError(
            _("该学员不在本场培训的应到名单中。"), code="not_on_roster"
        )
    with transaction.atomic():
        mark = (
            AttendanceMark.objects.select_for_update()
            .filter(session=session, cadre=cadre)
            .first()
        )
        if mark is None:
            mark = AttendanceMark(session=session, cadre=cadre)
        mark.state = state
        mark.source = AttendanceMark.Source.REGISTER
        mark.note = note.strip()[:200] or mark.note
        mark.marked_by = by
        mark._history_user = by
        mark._change_reason = reason.strip()[:100] or None
        mark.save()
        if session.closed_at is not None:
            _session_hours_sync(session=session, cadre=cadre, state=state, now=now)
            records_refresh(cadre_ids=[cadre.pk])
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
    if session.closed_at is not None:
        raise ValidationError(_("本场培训已结束考勤。"), code="closed")
    created = 0
    for cadre_id in _unmarked_ids(session):
        try:
            with transaction.atomic():
                _mark_add(
                    session=session,
                    cadre_id=cadre_id,
                    state=AttendanceState.PRESENT,
                    source=AttendanceMark.Source.REGISTER,
                    by=by,
                )
        except IntegrityError:
            continue  # checked in meanwhile
        created += 1
    return created


def session_close(*, session, by, now):
    """End the register: unmarked cadres become absent, attended ones get the
    session's centralised-training hours, and each cadre's course completion
    is checked. Repeat-safe. Returns the number marked absent."""
    with transaction.atomic():
        locked = TrainingSession.objects.select_for_update().get(pk=session.pk)
        if locked.closed_at is not None:
            return 0
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
        locked.save(update_fields=["closed_at", "closed_by"])
        marks = list(locked.marks.select_related("cadre"))
        for mark in marks:
            _session_hours_sync(
                session=locked, cadre=mark.cadre, state=mark.state, now=now
            )
        records_refresh(cadre_ids=[mark.cadre_id for mark in marks])
    session.closed_at, session.closed_by = locked.closed_at, locked.closed_by
    return absent


def _session_hours_sync(*, session, cadre, state, now):
    """The cadre's ledger entry for a closed session follows their mark:
    attended, one CENTRALISED entry of the session's hours; otherwise none.
    Then the course completion rule runs."""
    entries = HoursLedgerEntry.objects.filter(cadre=cadre, training_session=session)
    if state in ATTENDED_STATES:
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

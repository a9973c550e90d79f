"""A cadre's check-in (签到) and check-out: rotating signed codes, the
check-in window, and 疑似代签 (check-in by proxy).

Check-in codes are signed with the site's secret key (a TimestampSigner salted
per session): a code names its session and the moment it was made, cannot be
forged, and is refused CHECKIN_CODE_SECONDS after it was made. The projector
page fetches a fresh code every CHECKIN_CODE_REFRESH_SECONDS, so no code in a
URL outlives half a minute.

One phone (a long-lived signed cookie, the device) checks in one cadre per
session: a second cadre from the same phone, or a phone that reports being
farther from the session's place than its allowed distance, is recorded but
flagged 疑似代签 for the trainer to decide (courses.attendance.services'
mark_set). The check-in locks the session row, so it cannot slip past the
closing of the register.
"""

import datetime as dt
import math

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import AttendanceMark, AttendanceState, TrainingSession
from .roster import on_roster

CHECKIN_CODE_SECONDS = 30  # a code is refused this long after it was made
CHECKIN_CODE_REFRESH_SECONDS = 15  # the projector shows a new code this often
# A code the check-in page found genuine at the scan is remembered in the
# cadre's session (server-side) this long, so that logging in first or a slow
# confirm does not make the cadre scan again.
CHECKIN_SCAN_GRACE_SECONDS = 300
EARTH_RADIUS_M = 6_371_000
Suspicion = AttendanceMark.Suspicion


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


def checkin_window(session):
    """(opens, closes): check-in is open from some minutes before the start
    until the end, unless the register was closed (TrainingSession.state_at
    names the moments in between)."""
    return session.checkin_opens_at, session.ends_at


def checkin_closed_error():
    return ValidationError(
        _("本场培训已结束签到，讲师已结束考勤，如有疑问请联系授课讲师。"),
        code="closed",
    )


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
        raise checkin_closed_error()
    if at < opens:
        raise ValidationError(
            _("签到尚未开始，开始时间：%(time)s。")
            % {"time": timezone.localtime(opens).strftime("%m-%d %H:%M")},
            code="too_early",
        )
    if at > closes:
        raise ValidationError(_("本场培训已结束，不能再签到。"), code="too_late")
    if not on_roster(session, cadre):
        raise ValidationError(
            _("您不在本场培训的应到学员名单中，如有疑问请联系授课讲师。"),
            code="not_on_roster",
        )


def distance_m(lat1, lon1, lat2, lon2):
    """The great-circle distance in metres between two points (degrees)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = (
        math.sin(dphi / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    )
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def _suspicion(session, cadre, device, location):
    """(suspicion, distance in metres or None) of a new check-in."""
    distance = None
    if session.has_place and location is not None:
        distance = round(
            distance_m(
                float(session.latitude),
                float(session.longitude),
                location[0],
                location[1],
            )
        )
    if (
        device
        and AttendanceMark.objects.filter(session=session, device=device)
        .exclude(cadre=cadre)
        .exists()
    ):
        return Suspicion.SAME_DEVICE, distance
    if distance is not None and distance > session.checkin_radius_m:
        return Suspicion.TOO_FAR, distance
    return "", distance


def checkin(
    *, session, cadre, now, code=None, scanned_at=None, device="", location=None
):
    """Check cadre in to session, with a scanned code or, when the page has
    already checked the code at the scan (then the cadre logged in), the
    moment of that scan: it stays good CHECKIN_SCAN_GRACE_SECONDS.

    device: the phone's id (its signed cookie); location: (latitude,
    longitude) when the phone reported it. A second cadre from the same
    device, or a location farther than the session allows, is recorded but
    flagged (mark.suspicion).

    Returns (mark, created): a second scan returns the existing mark. Refused
    with a clear message (and nothing recorded) for an expired or forged code,
    a scan too long ago, outside the check-in window, after closing (also when
    the register closes while the check-in waits for the session's lock), or
    for a cadre not on the roster. The scan's moment is the check-in time;
    after the start plus late_after_minutes the mark is "late".
    """
    if scanned_at is None:
        checkin_code_check(session, code)
        scanned_at = now
    checkin_scan_check(scanned_at=scanned_at, now=now)
    checkin_refusal(session=session, cadre=cadre, at=scanned_at)
    try:
        with transaction.atomic():
            locked = TrainingSession.objects.select_for_update().get(pk=session.pk)
            if locked.closed_at is not None:
                raise checkin_closed_error()
            existing = AttendanceMark.objects.filter(session=locked, cadre=cadre)
            if mark := existing.first():
                return mark, False
            suspicion, distance = _suspicion(locked, cadre, device, location)
            mark = AttendanceMark.objects.create(
                session=locked,
                cadre=cadre,
                state=(
                    AttendanceState.LATE
                    if scanned_at > locked.late_after
                    else AttendanceState.PRESENT
                ),
                source=AttendanceMark.Source.CHECKIN,
                checked_in_at=scanned_at,
                marked_by=cadre.user,
                device=device[:64],
                distance_m=distance,
                suspicion=suspicion,
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

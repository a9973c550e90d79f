"""The projector page's rotating QR code and the cadre's check-in (签到).

- The projector page (投影签到), for a session's trainer, the course's
  trainers and administrators: the session, a QR code of the check-in URL
  with a fresh signed code, and the counts; projector.js fetches a new code
  from projector_code every CHECKIN_CODE_REFRESH_SECONDS.
- The check-in page: opening the QR's URL checks the code at once (no login
  needed) and remembers the genuine scan in the visitor's session, then
  redirects to the page without the code — through the login page for a
  cadre not logged in. The page shows the session and a confirm button (or
  at once why the cadre cannot check in); only the POST records, through
  courses.attendance.checkin with the scan's moment. Then 签退 (checkout).
  Nothing about the session (title, course, place) shows until a genuine
  code was scanned (or the cadre is already in its register).
- The phone is known by a long-lived signed cookie (DEVICE_COOKIE); a session
  with a place has checkin-location.js ask the phone where it is and post it
  with the confirm (the check-in service flags 疑似代签).
"""

import datetime as dt
import secrets
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from ...models import ATTENDED_STATES, TrainingSession
from ...qr import qr_svg
from ...selectors import viewer_cadre
from ..access import run_session
from ..checkin import (
    CHECKIN_CODE_REFRESH_SECONDS,
    CHECKIN_CODE_SECONDS,
    CHECKIN_SCAN_GRACE_SECONDS,
    checkin,
    checkin_code,
    checkin_code_check,
    checkin_refusal,
    checkin_scan_check,
    checkout,
)
from ..roster import session_roster

DEVICE_COOKIE = "lms_device"
DEVICE_SALT = "lms.attendance.device"
DEVICE_MAX_AGE = 5 * 365 * 24 * 60 * 60

# --- The projector (trainers) ------------------------------------------------------


def _code_payload(request, session):
    """What the projector shows: the QR of a fresh check-in URL and counts;
    once the register is closed, no code (closed: true) and the counts."""
    counts = {
        "checked_in": session.marks.filter(state__in=ATTENDED_STATES).count(),
        "expected": session_roster(session).count(),
    }
    if session.closed_at is not None:
        return {"closed": True, **counts}
    url = request.build_absolute_uri(
        reverse("courses:checkin", args=[session.pk])
        + "?code="
        + quote(checkin_code(session), safe=":")
    )
    return {
        "qr_svg": qr_svg(url, _("签到二维码")),
        "url": url,
        **counts,
        "refresh_seconds": CHECKIN_CODE_REFRESH_SECONDS,
    }


@never_cache
@login_required
@require_GET
def projector(request, session_id):
    """投影签到: the page the trainer shows on the big screen."""
    session = run_session(request, session_id)
    context = {"session": session, **_code_payload(request, session)}
    return render(request, "courses/checkin_projector.html", context)


@never_cache
@login_required
@require_GET
def projector_code(request, session_id):
    """A fresh code for the projector, as JSON (fetched by projector.js)."""
    session = run_session(request, session_id)
    return JsonResponse(_code_payload(request, session))


# --- Check-in and check-out (cadres) -------------------------------------------------


def _device(request):
    """The phone's id from its signed cookie ("" without a genuine one)."""
    return request.get_signed_cookie(DEVICE_COOKIE, "", salt=DEVICE_SALT)


def _device_keep(request, response):
    """Give a phone without an id one, for years."""
    if not _device(request):
        response.set_signed_cookie(
            DEVICE_COOKIE,
            getattr(request, "new_device", None) or secrets.token_urlsafe(24),
            salt=DEVICE_SALT,
            max_age=DEVICE_MAX_AGE,
            secure=request.is_secure(),
            httponly=True,
            samesite="Lax",
        )
    return response


def _location(request, session):
    """(latitude, longitude) the phone posted, for a session with a place;
    None when it said nothing (or nonsense)."""
    if not session.has_place:
        return None
    try:
        latitude = float(request.POST.get("latitude", ""))
        longitude = float(request.POST.get("longitude", ""))
    except ValueError:
        return None
    if abs(latitude) > 90 or abs(longitude) > 180:
        return None
    return latitude, longitude


# The page shows the session's facts only in these states (a genuine scan,
# or a cadre already in the register).
SHOWS_SESSION = frozenset({"confirm", "checked_in", "repeat", "marked", "checked_out"})


def _checkin_page(request, session, cadre, status, **context):
    """The check-in page in one of its states: not_cadre, error, confirm,
    checked_in, repeat, marked or checked_out."""
    mark = context.get("mark")
    context.update(
        show_session=status in SHOWS_SESSION or context.pop("scan_genuine", False),
        session=session,
        cadre=cadre,
        status=status,
        code_seconds=CHECKIN_CODE_SECONDS,
        scan_minutes=CHECKIN_SCAN_GRACE_SECONDS // 60,
        can_checkout=bool(
            mark
            and mark.checked_in_at
            and mark.checked_out_at is None
            and session.closed_at is None
        ),
    )
    return render(request, "courses/checkin.html", context)


def _existing_page(request, session, cadre, mark):
    """The page for a cadre who already has a mark in the session."""
    if mark.checked_out_at is not None:
        status = "checked_out"
    elif mark.state in ATTENDED_STATES:
        status = "repeat"
    else:  # marked excused or absent by the trainer
        status = "marked"
    return _checkin_page(request, session, cadre, status, mark=mark)


SCANS_KEY = "checkin_scans"  # in request.session: {session id: ISO time}


def _scan_remember(request, session, now):
    scans = request.session.get(SCANS_KEY, {})
    scans[str(session.pk)] = now.isoformat()
    request.session[SCANS_KEY] = scans


def _scan_recalled(request, session):
    """The moment of the cadre's genuine scan for session, or None."""
    value = request.session.get(SCANS_KEY, {}).get(str(session.pk))
    return dt.datetime.fromisoformat(value) if value else None


def _scan_forget(request, session):
    scans = request.session.get(SCANS_KEY, {})
    if scans.pop(str(session.pk), None) is not None:
        request.session[SCANS_KEY] = scans


def _error_page(request, session, cadre, error):
    code_error = error.code in ("expired", "forged", "no_scan")
    return _checkin_page(
        request,
        session,
        cadre,
        "error",
        scan_genuine=not code_error and error.code != "closed",
        errors=error.messages,
        code_error=code_error,
        expired=error.code == "expired",
    )


def _no_scan_error():
    return ValidationError(_("请扫描投影屏幕上的签到二维码后再签到。"), code="no_scan")


@never_cache
def session_checkin(request, session_id):
    """签到: opening the QR's URL (?code=…) checks the code and remembers the
    scan, then redirects to this page without it; a GET shows 确认签到
    (recording nothing); POST checks the cadre in with the remembered scan
    (or a code it carries). Every answer gives the phone its id."""
    return _device_keep(request, _session_checkin(request, session_id))


def _session_checkin(request, session_id):
    session = get_object_or_404(
        TrainingSession.objects.select_related("course"), pk=session_id
    )
    cadre = viewer_cadre(request.user)
    mark = session.marks.filter(cadre=cadre).first() if cadre else None
    if request.method == "GET" and "code" in request.GET:
        if mark is not None:
            return _existing_page(request, session, cadre, mark)
        try:
            checkin_code_check(session, request.GET["code"])
        except ValidationError as error:
            return _error_page(request, session, cadre, error)
        _scan_remember(request, session, timezone.now())
        return redirect("courses:checkin", session.pk)
    if not request.user.is_authenticated:
        if _scan_recalled(request, session) is not None:
            messages.info(
                request,
                _("已记录您的扫码。请在 %(minutes)d 分钟内登录，然后确认签到。")
                % {"minutes": CHECKIN_SCAN_GRACE_SECONDS // 60},
            )
        return redirect_to_login(request.get_full_path())
    if cadre is None:
        return _checkin_page(request, session, None, "not_cadre")
    if request.method == "POST":
        code = request.POST.get("code", "")
        scanned_at = None if code else _scan_recalled(request, session)
        try:
            if not code and scanned_at is None:
                raise _no_scan_error()
            request.new_device = _device(request) or secrets.token_urlsafe(24)
            mark, created = checkin(
                session=session,
                cadre=cadre,
                now=timezone.now(),
                code=code or None,
                scanned_at=scanned_at,
                device=request.new_device,
                location=_location(request, session),
            )
        except ValidationError as error:
            return _error_page(request, session, cadre, error)
        _scan_forget(request, session)
        if not created:
            return _existing_page(request, session, cadre, mark)
        return _checkin_page(request, session, cadre, "checked_in", mark=mark)

    if mark is not None:
        return _existing_page(request, session, cadre, mark)
    scanned_at = _scan_recalled(request, session)
    try:
        if scanned_at is None:
            raise _no_scan_error()
        checkin_scan_check(scanned_at=scanned_at, now=timezone.now())
        checkin_refusal(session=session, cadre=cadre, at=scanned_at)
    except ValidationError as error:
        return _error_page(request, session, cadre, error)
    return _checkin_page(request, session, cadre, "confirm")


@never_cache
@login_required
@require_POST
def session_checkout(request, session_id):
    """签退: record that the checked-in cadre leaves."""
    session = get_object_or_404(
        TrainingSession.objects.select_related("course"), pk=session_id
    )
    cadre = viewer_cadre(request.user)
    if cadre is None:
        return _checkin_page(request, session, None, "not_cadre")
    try:
        mark = checkout(session=session, cadre=cadre, now=timezone.now())
    except ValidationError as error:
        return _error_page(request, session, cadre, error)
    return _checkin_page(request, session, cadre, "checked_out", mark=mark)

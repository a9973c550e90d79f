"""The projector page's rotating QR code and the cadre's check-in (签到).

- The projector page (投影签到), for a session's trainer, the course's
  trainers and administrators: the session, a QR code of the check-in URL
  with a fresh signed code, and the counts; projector.js fetches a new code
  from projector_code every CHECKIN_CODE_REFRESH_SECONDS.
- The check-in page: a GET shows the session and a confirm button (and says
  so at once when the code has expired meanwhile, e.g. during login); only
  the POST records, through services.checkin. Then 签退 (checkout).
"""

import re
from urllib.parse import quote

import qrcode
import qrcode.image.svg
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from ..models import ATTENDED_STATES, CoursePage, TrainingSession
from ..selectors import viewer_cadre
from ..services import (
    CHECKIN_CODE_REFRESH_SECONDS,
    CHECKIN_CODE_SECONDS,
    checkin,
    checkin_code,
    checkout,
    session_roster,
)

# Checks a code without recording anything (the GET of the check-in page).
from ..services.attendance import _checkin_code_check as checkin_code_check

# --- The projector (trainers) ------------------------------------------------------


def _projected_session(request, session_id):
    """The session, if the user may project it: its trainer, a trainer of its
    course or an administrator; PermissionDenied for anyone else."""
    session = get_object_or_404(
        TrainingSession.objects.select_related("course"), pk=session_id
    )
    user = request.user
    if not user.is_active:
        raise PermissionDenied
    if user.is_administrator or session.trainer_id == user.pk:
        return session
    if CoursePage.objects.filter(pk=session.course_id, trainers=user).exists():
        return session
    raise PermissionDenied


_SVG_SIZE = re.compile(r'^<svg width="[^"]*" height="[^"]*"')


def qr_svg(text, label):
    """An inline SVG QR code of text that scales to its box (no fixed size)."""
    image = qrcode.make(
        text,
        image_factory=qrcode.image.svg.SvgPathImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
    )
    svg = image.to_string(encoding="unicode")
    return _SVG_SIZE.sub(
        f'<svg class="qr-code" role="img" aria-label="{escape(label)}"'
        ' shape-rendering="crispEdges" preserveAspectRatio="xMidYMid meet"',
        svg,
        count=1,
    )


def _code_payload(request, session):
    """What the projector shows: the QR of a fresh check-in URL and counts."""
    url = request.build_absolute_uri(
        reverse("courses:checkin", args=[session.pk])
        + "?code="
        + quote(checkin_code(session), safe=":")
    )
    return {
        "qr_svg": qr_svg(url, _("签到二维码")),
        "url": url,
        "checked_in": session.marks.filter(state__in=ATTENDED_STATES).count(),
        "expected": session_roster(session).count(),
        "refresh_seconds": CHECKIN_CODE_REFRESH_SECONDS,
    }


@never_cache
@login_required
@require_GET
def projector(request, session_id):
    """投影签到: the page the trainer shows on the big screen."""
    session = _projected_session(request, session_id)
    context = {"session": session, **_code_payload(request, session)}
    return render(request, "courses/checkin_projector.html", context)


@never_cache
@login_required
@require_GET
def projector_code(request, session_id):
    """A fresh code for the projector, as JSON (fetched by projector.js)."""
    session = _projected_session(request, session_id)
    return JsonResponse(_code_payload(request, session))


# --- Check-in and check-out (cadres) -------------------------------------------------


def _checkin_page(request, session, cadre, status, **context):
    """The check-in page in one of its states: not_cadre, error, confirm,
    checked_in, repeat, marked or checked_out."""
    mark = context.get("mark")
    context.update(
        session=session,
        cadre=cadre,
        status=status,
        code_seconds=CHECKIN_CODE_SECONDS,
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


@never_cache
@login_required
def session_checkin(request, session_id):
    """签到: GET shows the session and 确认签到 (recording nothing); POST
    checks the cadre in with the scanned code."""
    session = get_object_or_404(
        TrainingSession.objects.select_related("course"), pk=session_id
    )
    cadre = viewer_cadre(request.user)
    if cadre is None:
        return _checkin_page(request, session, None, "not_cadre")
    if request.method == "POST":
        code = request.POST.get("code", "")
        try:
            mark, created = checkin(
                session=session, cadre=cadre, code=code, now=timezone.now()
            )
        except ValidationError as error:
            return _checkin_page(
                request,
                session,
                cadre,
                "error",
                errors=error.messages,
                code_error=error.code in ("expired", "forged"),
                expired=error.code == "expired",
            )
        if not created:
            return _existing_page(request, session, cadre, mark)
        return _checkin_page(request, session, cadre, "checked_in", mark=mark)

    mark = session.marks.filter(cadre=cadre).first()
    if mark is not None:
        return _existing_page(request, session, cadre, mark)
    code = request.GET.get("code", "")
    try:
        checkin_code_check(session, code)
    except ValidationError as error:
        return _checkin_page(
            request,
            session,
            cadre,
            "error",
            errors=error.messages,
            code_error=True,
            expired=error.code == "expired",
        )
    return _checkin_page(request, session, cadre, "confirm", code=code)


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
        return _checkin_page(request, session, cadre, "error", errors=error.messages)
    return _checkin_page(request, session, cadre, "checked_out", mark=mark)


urlpatterns = [
    path("sessions/<int:session_id>/projector/", projector, name="projector"),
    path(
        "sessions/<int:session_id>/projector/code/",
        projector_code,
        name="projector_code",
    ),
    path("sessions/<int:session_id>/checkin/", session_checkin, name="checkin"),
    path("sessions/<int:session_id>/checkout/", session_checkout, name="checkout"),
]

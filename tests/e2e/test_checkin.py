"""The trainer projects a session's QR code; a cadre opens its URL on a phone
and checks in."""

import datetime as dt
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from courses.attendance.checkin import checkin_code
from courses.models import AttendanceMark, AttendanceState, Requirement, TrainingSession
from courses.services import enrollment_choose
from tests.courses.factories import make_course, tracks

from .conftest import PHONE
from .logins import log_in


def session_soon(trainer, cadre, **fields):
    """A three-hour session starting in ten minutes, of an elective the cadre
    is enrolled in."""
    course = make_course(
        tracks()[0], title="村务公开实务", requirement=Requirement.ELECTIVE
    )
    enrollment_choose(cadre=cadre, course=course)
    starts_at = timezone.now() + dt.timedelta(minutes=10)
    return TrainingSession.objects.create(
        course=course,
        place="东明镇党群服务中心",
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=3),
        credit_hours=Decimal("3"),
        trainer=trainer,
        **fields,
    )


def test_cadre_checks_in_with_the_projected_code_on_a_phone(
    browser, live_server, trainer, cadre, monkeypatch
):
    # A new code every second instead of every 15 so that the test sees the
    # projector refresh; the rules of the codes are otherwise unchanged.
    monkeypatch.setattr(
        "courses.attendance.views.checkin.CHECKIN_CODE_REFRESH_SECONDS", 1
    )
    session = session_soon(trainer, cadre, title="第一场：四议两公开")

    screen = browser.new_context(viewport={"width": 1280, "height": 800})
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        projector = screen.new_page()
        projector.set_default_timeout(15_000)
        projector_url = f"/courses/sessions/{session.pk}/projector/"
        log_in(projector, live_server.url, trainer, projector_url)
        assert projector.locator("#projector-qr svg").is_visible()
        assert projector.get_by_text("0/1").is_visible()
        link = projector.locator("#projector-url")
        first_url = link.inner_text()
        assert "/checkin/?code=" in first_url
        # projector.js puts up a new code.
        projector.wait_for_function(
            "first => document.getElementById('projector-url').textContent !== first",
            arg=first_url,
        )
        checkin_url = link.inner_text()
        assert checkin_url.startswith(live_server.url)
        assert projector.locator("#projector-qr svg").is_visible()

        page = phone.new_page()
        page.set_default_timeout(15_000)
        log_in(page, live_server.url, cadre.user, "/courses/mine/")
        page.goto(checkin_url)
        assert page.get_by_text(session.title).first.is_visible()
        assert not AttendanceMark.objects.exists()  # opening records nothing
        page.get_by_role("button", name="确认签到").tap()
        page.get_by_role("heading", name="签到成功").wait_for()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360

        mark = AttendanceMark.objects.get(session=session, cadre=cadre)
        assert mark.state == AttendanceState.PRESENT
        assert mark.source == AttendanceMark.Source.CHECKIN
        assert mark.checked_in_at is not None

        # The projector counts the cadre at its next refresh.
        projector.get_by_text("1/1").wait_for()
    finally:
        screen.close()
        phone.close()


def test_a_phone_far_from_the_place_is_flagged_by_its_reported_location(
    browser, live_server, trainer, cadre
):
    """checkin-location.js (a static file: no inline script) asks the phone
    where it is for a session with a place; 11 km away is 疑似代签."""
    session = session_soon(
        trainer,
        cadre,
        title="第二场：定位签到",
        latitude=Decimal("42.845000"),
        longitude=Decimal("120.655000"),
        checkin_radius_m=500,
    )
    phone = browser.new_context(
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        geolocation={"latitude": 42.945, "longitude": 120.655},
        permissions=["geolocation"],
    )
    try:
        page = phone.new_page()
        page.set_default_timeout(15_000)
        errors = []
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        log_in(page, live_server.url, cadre.user, "/courses/mine/")
        url = reverse("courses:checkin", args=[session.pk])
        page.goto(f"{live_server.url}{url}?code={checkin_code(session)}")
        page.get_by_text("已获取位置").wait_for()
        page.get_by_role("button", name="确认签到").tap()
        page.get_by_role("heading", name="签到成功").wait_for()
        mark = AttendanceMark.objects.get(session=session, cadre=cadre)
        assert mark.suspicion == AttendanceMark.Suspicion.TOO_FAR
        assert 10_000 < mark.distance_m < 12_000
        assert errors == []
    finally:
        phone.close()

"""Check-in by proxy (疑似代签) and what the check-in page gives away: one
phone checks in one cadre per session; a second cadre from the same phone, or
a phone far from the session's place, is recorded but flagged for the
trainer; the page names no session before a genuine code (issue 13)."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from courses.attendance.checkin import checkin_code
from courses.models import AttendanceMark, AttendanceState
from courses.services import enrollment_choose
from lms.demo import make_cadre
from tests.conftest import PASSWORD

from ..factories import make_session_soon

Suspicion = AttendanceMark.Suspicion
# 东明镇党群服务中心, roughly; a point about 11 km north of it.
PLACE = (Decimal("42.845000"), Decimal("120.655000"))
FAR = ("42.945000", "120.655000")


@pytest.fixture
def neighbour(village, course):
    """A second cadre of the course, whose phone is the first cadre's."""
    other = make_cadre(village=village, name="其其格", serial=21, password=PASSWORD)
    enrollment_choose(cadre=other, course=course)
    return other


@pytest.fixture
def placed(course, trainer):
    return make_session_soon(
        course,
        trainer,
        latitude=PLACE[0],
        longitude=PLACE[1],
        checkin_radius_m=500,
    )


def checkin_url(session, code=None):
    url = reverse("courses:checkin", args=[session.pk])
    return url if code is None else f"{url}?code={code}"


def scan_and_confirm(client, session, cadre, **post):
    client.force_login(cadre.user)
    client.get(checkin_url(session, checkin_code(session)))
    return client.post(checkin_url(session), post)


def mark(session, cadre):
    return AttendanceMark.objects.get(session=session, cadre=cadre)


def test_a_second_cadre_from_the_same_phone_is_flagged_for_the_trainer(
    client, session, cadre, enrolled, neighbour, trainer
):
    phone = Client()
    assert "签到成功" in scan_and_confirm(phone, session, cadre).content.decode()
    # Another cadre logs in on the same phone: the cookie naming it stays.
    response = scan_and_confirm(phone, session, neighbour)
    assert "签到成功" in response.content.decode()  # recorded, not refused
    assert mark(session, cadre).suspicion == ""
    assert mark(session, neighbour).suspicion == Suspicion.SAME_DEVICE
    # Another phone is another device.
    third = make_cadre(village=cadre.village, name="敖登", serial=22, password=PASSWORD)
    enrollment_choose(cadre=third, course=session.course)
    scan_and_confirm(Client(), session, third)
    assert mark(session, third).suspicion == ""

    client.force_login(trainer)
    register = reverse("courses:register", args=[session.pk])
    page = client.get(register).content.decode()
    assert "疑似代签" in page and "同一手机已为其他学员签到" in page
    assert "有 1 条签到疑似代签" in page
    # Closing waits for the trainer's decision.
    close = reverse("courses:register_close", args=[session.pk])
    page = client.post(close, follow=True).content.decode()
    assert "还有 1 条疑似代签未处理" in page
    session.refresh_from_db()
    assert session.closed_at is None
    # 记为缺勤: recorded with who and when.
    client.post(
        reverse("courses:register_mark", args=[session.pk]),
        {"cadre": neighbour.pk, "state": "absent", "note": "疑似代签：讲师记为缺勤"},
    )
    flagged = mark(session, neighbour)
    assert flagged.state == AttendanceState.ABSENT
    assert flagged.suspicion_decided_by == trainer
    assert flagged.suspicion_decided_at is not None
    page = client.get(register).content.decode()
    assert "已由 王讲师" in page or f"已由 {trainer.name}" in page
    client.post(close)
    session.refresh_from_db()
    assert session.closed_at is not None


def test_a_scan_far_from_the_place_is_flagged_and_a_near_one_is_not(
    placed, cadre, neighbour, course
):
    enrollment_choose(cadre=cadre, course=course)
    scan_and_confirm(Client(), placed, cadre, latitude=FAR[0], longitude=FAR[1])
    far = mark(placed, cadre)
    assert far.suspicion == Suspicion.TOO_FAR
    assert 10_000 < far.distance_m < 12_000
    near = {"latitude": "42.845500", "longitude": "120.655000"}
    scan_and_confirm(Client(), placed, neighbour, **near)
    assert mark(placed, neighbour).suspicion == ""
    assert mark(placed, neighbour).distance_m < 100


def test_the_page_asks_for_the_location_only_when_the_session_has_a_place(
    client, session, placed, cadre, enrolled
):
    client.force_login(cadre.user)
    client.get(checkin_url(placed, checkin_code(placed)))
    page = client.get(checkin_url(placed)).content.decode()
    assert "courses/js/checkin-location.js" in page
    assert 'name="latitude"' in page and "<script>" not in page  # no inline script
    client.get(checkin_url(session, checkin_code(session)))
    page = client.get(checkin_url(session)).content.decode()
    assert "checkin-location.js" not in page and 'name="latitude"' not in page


def test_the_check_in_page_names_no_session_before_a_genuine_code(
    client, session, cadre, enrolled
):
    client.force_login(cadre.user)
    secrets = (session.title, session.course.title, session.place)
    for response in (
        client.get(checkin_url(session)),  # no code
        client.get(checkin_url(session, "forged:code")),
        client.post(checkin_url(session)),
    ):
        page = response.content.decode()
        assert response.status_code == 200
        assert not [text for text in secrets if text in page]
    client.logout()
    anonymous = Client().get(checkin_url(session, "forged:code")).content.decode()
    assert not [text for text in secrets if text in anonymous]
    client.force_login(cadre.user)
    client.get(checkin_url(session, checkin_code(session)))
    page = client.get(checkin_url(session)).content.decode()
    assert session.title in page and session.place in page

"""The cadre's check-in and check-out pages: the scan remembered, the
confirm button, and every refusal recording nothing."""

import datetime as dt
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.attendance.checkin import checkin_code
from courses.models import (
    AttendanceMark,
    AttendanceState,
)
from tests.conftest import PASSWORD

from ..factories import make_session_soon


def checkin_url(session, code=None):
    url = reverse("courses:checkin", args=[session.pk])
    return url if code is None else f"{url}?code={code}"


def marks():
    return AttendanceMark.objects.count()


# ---- Check-in --------------------------------------------------------------------


def test_scanning_remembers_the_scan_and_shows_the_confirm_button(
    client, session, cadre, enrolled
):
    client.force_login(cadre.user)
    code = checkin_code(session)
    response = client.get(checkin_url(session, code))
    assert response.status_code == 302
    assert response.url == checkin_url(session)  # the code leaves the address bar
    response = client.get(response.url)
    page = response.content.decode()
    assert response.status_code == 200
    assert "确认签到" in page and session.title in page
    assert code not in page
    assert marks() == 0
    response = client.post(checkin_url(session))
    assert "签到成功" in response.content.decode()
    assert marks() == 1


def test_a_scan_stays_good_for_five_minutes_not_more(
    client, session, cadre, enrolled, monkeypatch
):
    client.force_login(cadre.user)
    client.get(checkin_url(session, checkin_code(session)))
    now = timezone.now()
    monkeypatch.setattr(
        "django.utils.timezone.now", lambda: now + dt.timedelta(seconds=301)
    )
    page = client.get(checkin_url(session)).content.decode()
    assert "扫码已超过 5 分钟" in page and "确认签到" not in page
    page = client.post(checkin_url(session)).content.decode()
    assert "扫码已超过 5 分钟" in page
    assert marks() == 0


def test_without_a_scan_there_is_nothing_to_confirm(client, session, cadre, enrolled):
    client.force_login(cadre.user)
    for response in (
        client.get(checkin_url(session)),
        client.post(checkin_url(session)),
    ):
        page = response.content.decode()
        assert "请扫描投影屏幕上的签到二维码" in page and "确认签到" not in page
    assert marks() == 0


def test_the_page_says_at_once_when_the_cadre_cannot_check_in(
    client, course, trainer, session, cadre, other_cadre, enrolled
):
    early = make_session_soon(course, trainer, starts_in=dt.timedelta(hours=2))
    client.force_login(cadre.user)
    page = client.get(checkin_url(early, checkin_code(early)), follow=True)
    page = page.content.decode()
    assert "签到尚未开始" in page and "确认签到" not in page
    client.force_login(other_cadre.user)
    page = client.get(checkin_url(session, checkin_code(session)), follow=True)
    page = page.content.decode()
    assert "不在本场培训的应到学员名单" in page and "确认签到" not in page


def test_post_checks_in(client, session, cadre, enrolled):
    client.force_login(cadre.user)
    response = client.post(checkin_url(session), {"code": checkin_code(session)})
    page = response.content.decode()
    assert "签到成功" in page and "签到时间" in page and "签退" in page
    mark = AttendanceMark.objects.get(session=session, cadre=cadre)
    assert (mark.state, mark.source) == (AttendanceState.PRESENT, "checkin")


def test_a_late_check_in_says_so(client, course, trainer, cadre, enrolled):
    session = make_session_soon(course, trainer, starts_in=-dt.timedelta(minutes=20))
    client.force_login(cadre.user)
    response = client.post(checkin_url(session), {"code": checkin_code(session)})
    assert "签到成功（迟到）" in response.content.decode()
    assert AttendanceMark.objects.get().state == AttendanceState.LATE


def test_a_repeat_says_already_checked_in(client, session, cadre, enrolled):
    client.force_login(cadre.user)
    client.post(checkin_url(session), {"code": checkin_code(session)})
    response = client.post(checkin_url(session), {"code": checkin_code(session)})
    page = response.content.decode()
    assert "已签到" in page and "无需重复签到" in page
    assert "签到成功" not in page
    assert marks() == 1
    # Scanning again (a GET) says the same, whatever the code.
    assert "无需重复签到" in client.get(checkin_url(session, "x")).content.decode()


def test_an_expired_code_is_refused_and_records_nothing(
    client, session, cadre, enrolled, monkeypatch
):
    client.force_login(cadre.user)
    code = checkin_code(session)
    later = time.time() + 31
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    for response in (
        client.get(checkin_url(session, code)),  # back from a slow login
        client.post(checkin_url(session), {"code": code}),
    ):
        page = response.content.decode()
        assert "二维码已过期" in page and "重新扫描" in page
        assert "确认签到" not in page
    assert marks() == 0


@pytest.mark.parametrize("code", ["", "forged-code", "1:1abcde:AAAAAAAAAAAAAAAAAAAA"])
def test_a_forged_code_is_refused_and_records_nothing(
    client, session, cadre, enrolled, code
):
    client.force_login(cadre.user)
    for response in (
        client.get(checkin_url(session, code)),
        client.post(checkin_url(session), {"code": code}),
    ):
        page = response.content.decode()
        # a form with no code at all asks for a scan (none was remembered)
        refusal = (
            "二维码无效"
            if code or response.request["REQUEST_METHOD"] == "GET"
            else "请扫描"
        )
        assert refusal in page and "确认签到" not in page
    assert marks() == 0


def test_another_sessions_code_is_refused(client, course, session, cadre, enrolled):
    other = make_session_soon(course, session.trainer)
    client.force_login(cadre.user)
    response = client.post(checkin_url(session), {"code": checkin_code(other)})
    assert "二维码无效" in response.content.decode()
    assert marks() == 0


def test_outside_the_window_or_the_roster_nothing_is_recorded(
    client, course, trainer, session, cadre, other_cadre, enrolled
):
    early = make_session_soon(course, trainer, starts_in=dt.timedelta(hours=2))
    client.force_login(cadre.user)
    response = client.post(checkin_url(early), {"code": checkin_code(early)})
    assert "签到尚未开始" in response.content.decode()
    client.force_login(other_cadre.user)
    response = client.post(checkin_url(session), {"code": checkin_code(session)})
    assert "不在本场培训的应到学员名单" in response.content.decode()
    assert marks() == 0


def test_a_get_never_records(client, session, cadre, enrolled):
    client.force_login(cadre.user)
    client.get(checkin_url(session, checkin_code(session)))
    client.get(checkin_url(session))
    assert marks() == 0


def test_logged_out_cadre_logs_in_and_comes_back_to_confirm(
    client, session, cadre, enrolled, monkeypatch
):
    scanned = timezone.now()
    response = client.get(checkin_url(session, checkin_code(session)))
    assert response.url == checkin_url(session)
    response = client.get(response.url)
    login = urlsplit(response.url)
    assert login.path == reverse("login")
    assert "已记录您的扫码" in client.get(response.url).content.decode()
    assert parse_qs(login.query)["next"] == [checkin_url(session)]

    # Typing a mobile number and a password takes longer than a code lives.
    now = timezone.now()
    monkeypatch.setattr(
        "django.utils.timezone.now", lambda: now + dt.timedelta(seconds=90)
    )
    response = client.post(
        response.url,
        {"username": cadre.user.username, "password": PASSWORD},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == checkin_url(session)
    assert "确认签到" in response.content.decode()
    assert marks() == 0
    response = client.post(checkin_url(session))
    assert "签到成功" in response.content.decode()
    mark = AttendanceMark.objects.get()
    assert scanned <= mark.checked_in_at <= now  # the scan's moment


def test_staff_without_a_cadre_profile_are_told(client, session):
    client.force_login(session.trainer)
    code = checkin_code(session)
    for response in (
        client.get(checkin_url(session, code), follow=True),
        client.post(checkin_url(session), {"code": code}),
    ):
        page = response.content.decode()
        assert "仅学员需要签到" in page and "确认签到" not in page
    assert marks() == 0


def test_checkout_after_checkin(client, session, cadre, enrolled):
    client.force_login(cadre.user)
    checkout_url = reverse("courses:checkout", args=[session.pk])
    response = client.post(checkout_url)
    assert "还没有签到" in response.content.decode()
    client.post(checkin_url(session), {"code": checkin_code(session)})
    response = client.post(checkout_url)
    assert "已签退" in response.content.decode()
    assert AttendanceMark.objects.get().checked_out_at is not None
    assert client.get(checkout_url).status_code == 405

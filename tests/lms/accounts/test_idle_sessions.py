"""Administrators and supervisors are logged out after two hours idle
(LMS_STAFF_IDLE_SECONDS) and told why on the login page; cadres are not.
The CSRF cookie is out of scripts' reach (CSRF_COOKIE_HTTPONLY)."""

import datetime as dt

import pytest
from django.test import Client

from tests.logins import is_logged_in, logged_in

TIMED_OUT = "您已超过 120 分钟未操作"

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["administrator", "banner_supervisor"])
def test_staff_idle_for_two_hours_are_logged_out(clock, role, request):
    client = logged_in(request.getfixturevalue(role))
    assert client.get("/admin/").status_code == 200

    clock.shift(dt.timedelta(hours=2, minutes=1))
    answer = client.get("/admin/")

    assert answer.status_code == 302
    assert answer.url.startswith("/admin/login/?next=/admin/")
    assert not is_logged_in(client)
    login_page = client.get(answer.url)
    assert TIMED_OUT in login_page.content.decode()


def test_a_portal_page_sends_them_to_the_portal_login(clock, township_supervisor):
    client = logged_in(township_supervisor)
    client.get("/")
    clock.shift(dt.timedelta(hours=3))

    answer = client.get("/courses/reports/", follow=True)

    assert answer.redirect_chain[0][0].startswith("/accounts/login/?next=")
    assert TIMED_OUT in answer.content.decode()


def test_staff_at_work_stay_logged_in(clock, administrator):
    client = logged_in(administrator)
    for _ in range(4):  # a request every 110 minutes, seven hours on
        assert client.get("/admin/").status_code == 200
        clock.shift(dt.timedelta(minutes=110))
    assert client.get("/admin/").status_code == 200
    assert is_logged_in(client)


def test_cadres_are_not_logged_out_when_idle(clock, cadre):
    client = logged_in(cadre.user)
    client.get("/")
    clock.shift(dt.timedelta(hours=5))

    assert client.get("/").status_code == 200
    assert is_logged_in(client)


def test_the_csrf_cookie_is_http_only(db):
    response = Client().get("/accounts/login/")
    assert response.cookies["csrftoken"]["httponly"] is True

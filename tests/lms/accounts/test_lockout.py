"""Five failed logins within 15 minutes refuse the account, and separately the
address, for 15 minutes, on the portal's login page and on /admin/login/,
with a Chinese message that says how long (django-axes, lms.accounts.lockout)."""

import datetime as dt
import logging

import pytest
from axes.models import AccessFailureLog
from django.test import Client

from tests.conftest import PASSWORD
from tests.logins import ADMIN_LOGIN, is_logged_in, post_login

WRONG = "not-the-password"
ACCOUNT_LOCKED = "登录失败次数过多，该账号已被锁定，请 15 分钟后再试"
ADDRESS_LOCKED = "本设备所在网络登录失败次数过多，已被暂时锁定"

pytestmark = pytest.mark.django_db


def fail(client, username, times, **kwargs):
    return [post_login(client, username, WRONG, **kwargs) for _ in range(times)]


def test_twelve_wrong_passwords_then_the_right_one_is_refused(clock, cadre):
    client = Client()
    fail(client, cadre.user.username, 12)

    response = post_login(client, cadre.user.username, PASSWORD)

    assert response.status_code == 429
    assert ACCOUNT_LOCKED in response.content.decode()
    assert 'name="password"' in response.content.decode()  # the form, re-shown
    assert not is_logged_in(client)


def test_four_wrong_passwords_then_the_right_one_logs_in(clock, cadre):
    client = Client()
    answers = fail(client, cadre.user.username, 4)
    assert [a.status_code for a in answers] == [200] * 4
    assert "手机号/用户名或密码不正确" in answers[-1].content.decode()

    response = post_login(client, cadre.user.username, PASSWORD)

    assert response.status_code == 302
    assert is_logged_in(client)


def test_the_fifth_failure_locks_and_the_message_counts_down(clock, cadre):
    client = Client()
    *_, fifth = fail(client, cadre.user.username, 5)
    assert fifth.status_code == 429
    assert ACCOUNT_LOCKED in fifth.content.decode()

    clock.shift(dt.timedelta(minutes=10, seconds=30))
    response = post_login(client, cadre.user.username, PASSWORD)

    assert response.status_code == 429
    assert "请 5 分钟后再试" in response.content.decode()
    assert not is_logged_in(client)


def test_the_lockout_lifts_fifteen_minutes_after_the_fifth_failure(clock, cadre):
    client = Client()
    fail(client, cadre.user.username, 5)
    clock.shift(dt.timedelta(minutes=14))
    fail(client, cadre.user.username, 3)  # refused, and not counted

    clock.shift(dt.timedelta(minutes=1, seconds=1))
    response = post_login(client, cadre.user.username, PASSWORD)

    assert response.status_code == 302
    assert is_logged_in(client)


def test_failures_spread_over_more_than_fifteen_minutes_do_not_lock(clock, cadre):
    client = Client()
    for _ in range(5):
        fail(client, cadre.user.username, 1)
        clock.shift(dt.timedelta(minutes=16))

    assert post_login(client, cadre.user.username, PASSWORD).status_code == 302


def test_the_account_is_refused_from_another_address_too(clock, cadre):
    fail(Client(), cadre.user.username, 5, address="10.0.0.1")

    client = Client()
    response = post_login(client, cadre.user.username, PASSWORD, address="10.0.0.2")

    assert response.status_code == 429
    assert ACCOUNT_LOCKED in response.content.decode()
    assert not is_logged_in(client)


def test_guessing_many_accounts_from_one_address_locks_the_address(
    clock, cadre, other_cadre
):
    """Password spraying: one wrong password for each of five mobile numbers."""
    attacker = Client()
    for serial in range(5):
        post_login(attacker, f"1380000{serial:04d}", WRONG, address="10.0.0.9")

    response = post_login(
        attacker, other_cadre.user.username, PASSWORD, address="10.0.0.9"
    )
    assert response.status_code == 429
    assert ADDRESS_LOCKED in response.content.decode()
    assert not is_logged_in(attacker)

    elsewhere = Client()
    response = post_login(
        elsewhere, other_cadre.user.username, PASSWORD, address="10.0.0.10"
    )
    assert response.status_code == 302


def test_the_admin_login_page_locks_too(clock, administrator):
    client = Client()
    fail(client, administrator.username, 5, page=ADMIN_LOGIN)

    response = post_login(client, administrator.username, PASSWORD, page=ADMIN_LOGIN)

    assert response.status_code == 429
    page = response.content.decode()
    assert ACCOUNT_LOCKED in page
    assert 'name="password"' in page
    assert not is_logged_in(client)


def test_failures_on_both_login_pages_add_up(clock, administrator):
    client = Client()
    fail(client, administrator.username, 3, page=ADMIN_LOGIN)
    fail(client, administrator.username, 2)

    response = post_login(client, administrator.username, PASSWORD, page=ADMIN_LOGIN)

    assert response.status_code == 429


def test_each_lockout_is_logged(clock, cadre, caplog):
    client = Client()
    with caplog.at_level(logging.INFO, logger="lms.security"):
        fail(client, cadre.user.username, 6, address="10.0.0.3")

    lockouts = [r for r in caplog.records if "login lockout:" in r.getMessage()]
    assert len(lockouts) == 1
    assert lockouts[0].levelno == logging.WARNING
    assert cadre.user.username in lockouts[0].getMessage()
    assert "10.0.0.3" in lockouts[0].getMessage()
    # django-axes' own record of every failure, the lockout's marked
    assert AccessFailureLog.objects.filter(
        username=cadre.user.username, locked_out=True
    ).exists()


def test_behind_the_proxy_the_forwarded_address_is_counted(
    clock, cadre, other_cadre, settings
):
    """With LMS_PROXY_COUNT=1 (production) REMOTE_ADDR is the proxy's: one
    address for everyone, which must not lock everyone out."""
    settings.LMS_PROXY_COUNT = 1
    attacker = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.0.0.66")
    for serial in range(5):
        post_login(attacker, f"1380000{serial:04d}", WRONG)

    cadre_client = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.0.0.7")
    answer = post_login(cadre_client, other_cadre.user.username, PASSWORD)
    assert answer.status_code == 302
    # a forged X-Forwarded-For stands left of what the proxy appended
    forged = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.0.0.8, 10.0.0.66")
    assert post_login(forged, cadre.user.username, PASSWORD).status_code == 429

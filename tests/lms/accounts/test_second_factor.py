"""With LMS_ADMIN_OTP_REQUIRED (production), administrators enter a TOTP code
after their password before any admin page or whole-ID view; one without a
device sets one up first. Nobody else is asked."""

import base64
import re
import time

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD
from tests.logins import ADMIN_LOGIN, logged_in, post_login

VERIFY = "/accounts/otp/verify/"
SETUP = "/accounts/otp/setup/"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def otp_required(settings):
    settings.LMS_ADMIN_OTP_REQUIRED = True


@pytest.fixture(autouse=True)
def stopped_clock(clock):
    """A code stays valid; shifted past django-otp's wait after a wrong code
    (1, 2, 4 … seconds)."""


@pytest.fixture
def device(administrator):
    return TOTPDevice.objects.create(user=administrator, name="手机", confirmed=True)


def code(device, *, offset=0):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset
    return f"{totp.token():06d}"


def wrong(device):
    right = code(device)
    return next(
        c
        for c in ("000000", "111111", "222222")
        if c != right and c != code(device, offset=-30)
    )


def password_logged_in(user):
    client = Client()
    assert (
        post_login(client, user.username, PASSWORD, page=ADMIN_LOGIN).status_code == 302
    )
    return client


def test_an_administrator_with_a_device_enters_a_code_before_any_admin_page(
    clock, device, administrator, cadre
):
    client = password_logged_in(administrator)
    whole_id_page = f"/admin/people/cadres/inspect/{cadre.pk}/"

    for url in ("/admin/", whole_id_page, "/"):
        answer = client.get(url)
        assert answer.status_code == 302
        assert answer.url.startswith(VERIFY)

    page = client.get(f"{VERIFY}?next=/admin/")
    assert "动态验证码" in page.content.decode()

    refused = client.post(VERIFY, {"token": wrong(device), "next": "/admin/"})
    assert refused.status_code == 200
    assert "验证码不正确或已过期" in refused.content.decode()
    assert client.get("/admin/").status_code == 302
    clock.shift(2)

    accepted = client.post(VERIFY, {"token": code(device), "next": "/admin/"})
    assert accepted.status_code == 302
    assert accepted.url == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert client.get(whole_id_page).status_code == 200


def test_an_administrator_without_a_device_sets_one_up_first(clock, administrator):
    client = password_logged_in(administrator)

    answer = client.get("/admin/")
    assert answer.status_code == 302
    assert answer.url.startswith(SETUP)

    page = client.get(answer.url).content.decode()
    assert "设置身份验证器" in page
    assert "<svg" in page  # the QR code
    secret = re.search(r'class="otp-secret">([A-Z2-7 ]+)<', page).group(1)
    device = TOTPDevice.objects.get(user=administrator, confirmed=False)
    assert secret.replace(" ", "") == base64.b32encode(device.bin_key).decode()

    refused = client.post(SETUP, {"token": wrong(device), "next": "/admin/"})
    assert "验证码不正确或已过期" in refused.content.decode()
    assert not TOTPDevice.objects.filter(user=administrator, confirmed=True).exists()
    clock.shift(2)

    done = client.post(SETUP, {"token": code(device), "next": "/admin/"})
    assert done.status_code == 302
    assert TOTPDevice.objects.filter(user=administrator, confirmed=True).count() == 1
    assert client.get("/admin/").status_code == 200

    # the next login asks for a code from the device just set up
    again = password_logged_in(administrator)
    assert again.get("/admin/").url.startswith(VERIFY)


def test_wrong_codes_count_as_failed_logins(clock, device, administrator):
    client = password_logged_in(administrator)
    answers = []
    for _ in range(5):
        answers.append(client.post(VERIFY, {"token": wrong(device)}))
        clock.shift(20)

    assert answers[-1].status_code == 429
    assert "登录失败次数过多，该账号已被锁定" in answers[-1].content.decode()
    locked = client.post(VERIFY, {"token": code(device)})
    assert locked.status_code == 429
    assert client.get("/admin/").status_code == 302
    # and the password too is refused now
    assert post_login(Client(), administrator.username, PASSWORD).status_code == 429


def test_a_code_is_six_digits(device, administrator):
    client = password_logged_in(administrator)
    answer = client.post(VERIFY, {"token": "12ab56"})
    assert "验证码是6位数字" in answer.content.decode()


@pytest.mark.parametrize(
    "role", ["trainer", "banner_supervisor", "township_supervisor", "cadre"]
)
def test_others_are_not_asked(role, request):
    user = request.getfixturevalue(role)
    user = getattr(user, "user", user)
    client = Client()
    assert post_login(client, user.username, PASSWORD).status_code == 302

    answer = client.get("/admin/" if role != "cadre" else "/")
    assert answer.status_code == 200
    assert client.get(VERIFY).status_code == 403


def test_off_by_setting_administrators_are_not_asked(settings, administrator):
    settings.LMS_ADMIN_OTP_REQUIRED = False
    client = password_logged_in(administrator)
    assert client.get("/admin/").status_code == 200


def test_a_verified_session_is_not_asked_again(device, administrator):
    client = logged_in(administrator)
    client.post(VERIFY, {"token": code(device)})
    assert client.get(f"{VERIFY}?next=/admin/").url == "/admin/"


def test_codes_tried_too_fast_are_not_checked(device, administrator):
    client = logged_in(administrator)
    client.post(VERIFY, {"token": wrong(device)})

    answer = client.post(VERIFY, {"token": code(device)})

    assert "验证码错误次数较多，请 1 秒后再试" in answer.content.decode()
    assert client.get("/admin/").status_code == 302

"""重置密码: an administrator or the cadre's township supervisor resets a
cadre's password to a one-time initial password from the cadre's page in the
admin; recorded who and when; nobody else may."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from lms.models import PasswordReset
from tests.conftest import PASSWORD
from tests.logins import logged_in

from .conftest import change_form

REFUSED = {  # role → what a reset of the cadre (in 东明镇) answers
    "trainer": 404,  # sees no cadres
    "other_township_supervisor": 404,  # not in their township
    "banner_supervisor": 403,  # sees, may not reset
}


@pytest.fixture
def other_township_supervisor(other_township):
    from lms.models import Role
    from lms.services import user_create

    return user_create(
        username="sup_bxt",
        name="八仙筒镇督导",
        role=Role.SUPERVISOR,
        password=PASSWORD,
        supervised_township=other_township,
    )


def reset_url(cadre):
    return reverse("lms_cadres:reset_password", args=[cadre.pk])


def initial_password(response):
    match = re.search(r'<code id="initial-password">([^<]+)</code>', response.text)
    assert match, response.text
    return match.group(1)


@pytest.mark.parametrize("who", ["administrator", "township_supervisor"])
def test_a_reset_shows_a_one_time_password_once(request, cadre, change_url, who):
    by = request.getfixturevalue(who)
    client = logged_in(by)
    cadre_page = client.get(reverse("lms_cadres:inspect", args=[cadre.pk]))
    assert reset_url(cadre) in cadre_page.text and "重置密码" in cadre_page.text
    confirm = client.get(reset_url(cadre))
    assert confirm.status_code == 200
    assert "确定要重置 乌力吉" in confirm.text
    assert PasswordReset.objects.count() == 0  # a GET changes nothing

    done = client.post(reset_url(cadre))
    assert done.status_code == 200
    assert "no-store" in done["Cache-Control"]
    password = initial_password(done)
    assert len(password) == 10
    account = cadre.user
    account.refresh_from_db()
    assert password not in account.password  # only its hash is kept
    assert not account.check_password(PASSWORD)
    assert account.password_must_change

    # The cadre logs in with it and must choose their own first.
    phone = Client()
    assert phone.login(username=account.username, password=password)
    assert phone.get("/").url.startswith(change_url)
    phone.post(change_url, change_form("Grassland-2026", old=password))
    assert phone.get("/").status_code == 200

    # Recorded who and when, on the cadre's page; the password is not shown again.
    reset = PasswordReset.objects.get()
    assert (reset.user, reset.reset_by) == (account, by)
    again = client.get(reverse("lms_cadres:inspect", args=[cadre.pk]))
    assert "密码重置记录" in again.text and f"由 {by} 重置" in again.text
    assert password not in again.text
    assert password not in client.get(reset_url(cadre)).text


@pytest.mark.parametrize("who", list(REFUSED))
def test_other_supervisors_and_trainers_may_not(request, cadre, who):
    client = logged_in(request.getfixturevalue(who))
    for method in ("get", "post"):
        response = getattr(client, method)(reset_url(cadre))
        assert response.status_code == REFUSED[who], (who, method)
    cadre.user.refresh_from_db()
    assert cadre.user.check_password(PASSWORD)
    assert not cadre.user.password_must_change
    assert PasswordReset.objects.count() == 0
    page = client.get(reverse("lms_cadres:inspect", args=[cadre.pk]))
    assert reset_url(cadre) not in page.content.decode()


def test_cadres_and_the_logged_out_go_to_the_admin_login(cadre, other_cadre):
    for client in (Client(), logged_in(other_cadre.user)):
        response = client.post(reset_url(cadre))
        assert response.status_code == 302
        assert response.url.startswith("/admin/login/")
    cadre.user.refresh_from_db()
    assert cadre.user.check_password(PASSWORD)


def test_a_cadre_without_a_login_has_nothing_to_reset(administrator, village):
    from lms.demo import make_cadre

    cadre = make_cadre(village=village, serial=9, with_account=False)
    response = logged_in(administrator).post(reset_url(cadre))
    assert "尚未开通登录账号" in response.content.decode()
    assert PasswordReset.objects.count() == 0

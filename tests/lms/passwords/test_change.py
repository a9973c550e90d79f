"""账号安全: any logged-in user changes their own password on the portal (the old
password and the new one twice), linked from the portal's navigation."""

import pytest
from django.test import Client

from tests.conftest import PASSWORD
from tests.logins import logged_in

from .conftest import change_form

NEW = "Grassland-2026"


@pytest.mark.parametrize(
    "who", ["cadre", "trainer", "township_supervisor", "administrator"]
)
def test_every_role_changes_their_own_password(request, change_url, who):
    user = request.getfixturevalue(who)
    user = user.user if who == "cadre" else user
    client = logged_in(user)
    page = client.get(change_url)
    assert page.status_code == 200
    text = page.content.decode()
    for label in ("账号安全", "原密码", "新密码", "再次输入新密码", "至少 8 个字符"):
        assert label in text

    done = client.post(change_url, change_form(NEW), follow=True)
    assert "密码已修改" in done.content.decode()
    user.refresh_from_db()
    assert user.check_password(NEW)
    # Still logged in on this phone; the old password no longer works.
    assert client.get(change_url).status_code == 200
    assert not Client().login(username=user.username, password=PASSWORD)
    assert Client().login(username=user.username, password=NEW)


def test_the_portal_links_to_it_for_logged_in_users(client, cadre, change_url):
    home = client.get("/")
    assert change_url not in home.content.decode()
    assert f'href="{change_url}"' in logged_in(cadre.user).get("/").content.decode()


def test_logged_out_users_go_to_the_login_page(client, change_url):
    response = client.get(change_url)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/?next=")


@pytest.mark.parametrize(
    ("form", "message"),
    [
        (change_form(NEW, old="wrong-password"), "原密码不正确"),
        (change_form(NEW, again="Grassland-2025"), "两次输入的新密码不一致"),
        (change_form(PASSWORD), "新密码不能与原密码相同"),
        (change_form(""), "请填写新密码"),
    ],
)
def test_a_wrong_form_says_why_and_changes_nothing(cadre, change_url, form, message):
    response = logged_in(cadre.user).post(change_url, form)
    assert response.status_code == 200
    assert message in response.content.decode()
    cadre.user.refresh_from_db()
    assert cadre.user.check_password(PASSWORD)


def test_the_page_fits_a_phone(cadre, change_url):
    text = logged_in(cadre.user).get(change_url).content.decode()
    assert 'name="viewport" content="width=device-width' in text
    assert 'autocomplete="new-password"' in text
    assert 'autocomplete="current-password"' in text

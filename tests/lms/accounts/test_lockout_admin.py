"""Administrators see the current lockouts in the admin (设置 → 登录锁定) and
lift one (解除锁定: confirmed, POST, logged); nobody else does."""

import json
import logging

import pytest
from django.test import Client

from tests.conftest import PASSWORD
from tests.logins import is_logged_in, logged_in, post_login

INDEX = "/admin/lockouts/"
LIFT = "/admin/lockouts/lift/"

pytestmark = pytest.mark.django_db


@pytest.fixture
def locked(clock, cadre):
    """The cadre's account locked by five wrong passwords from 10.0.0.5."""
    client = Client()
    for _ in range(5):
        post_login(client, cadre.user.username, "wrong", address="10.0.0.5")
    return cadre.user.username


def test_an_administrator_sees_the_lockouts(locked, administrator):
    page = logged_in(administrator).get(INDEX)

    assert page.status_code == 200
    html = page.content.decode()
    assert locked in html
    assert "10.0.0.5" in html  # the address is locked too
    assert "解除锁定" in html


def test_the_menu_item_is_for_administrators_only(
    administrator, township_supervisor, trainer
):
    # The sidebar is JSON, with the Chinese label escaped.
    item = f'"url": "{INDEX}"'
    page = logged_in(administrator).get("/admin/").content.decode()
    assert json.dumps("登录锁定") in page and item in page
    for user in (township_supervisor, trainer):
        assert item not in logged_in(user).get("/admin/").content.decode()


def test_lifting_is_confirmed_then_posted_and_logged(locked, administrator, caplog):
    admin = logged_in(administrator)
    url = f"{LIFT}?kind=username&value={locked}"

    confirm = admin.get(url)
    assert confirm.status_code == 200
    assert "确定解除账号" in confirm.content.decode()
    assert post_login(Client(), locked, PASSWORD).status_code == 429  # not yet

    with caplog.at_level(logging.INFO, logger="lms.security"):
        done = admin.post(url, follow=True)

    assert "已解除" in done.content.decode()
    assert f"value={locked}" not in done.content.decode()  # no longer listed
    assert any(
        "lockout lifted" in r.getMessage()
        and f"by={administrator.username}" in r.getMessage()
        for r in caplog.records
    )
    client = Client()
    assert post_login(client, locked, PASSWORD, address="10.0.0.6").status_code == 302
    assert is_logged_in(client)


def test_lifting_the_address_lets_others_from_it_in(locked, administrator, other_cadre):
    admin = logged_in(administrator)
    refused = post_login(
        Client(), other_cadre.user.username, PASSWORD, address="10.0.0.5"
    )
    assert refused.status_code == 429

    admin.post(f"{LIFT}?kind=ip_address&value=10.0.0.5")

    allowed = post_login(
        Client(), other_cadre.user.username, PASSWORD, address="10.0.0.5"
    )
    assert allowed.status_code == 302


def test_what_is_not_locked_cannot_be_lifted(locked, administrator):
    admin = logged_in(administrator)
    assert admin.get(f"{LIFT}?kind=username&value=13900000000").status_code == 404
    assert admin.post(f"{LIFT}?kind=password&value={locked}").status_code == 404


def test_others_are_refused(locked, township_supervisor, banner_supervisor, trainer):
    for user in (township_supervisor, banner_supervisor, trainer):
        client = logged_in(user)
        assert client.get(INDEX).status_code == 403
        assert client.post(f"{LIFT}?kind=username&value={locked}").status_code == 403
    assert post_login(Client(), locked, PASSWORD).status_code == 429  # still locked

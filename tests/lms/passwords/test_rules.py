"""The rules a new password must meet, tried on 账号安全: each refused with
its Chinese message, the password unchanged."""

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.logins import logged_in

from .conftest import ID_NUMBER, MOBILE, change_form, user_form

REFUSED = [
    ("Ab3-x", "密码太短：至少需要 8 个字符"),
    ("password123", "这个密码太常见"),
    ("woaini1314", "这个密码太常见"),
    ("naiman333", "这个密码太常见"),
    (MOBILE, "密码不能包含手机号"),
    (f"bt{MOBILE}", "密码不能包含手机号"),
    ("139-0000-0077", "密码不能包含手机号"),
    (ID_NUMBER, "密码不能包含身份证号"),
    (ID_NUMBER.lower(), "密码不能包含身份证号"),
    (ID_NUMBER[-6:] + "abc", "密码不能包含身份证号"),
    ("bater" + ID_NUMBER[-4:], "密码不能包含身份证号"),
    ("bater19830725", "密码不能包含出生日期"),
    ("bater830725", "密码不能包含出生日期"),
    ("bater-07251983", "密码不能包含出生日期"),
    ("bater25071983", "密码不能包含出生日期"),
    ("bateer0725", "密码不能包含出生日期"),
    ("20261207", "密码只包含数字"),
]


@pytest.mark.parametrize(("password", "message"), REFUSED)
def test_a_weak_password_is_refused_with_its_reason(
    person, change_url, password, message
):
    response = logged_in(person.user).post(change_url, change_form(password))
    assert response.status_code == 200
    text = response.content.decode()
    assert message in text, text
    person.user.refresh_from_db()
    assert person.user.check_password(PASSWORD)


@pytest.mark.parametrize(
    "password", ["Horqin-0725-steppe8", "Horqin7steppe", "grass1234land"]
)
def test_a_strong_password_is_taken(person, change_url, password):
    # 0725 with more digits, or an ID-like run that is not the cadre's own.
    response = logged_in(person.user).post(change_url, change_form(password))
    assert response.status_code == 302, response.content.decode()
    person.user.refresh_from_db()
    assert person.user.check_password(password)


def test_the_rules_apply_to_a_trainer_too(trainer, change_url):
    response = logged_in(trainer).post(change_url, change_form("qwerty123"))
    assert "这个密码太常见" in response.content.decode()
    trainer.refresh_from_db()
    assert trainer.check_password(PASSWORD)


def test_the_admin_user_form_refuses_a_cadres_id_number(client, administrator, person):
    client.force_login(administrator)
    user = person.user
    response = client.post(
        reverse("wagtailusers_users:edit", args=[user.pk]), user_form(user, ID_NUMBER)
    )
    assert response.status_code == 200
    assert "密码不能包含身份证号" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)

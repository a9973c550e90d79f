"""Fixtures of the password tests: a cadre with an ID number and the pages'
helpers."""

import datetime

import pytest
from django.urls import reverse

from lms.demo import make_cadre, make_id_number
from lms.models import Sex
from tests.conftest import PASSWORD

# 巴特尔, born 1983-07-25, mobile 13900000077 (his username).
BIRTH = datetime.date(1983, 7, 25)
ID_NUMBER = make_id_number(77, birth="19830725", sex=Sex.MALE)
MOBILE = "13900000077"


@pytest.fixture
def person(village):
    """A cadre whose ID number, birth date and mobile number are known."""
    return make_cadre(
        village=village,
        name="巴特尔",
        serial=77,
        password=PASSWORD,
        id_number=ID_NUMBER,
        birth_date=BIRTH,
        birth_year=BIRTH.year,
    )


@pytest.fixture
def change_url():
    return reverse("passwords:change")


def change_form(new, *, old=PASSWORD, again=None):
    return {
        "old_password": old,
        "new_password1": new,
        "new_password2": new if again is None else again,
    }


def user_form(user, password):
    """Wagtail's user edit form as an administrator posts it, with password
    typed twice ("" for none)."""
    return {
        "username": user.username,
        "name": user.name,
        "email": "",
        "is_active": "on",
        "role": user.role,
        "supervised_township": user.supervised_township_id or "",
        "password1": password,
        "password2": password,
    }

"""lms.services: cadre profiles with their logins, and the personal data log."""

import pytest
from django.core.exceptions import ValidationError

from lms.models import Cadre, PersonalDataAccess, Position, Role, Sex, User
from lms.services import (
    cadre_create,
    cadre_update,
    record_personal_data_access,
    user_create,
)

NEW_MOBILE = "13800001234"


def profile(village, **changes):
    values = {
        "name": "斯琴",
        "sex": Sex.FEMALE,
        "position": Position.COMMITTEE_MEMBER,
        "village": village,
        "mobile": "13912345678",
    }
    values.update(changes)
    return values


# --- cadre_update ------------------------------------------------------------


def test_update_saves_changes_with_the_history_user(
    cadre, administrator, other_village
):
    cadre_update(
        cadre=cadre,
        by=administrator,
        changes={"village": other_village, "position": Position.DEPUTY_DIRECTOR},
    )
    cadre.refresh_from_db()
    assert cadre.village == other_village
    assert cadre.position == Position.DEPUTY_DIRECTOR
    latest = cadre.history.latest()
    assert latest.history_type == "~"
    assert latest.history_user == administrator


def test_new_mobile_renames_a_login_named_after_the_old_one(cadre, administrator):
    old_mobile = cadre.mobile
    assert cadre.user.username == old_mobile
    cadre_update(cadre=cadre, by=administrator, changes={"mobile": NEW_MOBILE})
    cadre.refresh_from_db()
    cadre.user.refresh_from_db()
    assert cadre.mobile == NEW_MOBILE
    assert cadre.user.username == NEW_MOBILE
    assert not User.objects.filter(username=old_mobile).exists()


def test_a_new_name_follows_to_the_login(cadre, administrator):
    cadre_update(cadre=cadre, by=administrator, changes={"name": "乌力吉图"})
    cadre.user.refresh_from_db()
    assert cadre.user.name == "乌力吉图"
    assert cadre.user.username == cadre.mobile


def test_changes_already_on_the_instance_rename_the_login(cadre, administrator):
    """A model form applies the changes while validating: the old mobile number
    comes from the database."""
    cadre.mobile = NEW_MOBILE
    cadre_update(cadre=cadre, by=administrator, changes={"mobile": NEW_MOBILE})
    cadre.user.refresh_from_db()
    assert cadre.user.username == NEW_MOBILE


def test_a_login_with_its_own_username_is_left_alone(cadre, administrator):
    User.objects.filter(pk=cadre.user_id).update(username="wuliji")
    cadre.user.refresh_from_db()
    cadre_update(cadre=cadre, by=administrator, changes={"mobile": NEW_MOBILE})
    cadre.user.refresh_from_db()
    assert cadre.user.username == "wuliji"
    assert Cadre.objects.get(pk=cadre.pk).mobile == NEW_MOBILE


def test_update_without_a_login(village, administrator):
    cadre = cadre_create(by=administrator, values=profile(village))
    cadre_update(cadre=cadre, by=administrator, changes={"mobile": NEW_MOBILE})
    assert Cadre.objects.get(pk=cadre.pk).mobile == NEW_MOBILE
    assert cadre.user is None


def test_a_username_in_use_is_a_clear_error_and_saves_nothing(cadre, administrator):
    other = user_create(username=NEW_MOBILE, name="别人", role=Role.TRAINER)
    old_mobile = cadre.mobile
    with pytest.raises(ValidationError) as caught:
        cadre_update(
            cadre=cadre,
            by=administrator,
            changes={"mobile": NEW_MOBILE, "name": "改名"},
        )
    [message] = caught.value.message_dict["mobile"]
    assert NEW_MOBILE in message and "已被其他登录账号用作用户名" in message
    cadre.refresh_from_db()
    assert (cadre.mobile, cadre.name) == (old_mobile, "乌力吉")
    assert User.objects.get(pk=cadre.user_id).username == old_mobile
    other.refresh_from_db()
    assert other.username == NEW_MOBILE


# --- cadre_create ------------------------------------------------------------


def test_create_with_a_login(village, administrator):
    cadre = cadre_create(by=administrator, values=profile(village), create_account=True)
    cadre.refresh_from_db()
    assert cadre.user.username == "13912345678"
    assert cadre.user.name == "斯琴"
    assert cadre.user.role == Role.CADRE
    assert not cadre.user.has_usable_password()
    created = cadre.history.get()
    assert created.history_type == "+"
    assert created.history_user == administrator


def test_create_without_a_login(village, administrator):
    cadre = cadre_create(by=administrator, values=profile(village))
    assert cadre.pk is not None and cadre.user is None


def test_create_with_a_username_in_use_saves_nothing(village, administrator):
    user_create(username="13912345678", name="别人", role=Role.TRAINER)
    with pytest.raises(ValidationError) as caught:
        cadre_create(by=administrator, values=profile(village), create_account=True)
    assert "mobile" in caught.value.message_dict
    assert not Cadre.objects.filter(name="斯琴").exists()
    assert User.objects.filter(username="13912345678").count() == 1


# --- record_personal_data_access --------------------------------------------


def test_record_personal_data_access(cadre, administrator):
    access = record_personal_data_access(
        viewer=administrator, cadre=cadre, purpose="查看详情"
    )
    assert PersonalDataAccess.objects.get() == access
    assert (access.viewer, access.cadre, access.purpose) == (
        administrator,
        cadre,
        "查看详情",
    )
    assert access.viewed_at is not None

"""Admin screens for users: roles, supervisor scope, bulk role changes."""

from django.contrib.auth.models import Group
from django.urls import reverse

from lms.models import (
    PersonalDataAccess,
    Role,
    User,
)
from lms.personal_data import mask_mobile
from lms.services import user_create

from .admin_pages import html, url

# --- Users and roles ----------------------------------------------------------------


def user_form(user, **changes):
    data = {
        "username": user.username,
        "name": user.name,
        "email": user.email,
        "is_active": "on",
        "role": user.role,
        "supervised_township": user.supervised_township_id or "",
        "password1": "",
        "password2": "",
    }
    data.update(changes)
    return data


def test_administrator_makes_a_trainer_a_township_supervisor(
    client, administrator, trainer, township
):
    client.force_login(administrator)
    response = client.post(
        url("wagtailusers_users:edit", trainer.pk),
        user_form(trainer, role=Role.SUPERVISOR, supervised_township=township.pk),
    )
    assert response.status_code == 302
    trainer.refresh_from_db()
    assert trainer.role == Role.SUPERVISOR
    assert trainer.supervised_township == township
    assert list(trainer.groups.values_list("name", flat=True)) == ["督导"]
    assert not trainer.is_superuser


def test_making_someone_administrator_gives_superuser(client, administrator, trainer):
    client.force_login(administrator)
    client.post(
        url("wagtailusers_users:edit", trainer.pk), user_form(trainer, role=Role.ADMIN)
    )
    trainer.refresh_from_db()
    assert trainer.is_superuser and trainer.role == Role.ADMIN
    assert not trainer.groups.exists()


def test_only_supervisors_get_a_township_scope(
    client, administrator, trainer, township
):
    client.force_login(administrator)
    response = client.post(
        url("wagtailusers_users:edit", trainer.pk),
        user_form(trainer, role=Role.TRAINER, supervised_township=township.pk),
    )
    assert response.status_code == 200
    assert "只有督导可以设置督导范围" in html(response)
    trainer.refresh_from_db()
    assert trainer.supervised_township is None


def test_administrator_creates_a_supervisor(client, administrator, township):
    client.force_login(administrator)
    response = client.post(
        url("wagtailusers_users:add"),
        {
            "username": "sup_new",
            "name": "新督导",
            "email": "",
            "password1": "Xy7-long-password",
            "password2": "Xy7-long-password",
            "role": Role.SUPERVISOR,
            "supervised_township": township.pk,
        },
    )
    assert response.status_code == 302
    created = User.objects.get(username="sup_new")
    assert created.supervised_township == township
    assert created.groups.get() == Group.objects.get(name="督导")


def test_user_list_masks_mobile_usernames_and_shows_roles(
    client, administrator, cadre, township_supervisor
):
    client.force_login(administrator)
    page = html(client.get(url("wagtailusers_users:index")))
    assert cadre.mobile not in page
    assert mask_mobile(cadre.mobile) in page
    assert "督导" in page and "东明镇" in page
    page = html(client.get(url("wagtailusers_users:index") + "?q=乌力"))
    assert "乌力吉" in page and "东明镇督导" not in page


def test_opening_a_cadres_account_is_recorded(client, administrator, cadre):
    client.force_login(administrator)
    client.get(url("wagtailusers_users:edit", cadre.user.pk))
    assert PersonalDataAccess.objects.get().purpose == "编辑登录账号"


def test_bulk_assign_role_goes_through_user_set_role(
    client, administrator, trainer, township
):
    other = user_create(username="t2", name="讲师二", role=Role.TRAINER)
    client.force_login(administrator)
    target = (
        reverse(
            "wagtail_bulk_action",
            args=(User._meta.app_label, User._meta.model_name, "assign_role"),
        )
        + f"?id={trainer.pk}&id={other.pk}&id={administrator.pk}"
    )
    assert client.get(target).status_code == 200
    response = client.post(
        target, {"role": Role.SUPERVISOR, "supervised_township": township.pk}
    )
    assert response.status_code == 302
    for user in (trainer, other):
        user.refresh_from_db()
        assert user.role == Role.SUPERVISOR
        assert user.supervised_township == township
        assert list(user.groups.values_list("name", flat=True)) == ["督导"]
    administrator.refresh_from_db()
    assert administrator.role == Role.ADMIN  # not one's own role


def test_administrator_edits_themselves_without_a_role_field(client, administrator):
    client.force_login(administrator)
    page = html(client.get(url("wagtailusers_users:edit", administrator.pk)))
    assert "不能修改自己的角色" in page
    response = client.post(
        url("wagtailusers_users:edit", administrator.pk),
        {
            "username": "admin",
            "name": "新名字",
            "email": "",
            "password1": "",
            "password2": "",
        },
    )
    assert response.status_code == 302
    administrator.refresh_from_db()
    assert administrator.name == "新名字"
    assert administrator.is_superuser and administrator.is_active


def test_user_forms_render_role_fields(client, administrator, trainer):
    client.force_login(administrator)
    for target in (
        url("wagtailusers_users:add"),
        url("wagtailusers_users:edit", trainer.pk),
    ):
        page = html(client.get(target))
        assert "角色与督导范围" in page
        assert 'name="role"' in page and 'name="supervised_township"' in page
        assert 'name="is_superuser"' not in page and 'name="groups"' not in page


def test_group_editor_still_works(client, administrator, trainer):
    client.force_login(administrator)
    group = Group.objects.get(name="督导")
    assert (
        client.get(reverse("wagtailusers_groups:edit", args=[group.pk])).status_code
        == 200
    )

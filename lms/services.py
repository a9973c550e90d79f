"""Writes that touch more than one row: roles, roster import (see roster.py)."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Role, User

# Wagtail admin groups per role; administrators are superusers instead.
ROLE_GROUPS = {
    Role.TRAINER: (
        "讲师",
        ["wagtailadmin.access_admin"],
    ),
    Role.SUPERVISOR: (
        "督导",
        [
            "wagtailadmin.access_admin",
            "lms.view_township",
            "lms.view_village",
            "lms.view_cadre",
        ],
    ),
}


def role_groups_ensure():
    """Create or refresh the Wagtail admin group of each role (repeat-safe)."""
    groups = {}
    for role, (name, codenames) in ROLE_GROUPS.items():
        group, _created = Group.objects.get_or_create(name=name)
        perms = []
        for dotted in codenames:
            app_label, codename = dotted.split(".")
            perms.extend(
                Permission.objects.filter(
                    content_type__app_label=app_label, codename=codename
                )
            )
        group.permissions.set(perms)
        groups[role] = group
    return groups


@transaction.atomic
def user_set_role(*, user, role, supervised_township=None):
    """Give user one role; a supervisor's township limits what they see."""
    if role != Role.SUPERVISOR and supervised_township is not None:
        raise ValueError(_("只有督导可以设置督导范围"))
    user.role = role
    user.supervised_township = supervised_township
    user.is_superuser = role == Role.ADMIN
    user.is_staff = role == Role.ADMIN
    user.save()
    groups = role_groups_ensure()
    role_group_ids = [g.pk for g in groups.values()]
    user.groups.remove(*role_group_ids)
    if role in groups:
        user.groups.add(groups[role])
    return user


def user_create(*, username, name, role, password=None, supervised_township=None):
    user = User(username=username, name=name)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    return user_set_role(user=user, role=role, supervised_township=supervised_township)

"""Writes that touch more than one row: roles, cadre profiles and their logins,
the personal data access log, roster import (checks in lms/roster/)."""

import logging

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from .imports import read_ahead
from .models import (
    Cadre,
    PersonalDataAccess,
    Role,
    Township,
    User,
    Village,
)
from .roster import RosterInvalid, plan_roster

logger = logging.getLogger(__name__)

# Wagtail admin groups per role; administrators are superusers instead.
ROLE_GROUPS = {
    Role.TRAINER: (
        "讲师",
        [
            "wagtailadmin.access_admin",
            # 题库: questions and their categories (exams)
            "exams.add_question",
            "exams.change_question",
            "exams.delete_question",
            "exams.view_question",
            "exams.add_questioncategory",
            "exams.change_questioncategory",
            "exams.delete_questioncategory",
            "exams.view_questioncategory",
        ],
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


@transaction.atomic
def user_create(*, username, name, role, password=None, supervised_township=None):
    user = User(username=username, name=name)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    return user_set_role(user=user, role=role, supervised_township=supervised_township)


# --- cadres and their logins (username = mobile number) --------------------

USERNAME_TAKEN = _("手机号 %(mobile)s 已被其他登录账号用作用户名，请核对手机号。")


def _username_taken(mobile):
    return ValidationError(
        {"mobile": USERNAME_TAKEN % {"mobile": mobile}}, code="username_taken"
    )


@transaction.atomic
def cadre_create(*, by, values, create_account=False):
    """A new cadre from profile values (Cadre.PROFILE_FIELDS), recorded in its
    history as done by ``by``; with create_account, also a cadre login whose
    username is the mobile number. All or nothing: a username already in use
    raises ValidationError on "mobile"."""
    cadre = Cadre(**values)
    if create_account:
        try:
            with transaction.atomic():
                cadre.user = user_create(
                    username=cadre.mobile, name=cadre.name, role=Role.CADRE
                )
        except IntegrityError:
            raise _username_taken(cadre.mobile) from None
    cadre._history_user = by
    cadre.save()
    return cadre


@transaction.atomic
def cadre_update(*, cadre, by, changes):
    """Save changes (field name → value) to a cadre's profile, recorded in its
    history as done by ``by``. The login follows the profile as the roster import
    does: it carries the cadre's name, and one named after the old mobile number
    is renamed to the new one; a username already in use raises ValidationError
    on "mobile" and nothing is saved.

    ``cadre`` may already carry the changes (a model form applies them while
    validating): the old mobile number is read from the database.
    """
    old_mobile = (
        Cadre.objects.select_for_update()
        .filter(pk=cadre.pk)
        .values_list("mobile", flat=True)
        .get()
    )
    for name, value in changes.items():
        setattr(cadre, name, value)
    login = cadre.user
    if login is not None:
        renamed = cadre.mobile != old_mobile and login.username == old_mobile
        if renamed:
            login.username = cadre.mobile
        login.name = cadre.name
        try:  # the unique username is the guard, not a check first
            with transaction.atomic():
                login.save(update_fields=["username", "name"])
        except IntegrityError:
            login.username = old_mobile
            raise _username_taken(cadre.mobile) from None
    cadre._history_user = by
    cadre.save()
    return cadre


def record_personal_data_access(*, viewer, cadre, purpose):
    """One row per whole view of a cadre's ID or mobile number (PIPL)."""
    return PersonalDataAccess.objects.create(
        viewer=viewer, cadre=cadre, purpose=purpose
    )


# --- roster import (名册导入); reading and checking the file is lms.roster ---------

ROSTER_BATCH_SIZE = 500


def roster_import(*, data, filename, create_places=False, user=None):
    """Import a roster file, all rows or none: plan it again inside one transaction
    and apply the plan. Returns the applied RosterPlan; raises RosterInvalid
    (carrying the plan) when the file has errors, and then writes nothing.

    History records the import as done by ``user`` (None from a script).
    """
    history_user = user if user is not None and user.is_authenticated else None
    reason = _("名册导入：%(file)s") % {"file": filename}
    # Read, clean and check the file before the transaction (issue 13: parsing
    # under SQLite's write lock made every login wait); inside it, check the rows
    # against the database again and write.
    data = read_ahead(data, filename)
    plan = plan_roster(data=data, filename=filename, create_places=create_places)
    if plan.errors:
        raise RosterInvalid(plan)
    with transaction.atomic():
        plan = plan_roster(data=data, filename=filename, create_places=create_places)
        if plan.errors:
            raise RosterInvalid(plan)
        _roster_apply(plan, user=history_user, reason=reason)
    logger.info(
        "roster import %s: %d created, %d updated, %d unchanged, "
        "%d townships and %d villages created, %d village classes changed",
        filename,
        len(plan.creates),
        len(plan.updates),
        plan.unchanged,
        len(plan.new_townships),
        len(plan.new_villages),
        len(plan.village_class_changes),
    )
    return plan


def _roster_apply(plan, *, user, reason):
    """Write a checked plan with a constant number of (batched) queries."""
    history = {
        "batch_size": ROSTER_BATCH_SIZE,
        "default_user": user,
        "default_change_reason": reason,
        "default_date": timezone.now(),
    }
    village_ids = _roster_apply_places(plan, history)
    if plan.creates:
        _roster_create_cadres(plan, village_ids, history)
    if plan.updates:
        _roster_update_cadres(plan, village_ids, history)


def _roster_apply_places(plan, history):
    """Create townships and villages, change village classes; return the ids of
    every village the file names, by (township, village)."""
    village_ids = {}
    if plan.new_townships:
        Township.objects.bulk_create([Township(name=n) for n in plan.new_townships])
    if plan.new_villages:
        township_ids = dict(
            Township.objects.filter(
                name__in={township for township, _v in plan.new_villages}
            ).values_list("name", "id")
        )
        created = bulk_create_with_history(
            [
                Village(township_id=township_ids[township], name=name, village_class=c)
                for (township, name), c in plan.new_villages.items()
            ],
            Village,
            **history,
        )
        village_ids.update(zip(plan.new_villages, (v.pk for v in created), strict=True))
    if plan.village_class_changes:
        villages = []
        for change in plan.village_class_changes:
            change.village.village_class = change.new
            villages.append(change.village)
        bulk_update_with_history(villages, Village, ["village_class"], **history)
    listed = {row.place for row in plan.rows} - village_ids.keys()
    if listed:
        village_ids.update(
            ((township, name), pk)
            for pk, township, name in Village.objects.filter(
                township__name__in={township for township, _v in listed}
            ).values_list("id", "township__name", "name")
        )
    return village_ids


def _roster_create_cadres(plan, village_ids, history):
    """New cadres, each with a cadre login: username = mobile, no usable password
    (set_unusable_password hashes nothing), all created in bulk."""
    user_ids = {}
    new_users = []
    for create in plan.creates:
        if create.user_id is not None:
            user_ids[create.row.mobile] = create.user_id
            continue
        account = User(username=create.row.mobile, name=create.row.name)
        account.role = Role.CADRE
        account.set_unusable_password()
        account.password_must_change = True  # whoever sets it, not the cadre
        new_users.append(account)
    if new_users:
        User.objects.bulk_create(new_users, batch_size=ROSTER_BATCH_SIZE)
        if new_users[0].pk is None:  # a database that returns no ids
            user_ids.update(
                User.objects.filter(
                    username__in=[u.username for u in new_users]
                ).values_list("username", "id")
            )
        else:
            user_ids.update((u.username, u.pk) for u in new_users)
    bulk_create_with_history(
        [
            Cadre(
                user_id=user_ids[row.mobile],
                name=row.name,
                sex=row.sex,
                ethnicity=row.ethnicity,
                birth_year=row.birth_year,
                birth_date=row.birth_date,
                position=row.position,
                village_id=village_ids[row.place],
                mobile=row.mobile,
                id_number=row.id_number or None,
            )
            for row in (create.row for create in plan.creates)
        ],
        Cadre,
        **history,
    )


def _roster_update_cadres(plan, village_ids, history):
    """Changed fields only, with one history record per changed cadre; a cadre's
    login follows a new name or mobile (username = mobile unless set otherwise)."""
    fields = {"updated_at"}  # bulk_update does not touch auto_now fields
    cadres, logins = [], []
    for update in plan.updates:
        cadre = update.cadre
        login = cadre.user
        if login is not None and {"name", "mobile"} & update.values.keys():
            if login.username == cadre.mobile:
                login.username = update.values.get("mobile", cadre.mobile)
            login.name = update.values.get("name", cadre.name)
            logins.append(login)
        for attr, value in update.values.items():
            if attr == "village":
                cadre.village_id = village_ids[value]
            else:
                setattr(cadre, attr, value)
        cadre.updated_at = history["default_date"]
        fields.update(update.values)
        cadres.append(cadre)
    bulk_update_with_history(cadres, Cadre, sorted(fields), **history)
    if logins:
        User.objects.bulk_update(
            logins, ["username", "name"], batch_size=ROSTER_BATCH_SIZE
        )

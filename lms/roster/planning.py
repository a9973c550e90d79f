"""Planning an import: read and clean a roster file, check its rows against each
other and against the database, and say what importing it would do: a RosterPlan.
Reads only, with a constant number of queries whatever the number of rows."""

from django.db.models import Q
from django.utils.translation import gettext as _

from ..imports import FieldChange, read_rows
from ..models import Cadre, Role, Township, User, Village
from ..personal_data import mask_id_number, mask_mobile
from .cleaning import clean_row
from .columns import (
    COLUMNS,
    ID_NUMBER,
    MOBILE,
    ROSTER_FORMAT,
    TOWNSHIP,
    VILLAGE,
    VILLAGE_CLASS,
)
from .display import class_label, display_value
from .plan import CadreCreate, CadreUpdate, RosterPlan, VillageClassChange


def plan_roster(*, data, filename, create_places=False):
    """Read, clean and check a roster file against the database: a RosterPlan."""
    plan = RosterPlan(filename=filename, create_places=create_places)
    plan.rows, plan.errors = read_rows(data, filename, ROSTER_FORMAT, clean_row)
    if not plan.rows:
        if not plan.errors:
            plan.error(
                None,
                "",
                _("文件中没有学员数据（第 1 行应为列名，从第 2 行起每行一人）"),
            )
        return plan
    _check_duplicates(plan)
    _plan_places(plan)
    _plan_cadres(plan)
    plan.sort_errors(COLUMNS)
    return plan


# --- rows against each other ------------------------------------------------------


def _check_duplicates(plan):
    """The same person twice, or one village given two classes, in the file."""
    for attr, column, message in (
        ("id_number", ID_NUMBER, _("身份证号与第 %(row)d 行重复（同一人出现两次）")),
        ("mobile", MOBILE, _("手机号与第 %(row)d 行重复（同一人出现两次）")),
    ):
        first_row = {}
        for row in plan.rows:
            value = getattr(row, attr)
            if value and first_row.setdefault(value, row.row) != row.row:
                plan.error(row.row, column, message % {"row": first_row[value]})
    first_class = {}
    for row in plan.rows:
        if row.township and row.village and row.village_class:
            first = first_class.setdefault(row.place, row)
            if first.village_class != row.village_class:
                plan.error(
                    row.row,
                    VILLAGE_CLASS,
                    _(
                        "嘎查村“%(village)s”在第 %(row)d 行填为%(first)s，"
                        "本行填为%(this)s，同一嘎查村只能有一个村分类"
                    )
                    % {
                        "village": row.village,
                        "row": first.row,
                        "first": class_label(first.village_class),
                        "this": class_label(row.village_class),
                    },
                )


# --- townships and villages ---------------------------------------------------------


def _plan_places(plan):
    """Check townships and villages against the Banner's list; plan new places and
    village class changes."""
    townships = set(Township.objects.values_list("name", flat=True))
    villages = {
        (v.township.name, v.name): v for v in Village.objects.select_related("township")
    }
    township_names_of = {}
    for township_name, village_name in villages:
        township_names_of.setdefault(village_name, []).append(township_name)

    class_in_file = {}
    for row in plan.rows:
        if row.township and row.village and row.village_class:
            class_in_file.setdefault(row.place, row.village_class)

    new_townships, reported = {}, set()
    for row in plan.rows:
        if not (row.township and row.village):
            continue
        if row.township not in townships:
            if plan.create_places:
                new_townships.setdefault(row.township, None)
            else:
                plan.error(
                    row.row,
                    TOWNSHIP,
                    _(
                        "苏木乡镇“%(township)s”不在本旗苏木乡镇列表中"
                        "（请核对名称，或在后台添加，或选择新建名册中的苏木乡镇和嘎查村）"
                    )
                    % {"township": row.township},
                )
                continue
        if row.place in villages:
            continue
        if plan.create_places:
            if row.place in class_in_file:
                plan.new_villages.setdefault(row.place, class_in_file[row.place])
            elif row.place not in reported:
                reported.add(row.place)
                plan.error(
                    row.row,
                    VILLAGE_CLASS,
                    _("嘎查村“%(village)s”不在列表中，新建时须填写村分类")
                    % {"village": row.village},
                )
            continue
        message = _("嘎查村“%(village)s”不在苏木乡镇“%(township)s”的嘎查村列表中") % {
            "village": row.village,
            "township": row.township,
        }
        elsewhere = township_names_of.get(row.village)
        if elsewhere:
            message += _("（列表中该名称属于：%(townships)s）") % {
                "townships": "、".join(elsewhere)
            }
        plan.error(row.row, VILLAGE, message)
    plan.new_townships = list(new_townships)

    for place, village_class in class_in_file.items():
        village = villages.get(place)
        if village is not None and village.village_class != village_class:
            plan.village_class_changes.append(
                VillageClassChange(
                    village=village, old=village.village_class, new=village_class
                )
            )


# --- cadres ------------------------------------------------------------------------


class _RowRefused(Exception):
    """A row that cannot be imported, at a column, for a reason."""

    def __init__(self, column, message):
        super().__init__(message)
        self.column = column


def _plan_cadres(plan):
    """Match rows to existing cadres (by ID number, else by mobile) and plan
    creates and updates. Blank optional cells never clear what is on record."""
    rows = [row for row in plan.rows if row.mobile]
    id_numbers = {row.id_number for row in rows if row.id_number}
    mobiles = {row.mobile for row in rows}
    existing = list(
        Cadre.objects.filter(Q(id_number__in=id_numbers) | Q(mobile__in=mobiles))
        .select_related("village__township", "user")
        .order_by()
    )
    by_id = {c.id_number: c for c in existing if c.id_number}
    by_mobile = {c.mobile: c for c in existing}
    accounts = {
        u["username"]: u
        for u in User.objects.filter(username__in=mobiles).values(
            "id", "username", "role", "cadre"
        )
    }
    matched_rows = {}  # cadre pk → the row that matched it
    for row in rows:
        try:
            cadre = _match_cadre(row, by_id, by_mobile, matched_rows)
            user_id = _login_for(row, cadre, accounts.get(row.mobile))
        except _RowRefused as exc:
            plan.error(row.row, exc.column, str(exc))
            continue
        if not row.valid:
            continue
        if cadre is None:
            plan.creates.append(CadreCreate(row=row, user_id=user_id))
        else:
            _plan_update(plan, row, cadre)


def _match_cadre(row, by_id, by_mobile, matched_rows):
    """The existing cadre a row is about, or None; refused when the ID number and
    the mobile point at different people, or another row matched the same one."""
    cadre_by_id = by_id.get(row.id_number) if row.id_number else None
    cadre_by_mobile = by_mobile.get(row.mobile)
    if cadre_by_id and cadre_by_mobile and cadre_by_id != cadre_by_mobile:
        raise _RowRefused(
            ID_NUMBER,
            _(
                "身份证号属于已有学员“%(by_id)s”，手机号却属于另一名已有学员"
                "“%(by_mobile)s”，请核对"
            )
            % {"by_id": cadre_by_id.name, "by_mobile": cadre_by_mobile.name},
        )
    cadre = cadre_by_id or cadre_by_mobile
    if cadre is None:
        return None
    if cadre_by_id is None and row.id_number and cadre.id_number:
        raise _RowRefused(
            ID_NUMBER,
            _(
                "手机号属于已有学员“%(name)s”，但其登记的身份证号 %(id)s "
                "与本行不同，请核对"
            )
            % {"name": cadre.name, "id": mask_id_number(cadre.id_number)},
        )
    if cadre.pk in matched_rows:
        raise _RowRefused(
            ID_NUMBER if cadre_by_id else MOBILE,
            _("与第 %(row)d 行是同一名已有学员（身份证号或手机号相同）")
            % {"row": matched_rows[cadre.pk]},
        )
    matched_rows[cadre.pk] = row.row
    return cadre


def _login_for(row, cadre, account):
    """The id of the login whose username is the row's mobile, or None; refused
    when that login is someone else's and the row would move the mobile to it."""
    if account is None:
        return None
    if cadre is None:  # a cadre account left without a profile is taken over
        owns_account = account["role"] == Role.CADRE and not account["cadre"]
    else:
        owns_account = account["cadre"] == cadre.pk
    moves_mobile = cadre is None or cadre.mobile != row.mobile
    if moves_mobile and not owns_account:
        raise _RowRefused(
            MOBILE,
            _("手机号 %(mobile)s 已被其他登录账号用作用户名")
            % {"mobile": mask_mobile(row.mobile)},
        )
    return account["id"]


def _plan_update(plan, row, cadre):
    new = {
        "name": row.name,
        "sex": row.sex,
        "position": row.position,
        "village": row.place,
        "mobile": row.mobile,
        "is_active": True,  # on the roster again
    }
    # Blank optional cells keep what is on record.
    if row.ethnicity:
        new["ethnicity"] = row.ethnicity
    if row.id_number:
        new["id_number"] = row.id_number
    if row.birth_year is not None:
        new["birth_year"] = row.birth_year
        # A year alone keeps a known date of that year; another year voids it.
        if row.birth_date is not None or row.birth_year != cadre.birth_year:
            new["birth_date"] = row.birth_date
    values, changes = {}, []
    for attr in Cadre.PROFILE_FIELDS:  # the order changes are listed in
        if attr == "village":
            old = (cadre.village.township.name, cadre.village.name)
        else:
            old = getattr(cadre, attr)
        if attr in new and new[attr] != old:
            values[attr] = new[attr]
            changes.append(
                FieldChange(
                    label=str(Cadre._meta.get_field(attr).verbose_name),
                    old=display_value(attr, old),
                    new=display_value(attr, new[attr]),
                )
            )
    if not values:
        plan.unchanged += 1
        return
    plan.updates.append(
        CadreUpdate(row=row, cadre=cadre, values=values, changes=changes)
    )

"""Demo and test data for the people core, built by code (shared by seed_demo and
the test fixtures) from the names in demo_data.py. Every function is
repeat-safe and deterministic."""

import datetime
import random

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from .demo_data import (
    HAN_GIVEN,
    HAN_SURNAMES,
    MONGOLIAN_GIVEN_FEMALE,
    MONGOLIAN_GIVEN_MALE,
    MONGOLIAN_SURNAMES,
    TOWNSHIPS,
    VILLAGE_PREFIXES,
    VILLAGE_STEMS_HAN,
    VILLAGE_STEMS_MONGOLIAN,
    VILLAGE_TEAMS,
)
from .models import Cadre, Position, Role, Sex, Township, User, Village, VillageClass
from .personal_data import id_check_char
from .services import user_create, user_set_role


def ensure_township(name, *, sort_order=0):
    township, _created = Township.objects.get_or_create(
        name=name, defaults={"sort_order": sort_order}
    )
    return township


def ensure_village(township, name, *, village_class=VillageClass.IMPROVING):
    village, _created = Village.objects.get_or_create(
        township=township, name=name, defaults={"village_class": village_class}
    )
    return village


def make_id_number(serial, *, birth="19800101", sex=Sex.MALE, region="150525"):
    """A valid ID number (Naiman Banner's region code 150525 by default)."""
    order = serial % 1000
    if (order % 2 == 1) != (sex == Sex.MALE):
        order = (order + 1) % 1000
    first17 = f"{region}{birth}{order:03d}"
    return first17 + id_check_char(first17)


def make_mobile(serial):
    return f"139{serial:08d}"


def make_cadre(
    *,
    village,
    name="巴特尔",
    serial=1,
    position=Position.COMMITTEE_MEMBER,
    sex=Sex.MALE,
    with_account=True,
    password=None,
    **fields,
):
    mobile = fields.pop("mobile", make_mobile(serial))
    user = None
    if with_account:
        user = user_create(
            username=mobile, name=name, role=Role.CADRE, password=password
        )
    return Cadre.objects.create(
        user=user,
        name=name,
        sex=sex,
        position=position,
        village=village,
        mobile=mobile,
        **fields,
    )


# --- seed_demo: the Banner's people at size S (1,200+ cadres) or L (100,000) ---

SIZES = {"S": None, "L": 100_000}
DEMO_PASSWORD = "naiman333"
DEMO_SEED = 333


def _village_names(rng, count):
    names = []
    while len(names) < count:
        if rng.random() < 0.45:
            name = rng.choice(VILLAGE_STEMS_MONGOLIAN) + "嘎查"
        else:
            name = rng.choice(VILLAGE_PREFIXES) + rng.choice(VILLAGE_STEMS_HAN) + "村"
        if name not in names:
            names.append(name)
    return names


def _person(rng):
    """(name, sex, ethnicity) of a plausible Naiman cadre."""
    sex = Sex.FEMALE if rng.random() < 0.28 else Sex.MALE
    roll = rng.random()
    if roll < 0.40:
        given = rng.choice(
            MONGOLIAN_GIVEN_FEMALE if sex == Sex.FEMALE else MONGOLIAN_GIVEN_MALE
        )
        surname = rng.choice(MONGOLIAN_SURNAMES) if rng.random() < 0.5 else ""
        return surname + given, sex, "蒙古族"
    ethnicity = "汉族" if roll < 0.97 else rng.choice(["满族", "回族"])
    return rng.choice(HAN_SURNAMES) + rng.choice(HAN_GIVEN), sex, ethnicity


def ensure_banner_places():
    """The Banner's townships and about 300 villages; returns the villages in order."""
    rng = random.Random(DEMO_SEED)
    wanted = []
    for order, (name, _slug, village_count) in enumerate(TOWNSHIPS, start=1):
        township = ensure_township(name, sort_order=order)
        for village_name in _village_names(rng, village_count):
            village_class = rng.choices(VillageClass.values, weights=[3, 5, 2])[0]
            wanted.append(
                Village(
                    township=township, name=village_name, village_class=village_class
                )
            )
    existing = set(Village.objects.values_list("township_id", "name"))
    missing = [v for v in wanted if (v.township_id, v.name) not in existing]
    bulk_create_with_history(missing, Village, batch_size=500)
    by_key = {(v.township_id, v.name): v for v in Village.objects.all()}
    return [by_key[(v.township_id, v.name)] for v in wanted]


def ensure_demo_cadres(villages, *, total=None, password_hash):
    """Cadres for every village (a full team each), or `total` spread evenly.

    Deterministic: the n-th cadre always has the same name, mobile and ID number,
    so a second run only adds what is missing.
    """
    rng = random.Random(DEMO_SEED + 1)
    people = []  # (village, position)
    if total is None:
        for village in villages:
            for position in rng.choice(VILLAGE_TEAMS):
                people.append((village, position))
    else:
        positions = [p for team in VILLAGE_TEAMS for p in team]
        for n in range(total):
            people.append((villages[n % len(villages)], positions[n % len(positions)]))

    existing = set(Cadre.objects.values_list("mobile", flat=True))
    used_ids = set()
    new_users, new_cadres = [], []
    for serial, (village, position) in enumerate(people, start=1):
        name, sex, ethnicity = _person(rng)
        year = rng.randint(1962, 1998)
        birth = f"{year}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        mobile = make_mobile(serial)
        id_number = make_id_number(serial, birth=birth, sex=sex)
        step = 0
        while id_number in used_ids:  # same birthday and sequence number
            step += 2
            id_number = make_id_number(serial + step, birth=birth, sex=sex)
        used_ids.add(id_number)
        if mobile in existing:
            continue
        user = User(username=mobile, name=name, role=Role.CADRE, password=password_hash)
        new_users.append(user)
        new_cadres.append(
            Cadre(
                user=user,
                name=name,
                sex=sex,
                ethnicity=ethnicity,
                birth_year=year,
                birth_date=datetime.date(year, int(birth[4:6]), int(birth[6:])),
                position=position,
                village=village,
                mobile=mobile,
                id_number=id_number,
            )
        )
    for start in range(0, len(new_users), 2000):
        batch_users = User.objects.bulk_create(new_users[start : start + 2000])
        batch_cadres = new_cadres[start : start + 2000]
        for user, cadre in zip(batch_users, batch_cadres, strict=True):
            cadre.user = user
        bulk_create_with_history(batch_cadres, Cadre, batch_size=2000)
    return len(new_cadres)


def ensure_demo_staff(password_hash):
    """Administrator, trainers, the Banner supervisor and one per township."""
    staff = [
        ("admin", "系统管理员", Role.ADMIN, None),
        ("trainer", "王文杰（讲师）", Role.TRAINER, None),
        ("trainer2", "包金花（讲师）", Role.TRAINER, None),
        ("supervisor", "旗委组织部督导", Role.SUPERVISOR, None),
    ]
    for name, slug, _count in TOWNSHIPS:
        staff.append((f"sup_{slug}", f"{name}督导", Role.SUPERVISOR, name))
    for username, name, role, township_name in staff:
        user, created = User.objects.get_or_create(
            username=username, defaults={"name": name, "password": password_hash}
        )
        township = Township.objects.get(name=township_name) if township_name else None
        if created or user.role != role or user.supervised_township != township:
            user_set_role(user=user, role=role, supervised_township=township)


def demo_logins():
    """(role, username, password, note) rows to print for people trying the demo."""
    rows = [
        (_("管理员"), "admin", DEMO_PASSWORD, _("管理后台 /admin/ 全部功能")),
        (_("讲师"), "trainer", DEMO_PASSWORD, _("管理后台发布课程")),
        (_("旗级督导"), "supervisor", DEMO_PASSWORD, _("查看全旗")),
        (_("苏木乡镇督导"), "sup_dm", DEMO_PASSWORD, _("只看东明镇")),
    ]
    cadre = (
        Cadre.objects.filter(village__township__name="东明镇", user__isnull=False)
        .select_related("village")
        .order_by("mobile")
        .first()
    )
    if cadre:
        note = f"{cadre.name}，{cadre.village.name}{cadre.get_position_display()}"
        rows.append((_("学员"), cadre.user.username, DEMO_PASSWORD, note))
    return rows


def seed(*, size, stdout):
    password_hash = make_password(DEMO_PASSWORD, salt="naimandemo")
    villages = ensure_banner_places()
    ensure_demo_staff(password_hash)
    added = ensure_demo_cadres(villages, total=SIZES[size], password_hash=password_hash)
    if settings.LMS_DEMO_PASSWORD_MUST_CHANGE:
        # Still the demo password (its hash has a fixed salt): to be changed at
        # the first login (lms.passwords), in new and older demo databases alike.
        User.objects.filter(password=password_hash, password_must_change=False).update(
            password_must_change=True
        )
    stdout.write(
        _(
            "人员：%(townships)d 个苏木乡镇，%(villages)d 个嘎查村，%(cadres)d 名学员"
            "（本次新增 %(added)d 名）"
        )
        % {
            "townships": Township.objects.count(),
            "villages": Village.objects.count(),
            "cadres": Cadre.objects.count(),
            "added": added,
        }
    )

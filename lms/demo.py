"""Demo and test data for the people core, built by code (shared by seed_demo and
the test fixtures). Every function is repeat-safe and deterministic."""

from .models import Cadre, Position, Role, Sex, Township, Village, VillageClass
from .personal_data import id_check_char
from .services import user_create


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

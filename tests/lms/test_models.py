"""The people core's rules held by the database, and the history it keeps."""

import pytest
from django.db import IntegrityError, transaction

from lms.demo import ensure_village, make_cadre
from lms.models import Position, Role, User, Village, VillageClass
from lms.services import user_set_role


def test_villages_in_different_townships_may_share_a_name(township, other_township):
    ensure_village(township, "太平村")
    ensure_village(other_township, "太平村")
    assert Village.objects.filter(name="太平村").count() == 2


def test_a_township_cannot_list_the_same_village_twice(township):
    Village.objects.create(township=township, name="太平村", village_class=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Village.objects.create(township=township, name="太平村", village_class=2)


def test_village_class_is_one_two_or_three(township):
    with pytest.raises(IntegrityError), transaction.atomic():
        Village.objects.create(township=township, name="无类村", village_class=4)


def test_two_cadres_cannot_share_a_mobile_or_an_id_number(village, cadre):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_cadre(village=village, name="重复", serial=99, mobile=cadre.mobile)
    cadre.id_number = "150525198001010011"
    cadre.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_cadre(village=village, name="重复", serial=98, id_number=cadre.id_number)


def test_only_supervisors_have_a_township_scope(township, trainer):
    trainer.supervised_township = township
    with pytest.raises(IntegrityError), transaction.atomic():
        trainer.save()
    with pytest.raises(ValueError):
        user_set_role(user=trainer, role=Role.TRAINER, supervised_township=township)


def test_role_change_moves_the_admin_groups(trainer, township):
    assert list(trainer.groups.values_list("name", flat=True)) == ["讲师"]
    user_set_role(user=trainer, role=Role.SUPERVISOR, supervised_township=township)
    trainer.refresh_from_db()
    assert list(trainer.groups.values_list("name", flat=True)) == ["督导"]
    assert trainer.has_perm("lms.view_cadre")
    assert not trainer.has_perm("lms.change_cadre")
    user_set_role(user=trainer, role=Role.ADMIN)
    trainer = User.objects.get(pk=trainer.pk)
    assert trainer.is_superuser and trainer.is_administrator
    assert not trainer.groups.exists()


def test_village_class_change_is_traceable(village, administrator):
    village.village_class = VillageClass.RECTIFYING
    village._history_user = administrator
    village.save()
    newest, older = village.history.all()[:2]
    assert newest.history_user == administrator
    delta = newest.diff_against(older)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [
        ("village_class", VillageClass.ADVANCED, VillageClass.RECTIFYING)
    ]


def test_position_change_is_traceable(cadre, administrator):
    cadre.position = Position.PARTY_SECRETARY
    cadre._history_user = administrator
    cadre.save()
    newest = cadre.history.first()
    assert newest.history_user == administrator
    assert newest.history_type == "~"
    assert newest.prev_record.position == Position.COMMITTEE_MEMBER


def test_str_of_a_cadre_never_carries_personal_numbers(cadre):
    cadre.id_number = "150525198001010011"
    assert str(cadre) == cadre.name
    assert cadre.masked_id_number == "1505**********0011"
    assert cadre.masked_mobile == cadre.mobile[:3] + "****" + cadre.mobile[-4:]

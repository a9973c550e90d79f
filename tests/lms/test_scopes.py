"""What each role may see: the scope helpers every view and export uses."""

from lms.access import may_see_whole_personal_data
from lms.selectors import (
    cadres_visible_to,
    townships_visible_to,
    villages_visible_to,
)


def test_administrator_and_banner_supervisor_see_everyone(
    administrator, banner_supervisor, cadre, other_cadre
):
    for user in (administrator, banner_supervisor):
        assert set(cadres_visible_to(user)) == {cadre, other_cadre}
        assert townships_visible_to(user).count() == 2
        assert villages_visible_to(user).count() == 2


def test_township_supervisor_sees_only_their_township(
    township_supervisor, cadre, other_cadre, township
):
    assert list(cadres_visible_to(township_supervisor)) == [cadre]
    assert list(townships_visible_to(township_supervisor)) == [township]
    assert list(villages_visible_to(township_supervisor)) == [cadre.village]


def test_cadre_sees_only_themself(cadre, other_cadre):
    assert list(cadres_visible_to(cadre.user)) == [cadre]
    assert list(villages_visible_to(cadre.user)) == [cadre.village]


def test_trainer_sees_no_cadre_registry(trainer, cadre):
    assert not cadres_visible_to(trainer).exists()
    assert not townships_visible_to(trainer).exists()


def test_deactivated_supervisor_sees_nothing(banner_supervisor, cadre):
    banner_supervisor.is_active = False
    banner_supervisor.save()
    assert not cadres_visible_to(banner_supervisor).exists()


def test_only_administrators_see_whole_personal_data(
    administrator, banner_supervisor, township_supervisor, trainer, cadre
):
    assert may_see_whole_personal_data(administrator)
    for user in (banner_supervisor, township_supervisor, trainer, cadre.user):
        assert not may_see_whole_personal_data(user)

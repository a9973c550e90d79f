"""学员 search in the admin: a mobile number matches only when all 11 digits
are given, and every such find is recorded in 个人信息查看记录; parts of a
number find nobody (the list masks the middle digits), names match by any
part."""

import pytest

from lms.demo import make_cadre
from lms.models import PersonalDataAccess
from tests.logins import logged_in

from .admin_pages import html, url


def search(user, query):
    return html(logged_in(user).get(url("lms_cadres:index"), {"q": query}))


@pytest.fixture
def neighbour(village):
    """A second cadre in the same village: 13900000021."""
    return make_cadre(village=village, name="巴特尔", serial=21)


@pytest.mark.parametrize(
    "query",
    ["139", "1390000", "0001", "00000001", "3900000000", "139 0000"],
)
def test_a_township_supervisor_finds_nobody_by_part_of_a_mobile_number(
    township_supervisor, cadre, neighbour, query
):
    page = search(township_supervisor, query)
    assert cadre.name not in page
    assert neighbour.name not in page
    assert not PersonalDataAccess.objects.exists()


@pytest.mark.parametrize("typed", ["13900000001", "139 0000 0001", "+86 139-0000-0001"])
def test_a_whole_mobile_number_finds_its_cadre_and_is_recorded(
    township_supervisor, cadre, neighbour, typed
):
    page = search(township_supervisor, typed)
    assert cadre.name in page
    assert neighbour.name not in page
    access = PersonalDataAccess.objects.get()
    assert (access.viewer, access.cadre, access.purpose) == (
        township_supervisor,
        cadre,
        "按手机号搜索",
    )


def test_a_whole_number_outside_the_township_finds_nothing_and_records_nothing(
    township_supervisor, cadre, other_cadre
):
    page = search(township_supervisor, other_cadre.mobile)
    assert other_cadre.name not in page
    assert not PersonalDataAccess.objects.exists()


def test_names_match_by_any_part(township_supervisor, cadre, neighbour):
    page = search(township_supervisor, "力吉")
    assert cadre.name in page
    assert neighbour.name not in page
    assert not PersonalDataAccess.objects.exists()


@pytest.mark.parametrize("role", ["banner_supervisor", "administrator"])
def test_the_same_rule_for_banner_supervisors_and_administrators(
    request, role, cadre, other_cadre
):
    user = request.getfixturevalue(role)
    assert cadre.name not in search(user, "0001")
    assert other_cadre.name in search(user, other_cadre.mobile)
    access = PersonalDataAccess.objects.get()
    assert (access.viewer, access.cadre) == (user, other_cadre)


def test_administrators_see_the_supervisors_searches_in_the_access_log(
    township_supervisor, administrator, cadre
):
    search(township_supervisor, cadre.mobile)
    log = logged_in(administrator).get(
        url("lms_personal_data_access:index"), {"viewer": township_supervisor.pk}
    )
    page = html(log)
    assert "按手机号搜索" in page
    assert cadre.name in page

"""Admin screens for townships, villages, cadres, users' roles and the PIPL log."""

import csv
import io
import json
import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import strip_tags
from openpyxl import load_workbook

from lms.demo import ensure_township, ensure_village, make_cadre, make_id_number
from lms.models import (
    Cadre,
    PersonalDataAccess,
    Position,
    Role,
    Sex,
    Township,
    User,
    Village,
    VillageClass,
)
from lms.personal_data import mask_id_number, mask_mobile
from lms.services import user_create

LIST_URLS = ["lms_townships:index", "lms_villages:index", "lms_cadres:index"]


def url(name, *args):
    return reverse(name, args=args)


def html(response):
    return response.content.decode()


@pytest.fixture
def cadre_id(cadre):
    """The fixture cadre with an ID number (men have an odd 17th digit)."""
    cadre.id_number = make_id_number(1, birth="19790315", sex=Sex.MALE)
    cadre.save()
    return cadre


@pytest.fixture
def more_cadres(village, other_village):
    """A woman party secretary in 东明村 and an inactive director in 八仙筒村."""
    secretary = make_cadre(
        village=village,
        name="其木格",
        serial=11,
        sex=Sex.FEMALE,
        position=Position.PARTY_SECRETARY,
        with_account=False,
    )
    director = make_cadre(
        village=other_village,
        name="王建国",
        serial=12,
        position=Position.COMMITTEE_DIRECTOR,
        with_account=False,
        is_active=False,
    )
    return secretary, director


# --- Who reaches the screens -------------------------------------------------


@pytest.mark.parametrize("url_name", LIST_URLS)
@pytest.mark.parametrize(
    "who", ["administrator", "banner_supervisor", "township_supervisor"]
)
def test_list_pages_open_for_administrators_and_supervisors(
    client, request, url_name, who, cadre, other_cadre
):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url(url_name)).status_code == 200


@pytest.mark.parametrize("url_name", [*LIST_URLS, "lms_personal_data_access:index"])
def test_trainer_is_turned_away(client, trainer, url_name):
    client.force_login(trainer)
    response = client.get(url(url_name))
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response.url == reverse("wagtailadmin_home")


@pytest.mark.parametrize("url_name", [*LIST_URLS, "lms_personal_data_access:index"])
def test_cadre_cannot_reach_the_admin(client, cadre, url_name):
    client.force_login(cadre.user)
    response = client.get(url(url_name))
    assert response.status_code == 302
    assert "login" in response.url


def test_menu_group_shown_to_supervisors_not_trainers(
    client, banner_supervisor, trainer
):
    # The sidebar is JSON: look for the menu's name and a screen's URL.
    client.force_login(banner_supervisor)
    page = html(client.get(reverse("wagtailadmin_home")))
    assert '"name": "people"' in page and url("lms_cadres:index") in page
    assert url("lms_personal_data_access:index") not in page
    client.force_login(trainer)
    page = html(client.get(reverse("wagtailadmin_home")))
    assert '"name": "people"' not in page


def test_roster_menu_item_shown_to_administrators_only(
    client, administrator, banner_supervisor, trainer
):
    # The sidebar is JSON, with the Chinese label escaped.
    label = json.dumps("导入学员名册")
    roster_url = f'"url": "{reverse("roster:upload")}"'
    client.force_login(administrator)
    page = html(client.get(reverse("wagtailadmin_home")))
    assert label in page and roster_url in page
    for who in (banner_supervisor, trainer):
        client.force_login(who)
        page = html(client.get(reverse("wagtailadmin_home")))
        assert label not in page and roster_url not in page


# --- Scope ---------------------------------------------------------------------


def test_township_supervisor_lists_only_their_township(
    client, township_supervisor, cadre, other_cadre
):
    client.force_login(township_supervisor)
    page = html(client.get(url("lms_cadres:index")))
    assert "乌力吉" in page
    assert "张玉兰" not in page
    page = html(client.get(url("lms_villages:index")))
    assert "东明村" in page and "八仙筒村" not in page
    page = html(client.get(url("lms_townships:index")))
    assert "东明镇" in page and "八仙筒镇" not in page


def test_township_supervisor_filter_for_another_township_shows_nothing_more(
    client, township_supervisor, cadre, other_cadre, other_township
):
    client.force_login(township_supervisor)
    page = html(client.get(url("lms_cadres:index") + f"?township={other_township.pk}"))
    assert "张玉兰" not in page


@pytest.mark.parametrize(
    "url_name",
    [
        "lms_cadres:inspect",
        "lms_cadres:edit",
        "lms_cadres:delete",
        "lms_cadres:history",
    ],
)
def test_township_supervisor_cannot_open_another_townships_cadre(
    client, township_supervisor, other_cadre, url_name
):
    client.force_login(township_supervisor)
    response = client.get(url(url_name, other_cadre.pk))
    assert response.status_code in (403, 404) or (
        response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    )
    assert "张玉兰" not in html(response)


@pytest.mark.parametrize(
    "url_name", ["lms_villages:inspect", "lms_villages:history", "lms_villages:edit"]
)
def test_township_supervisor_cannot_open_another_townships_village(
    client, township_supervisor, other_village, url_name
):
    client.force_login(township_supervisor)
    response = client.get(url(url_name, other_village.pk))
    assert response.status_code in (302, 403, 404)
    assert "八仙筒村" not in html(response)


def test_township_supervisor_inspects_own_cadre_but_cannot_edit(
    client, township_supervisor, cadre
):
    client.force_login(township_supervisor)
    assert client.get(url("lms_cadres:inspect", cadre.pk)).status_code == 200
    for response in (
        client.get(url("lms_cadres:edit", cadre.pk)),
        client.post(url("lms_cadres:edit", cadre.pk), {"name": "改名"}),
        client.get(url("lms_cadres:add")),
        client.post(url("lms_cadres:delete", cadre.pk)),
    ):
        assert response.status_code == 302
        assert response.url == reverse("wagtailadmin_home")
    cadre.refresh_from_db()
    assert cadre.name == "乌力吉"
    page = html(client.get(url("lms_cadres:index")))
    assert url("lms_cadres:edit", cadre.pk) not in page
    assert url("lms_cadres:add") not in page


# --- Filters and search ----------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"乌力吉", "其木格", "张玉兰", "王建国"}),
        ("?township={township}", {"乌力吉", "其木格"}),
        ("?village={other_village}", {"张玉兰", "王建国"}),
        (f"?village_class={VillageClass.RECTIFYING}", {"张玉兰", "王建国"}),
        (f"?position={Position.PARTY_SECRETARY}", {"其木格"}),
        (f"?sex={Sex.FEMALE}", {"其木格"}),
        ("?is_active=false", {"王建国"}),
        ("?q=乌力", {"乌力吉"}),
        ("?q=玉兰", {"张玉兰"}),
        ("?q=建国&township={other_township}", {"王建国"}),
        ("?q=13900000011", {"其木格"}),
        ("?q=0000012", {"王建国"}),
    ],
)
def test_cadre_filters_and_chinese_search(
    client,
    administrator,
    cadre,
    other_cadre,
    more_cadres,
    township,
    other_township,
    other_village,
    query,
    expected,
):
    client.force_login(administrator)
    query = query.format(
        township=township.pk,
        other_township=other_township.pk,
        other_village=other_village.pk,
    )
    page = html(client.get(url("lms_cadres:index") + query))
    everyone = {"乌力吉", "其木格", "张玉兰", "王建国"}
    assert {name for name in everyone if name in page} == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?q=八仙", {"八仙筒村"}),
        ("?q=东明", {"东明村"}),
        ("?township={township}", {"东明村"}),
        (f"?village_class={VillageClass.ADVANCED}", {"东明村"}),
    ],
)
def test_village_filters_and_chinese_search(
    client, administrator, village, other_village, township, query, expected
):
    client.force_login(administrator)
    page = html(
        client.get(url("lms_villages:index") + query.format(township=township.pk))
    )
    assert {name for name in ("东明村", "八仙筒村") if name in page} == expected


# --- Personal data (PIPL) --------------------------------------------------------


@pytest.mark.parametrize("who", ["administrator", "township_supervisor"])
def test_list_shows_masked_numbers_only(client, request, who, cadre_id):
    client.force_login(request.getfixturevalue(who))
    page = html(client.get(url("lms_cadres:index")))
    assert cadre_id.masked_id_number in page
    assert cadre_id.masked_mobile in page
    assert cadre_id.id_number not in page
    assert cadre_id.mobile not in page
    assert cadre_id.masked_id_number == mask_id_number(cadre_id.id_number)
    assert re.fullmatch(r"1505\*{10}\d{3}[\dX]", cadre_id.masked_id_number)
    assert re.fullmatch(r"139\*{4}\d{4}", cadre_id.masked_mobile)


def test_csv_export_is_masked(client, banner_supervisor, cadre_id, other_cadre):
    client.force_login(banner_supervisor)
    response = client.get(url("lms_cadres:index") + "?export=csv")
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff"))))
    assert rows[0][0] == "姓名"
    assert "身份证号（已隐藏部分）" in rows[0]
    by_name = {row[0]: row for row in rows[1:]}
    assert set(by_name) == {"乌力吉", "张玉兰"}
    assert cadre_id.masked_id_number in by_name["乌力吉"]
    assert cadre_id.masked_mobile in by_name["乌力吉"]
    assert "是" in by_name["乌力吉"]
    assert cadre_id.id_number not in content
    assert cadre_id.mobile not in content


def test_xlsx_export_is_masked_and_scoped(
    client, township_supervisor, cadre_id, other_cadre
):
    client.force_login(township_supervisor)
    response = client.get(url("lms_cadres:index") + "?export=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [[str(v) for v in row if v is not None] for row in sheet.values]
    flat = " ".join(" ".join(row) for row in values)
    assert len(values) == 2  # heading and 乌力吉; 张玉兰 is in another township
    assert "乌力吉" in flat and "张玉兰" not in flat
    assert cadre_id.masked_id_number in flat
    assert cadre_id.id_number not in flat
    assert cadre_id.mobile not in flat


@pytest.mark.parametrize("who", ["banner_supervisor", "township_supervisor"])
def test_supervisor_inspect_is_masked_and_not_recorded(client, request, who, cadre_id):
    client.force_login(request.getfixturevalue(who))
    response = client.get(url("lms_cadres:inspect", cadre_id.pk))
    assert response.status_code == 200
    page = html(response)
    assert cadre_id.masked_id_number in page
    assert cadre_id.masked_mobile in page
    assert cadre_id.id_number not in page
    assert cadre_id.mobile not in page
    assert not PersonalDataAccess.objects.exists()


def test_administrator_inspect_shows_whole_numbers_and_records_each_view(
    client, administrator, cadre_id
):
    client.force_login(administrator)
    response = client.get(url("lms_cadres:inspect", cadre_id.pk))
    page = html(response)
    assert cadre_id.id_number in page
    assert cadre_id.mobile in page
    assert "个人信息查看记录" in page
    access = PersonalDataAccess.objects.get()
    assert (access.viewer, access.cadre, access.purpose) == (
        administrator,
        cadre_id,
        "查看详情",
    )
    client.get(url("lms_cadres:inspect", cadre_id.pk))
    assert PersonalDataAccess.objects.count() == 2


def test_administrator_edit_form_is_recorded(client, administrator, cadre_id):
    client.force_login(administrator)
    page = html(client.get(url("lms_cadres:edit", cadre_id.pk)))
    assert cadre_id.id_number in page
    assert PersonalDataAccess.objects.get().purpose == "编辑"


def test_personal_data_access_log_is_for_administrators_only(
    client, administrator, banner_supervisor, cadre_id
):
    client.force_login(administrator)
    client.get(url("lms_cadres:inspect", cadre_id.pk))
    page = html(client.get(url("lms_personal_data_access:index")))
    assert "乌力吉" in page and "查看详情" in page and "管理员" in page
    assert cadre_id.id_number not in page
    access = PersonalDataAccess.objects.get()
    # Read-only, even for administrators.
    for response in (
        client.get(url("lms_personal_data_access:add")),
        client.get(url("lms_personal_data_access:edit", access.pk)),
        client.post(url("lms_personal_data_access:delete", access.pk)),
    ):
        assert response.status_code == 302
    assert PersonalDataAccess.objects.count() == 1
    client.force_login(banner_supervisor)
    response = client.get(url("lms_personal_data_access:index"))
    assert response.status_code == 302


# --- Editing and deleting ----------------------------------------------------------


def cadre_form(cadre, **changes):
    data = {
        "name": cadre.name,
        "sex": cadre.sex,
        "ethnicity": cadre.ethnicity,
        "birth_year": cadre.birth_year or "",
        "birth_date": cadre.birth_date or "",
        "position": cadre.position,
        "village": cadre.village_id,
        "mobile": cadre.mobile,
        "id_number": cadre.id_number or "",
        "is_active": "on" if cadre.is_active else "",
    }
    data.update(changes)
    return data


def test_administrator_edits_a_cadre_with_cleaned_numbers(
    client, administrator, cadre_id, other_village
):
    client.force_login(administrator)
    response = client.post(
        url("lms_cadres:edit", cadre_id.pk),
        cadre_form(cadre_id, mobile="138 0000 1234", village=other_village.pk),
    )
    assert response.status_code == 302
    cadre_id.refresh_from_db()
    assert cadre_id.mobile == "13800001234"
    assert cadre_id.village == other_village
    assert cadre_id.birth_year == 1979  # filled in from the ID number


def test_new_mobile_renames_the_cadres_login(client, administrator, cadre):
    client.force_login(administrator)
    response = client.post(
        url("lms_cadres:edit", cadre.pk), cadre_form(cadre, mobile="13800001234")
    )
    assert response.status_code == 302
    cadre.user.refresh_from_db()
    assert cadre.user.username == "13800001234"
    assert cadre.history.latest().history_user == administrator


def test_mobile_used_as_another_username_is_a_form_error(client, administrator, cadre):
    user_create(username="13800001234", name="别人", role=Role.TRAINER)
    old_mobile = cadre.mobile
    client.force_login(administrator)
    response = client.post(
        url("lms_cadres:edit", cadre.pk), cadre_form(cadre, mobile="13800001234")
    )
    assert response.status_code == 200
    assert "已被其他登录账号用作用户名" in html(response)
    cadre.refresh_from_db()
    assert cadre.mobile == old_mobile
    assert User.objects.get(pk=cadre.user_id).username == old_mobile


def test_cadre_form_explains_bad_input(client, administrator, cadre_id):
    client.force_login(administrator)
    response = client.post(
        url("lms_cadres:edit", cadre_id.pk),
        cadre_form(cadre_id, id_number="150525197903150012", sex=Sex.FEMALE),
    )
    assert response.status_code == 200
    assert "身份证号校验位不正确" in html(response)


def test_administrator_adds_a_cadre_with_an_account(client, administrator, village):
    client.force_login(administrator)
    response = client.post(
        url("lms_cadres:add"),
        {
            "name": "斯琴",
            "sex": Sex.FEMALE,
            "position": Position.COMMITTEE_MEMBER,
            "village": village.pk,
            "mobile": "13912345678",
            "id_number": "",
            "is_active": "on",
            "create_account": "on",
        },
    )
    assert response.status_code == 302
    created = Cadre.objects.get(name="斯琴")
    assert created.id_number is None
    assert created.user.username == "13912345678"
    assert created.user.role == Role.CADRE


def test_deleting_a_township_or_village_in_use_explains_why(
    client, administrator, township, village, cadre
):
    client.force_login(administrator)
    page = html(client.get(url("lms_townships:delete", township.pk)))
    assert "无法删除" in page and "1 个嘎查村" in page
    response = client.post(url("lms_townships:delete", township.pk), follow=True)
    assert response.status_code == 200
    assert "无法删除" in html(response)
    assert Township.objects.filter(pk=township.pk).exists()

    page = html(client.get(url("lms_villages:delete", village.pk)))
    assert "1 个学员" in page
    response = client.post(url("lms_villages:delete", village.pk), follow=True)
    assert "无法删除" in html(response)
    assert Village.objects.filter(pk=village.pk).exists()


def test_empty_village_can_be_deleted(client, administrator, township):
    empty = ensure_village(township, "空村")
    client.force_login(administrator)
    assert "无法删除" not in html(client.get(url("lms_villages:delete", empty.pk)))
    response = client.post(url("lms_villages:delete", empty.pk))
    assert response.status_code == 302
    assert not Village.objects.filter(pk=empty.pk).exists()


# --- History --------------------------------------------------------------------


def test_village_history_shows_class_change_and_who(client, administrator, village):
    client.force_login(administrator)
    response = client.post(
        url("lms_villages:edit", village.pk),
        {
            "township": village.township_id,
            "name": village.name,
            "village_class": VillageClass.IMPROVING,
        },
    )
    assert response.status_code == 302
    page = html(client.get(url("lms_villages:history", village.pk)))
    assert "一类（创先进） → 二类（促提升）" in page
    assert "村分类" in page
    assert "管理员" in page  # who made the change
    assert re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", strip_tags(page))
    # Newest first: the change comes before the creation.
    assert page.index("二类（促提升）") < page.index("建立记录")


def test_cadre_history_masks_numbers(
    client, administrator, township_supervisor, cadre_id
):
    client.force_login(administrator)
    old_id, old_mobile = cadre_id.id_number, cadre_id.mobile
    client.post(
        url("lms_cadres:edit", cadre_id.pk),
        cadre_form(cadre_id, mobile="13800001234", position=Position.DEPUTY_DIRECTOR),
    )
    client.force_login(township_supervisor)
    page = html(client.get(url("lms_cadres:history", cadre_id.pk)))
    assert f"{mask_mobile(old_mobile)} → 138****1234" in page
    assert "两委委员 → 村委会副主任" in page
    assert "管理员" in page
    for whole in (old_id, old_mobile, "13800001234"):
        assert whole not in page


def count_queries(client, target):
    client.get(target)  # warm caches (content types, site)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(target)
    assert response.status_code == 200
    return len(queries)


def test_history_query_count_does_not_grow(client, administrator, cadre, village):
    client.force_login(administrator)
    target = url("lms_cadres:history", cadre.pk)
    other = ensure_village(ensure_township("新镇"), "新村")
    for n in range(2):
        cadre.name = f"乌力吉{n}"
        cadre.village = other if n % 2 else village
        cadre.save()
    few = count_queries(client, target)
    for n in range(25):
        cadre.name = f"乌力吉{n}"
        cadre.village = other if n % 2 else village
        cadre.save()
    assert count_queries(client, target) == few
    # 28 records, 20 a page: the last row of page 1 is compared with the first
    # record of page 2, and page 2 ends with the creation.
    assert "乌力吉4 → 乌力吉5" in strip_tags(html(client.get(target)))
    assert "建立记录" in html(client.get(target + "?p=2"))


# --- Query count of the cadre list -------------------------------------------------


def add_cadres(count, start):
    for n in range(count):
        township = ensure_township(f"测试镇{n % 3}")
        village = ensure_village(township, f"测试村{n % 5}")
        make_cadre(village=village, name=f"学员{start + n}", serial=start + n)


@pytest.mark.parametrize("who", ["administrator", "township_supervisor"])
def test_cadre_list_query_count_does_not_grow(client, request, who, cadre):
    client.force_login(request.getfixturevalue(who))
    target = url("lms_cadres:index")
    add_cadres(3, start=100)
    few = count_queries(client, target)
    add_cadres(20, start=200)
    assert count_queries(client, target) == few


def test_village_list_query_count_does_not_grow(client, administrator, village):
    client.force_login(administrator)
    target = url("lms_villages:index")
    add_cadres(3, start=100)
    few = count_queries(client, target)
    add_cadres(20, start=200)
    assert count_queries(client, target) == few


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

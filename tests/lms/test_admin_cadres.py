"""Admin screens for cadres: personal data (PIPL), editing and deleting,
history and the lists' query counts."""

import csv
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
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

from .admin_pages import html, url


@pytest.fixture
def cadre_id(cadre):
    """The fixture cadre with an ID number (men have an odd 17th digit)."""
    cadre.id_number = make_id_number(1, birth="19790315", sex=Sex.MALE)
    cadre.save()
    return cadre


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

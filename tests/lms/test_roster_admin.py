"""Roster import (名册导入) in the admin: upload → preview → confirm (once),
the template, and who is refused."""

import io

import openpyxl
import pytest
from django.urls import reverse

from lms.demo import make_cadre
from lms.models import Cadre, PendingImport, Position, Village
from lms.personal_data import mask_id_number, mask_mobile
from lms.roster import COLUMNS, RosterInvalid, plan_roster
from lms.services import roster_import
from tests.lms.roster_factories import good_rows, written
from tests.lms.roster_files import roster_csv, roster_xlsx

pytestmark = pytest.mark.usefixtures("media_root")


# --- the admin: upload → preview → confirm ---------------------------------


def upload_file(client, rows=None, *, data=None, name="名册.xlsx", create_places=False):
    data = data if data is not None else roster_xlsx(rows)
    file = io.BytesIO(data)
    file.name = name
    payload = {"file": file}
    if create_places:
        payload["create_places"] = "on"
    return client.post(reverse("roster:upload"), payload)


def test_administrator_uploads_previews_and_confirms(client, banner, administrator):
    client.force_login(administrator)
    page = client.get(reverse("roster:upload"))
    assert page.status_code == 200
    content = page.content.decode()
    assert "导入学员名册" in content and reverse("roster:template") in content

    existing = make_cadre(village=banner[0], name="旧名", serial=801)
    rows = good_rows(3)
    rows[0]["手机号"] = existing.mobile
    rows[1]["村分类"] = rows[0]["村分类"] = rows[2]["村分类"] = "二类"
    response = upload_file(client, rows)
    roster = PendingImport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("roster:preview", args=[roster.pk])
    assert roster.status == PendingImport.Status.PREVIEWED
    assert roster.uploaded_by == administrator
    assert roster.file.storage.exists(roster.file.name)
    assert Cadre.objects.count() == 1  # nothing imported yet

    preview = client.get(response.url)
    content = preview.content.decode()
    assert "新增 2 人，更新 1 人，未变 0 人" in content
    assert "姓名：旧名 → 学员1" in content
    assert "一类（创先进）" in content and "二类（促提升）" in content
    assert "确认导入" in content
    assert "w-overflow-x-auto" in content
    for row in rows:
        assert row["身份证号"] not in content
        assert row["手机号"] not in content
    assert mask_mobile(rows[1]["手机号"]) in content
    assert mask_id_number(rows[1]["身份证号"]) in content

    response = client.post(reverse("roster:confirm", args=[roster.pk]), follow=True)
    content = response.content.decode()
    assert "名册导入完成" in content
    assert "已导入" in content
    roster.refresh_from_db()
    assert roster.status == PendingImport.Status.IMPORTED
    assert roster.summary["created"] == 2 and roster.summary["updated"] == 1
    assert Cadre.objects.count() == 3
    assert Cadre.history.filter(history_user=administrator).count() == 3
    assert Village.objects.get(pk=banner[0].pk).village_class == 2


def test_confirming_twice_imports_once(client, banner, administrator):
    client.force_login(administrator)
    upload_file(client, good_rows(3))
    roster = PendingImport.objects.get()
    url = reverse("roster:confirm", args=[roster.pk])
    client.post(url)
    before = written()
    response = client.post(url, follow=True)
    assert "不能再次确认" in response.content.decode()
    assert "该文件已经导入" in response.content.decode()
    assert written() == before
    assert Cadre.objects.count() == 3
    roster.refresh_from_db()
    assert roster.status == PendingImport.Status.IMPORTED


def test_a_rejected_file_shows_its_errors_and_cannot_be_confirmed(
    client, banner, administrator
):
    client.force_login(administrator)
    rows = good_rows(3)
    rows[1]["嘎查村"] = "月亮村"
    number = rows[2]["身份证号"]
    rows[2]["身份证号"] = number[:17] + ("1" if number[17] != "1" else "2")
    response = upload_file(client, rows, name="有错的名册.xlsx")
    roster = PendingImport.objects.get()
    assert roster.status == PendingImport.Status.REJECTED
    page = client.get(response.url)
    content = page.content.decode()
    assert "名册有 2 处错误，未导入任何数据" in content
    assert "第 3 行" in content and "月亮村" in content
    assert "确认导入" not in content
    assert rows[2]["身份证号"] not in content

    response = client.post(reverse("roster:confirm", args=[roster.pk]), follow=True)
    assert "不能再次确认" in response.content.decode()
    assert Cadre.objects.count() == 0
    roster.refresh_from_db()
    assert roster.status == PendingImport.Status.REJECTED


def test_confirm_checks_the_file_again(client, banner, administrator):
    client.force_login(administrator)
    upload_file(client, good_rows(2))
    roster = PendingImport.objects.get()
    banner[0].name = "改名村"
    banner[0].save()
    response = client.post(reverse("roster:confirm", args=[roster.pk]), follow=True)
    content = response.content.decode()
    assert "未导入任何数据" in content and "东明村" in content
    roster.refresh_from_db()
    assert roster.status == PendingImport.Status.REJECTED
    assert Cadre.objects.count() == 0


def test_upload_form_refuses_other_file_types(client, banner, administrator):
    client.force_login(administrator)
    response = upload_file(client, data=b"\xd0\xcf\x11\xe0", name="old.xls")
    assert response.status_code == 200
    assert "另存为 .xlsx" in response.content.decode()
    assert not PendingImport.objects.exists()


def test_create_places_checkbox(client, db, administrator):
    client.force_login(administrator)
    upload_file(client, good_rows(2), create_places=True)
    roster = PendingImport.objects.get()
    assert roster.options["create_places"]
    preview = client.get(reverse("roster:preview", args=[roster.pk])).content.decode()
    assert "新建嘎查村" in preview and "东明镇" in preview
    client.post(reverse("roster:confirm", args=[roster.pk]))
    assert Village.objects.get().name == "东明村"


def download_template(client, administrator):
    client.force_login(administrator)
    response = client.get(reverse("roster:template"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    return response.content


def test_the_template_imported_unchanged_imports_no_one(client, banner, administrator):
    data = download_template(client, administrator)
    before = written()
    with pytest.raises(RosterInvalid) as caught:
        roster_import(data=data, filename="学员名册模板.xlsx", user=administrator)
    (error,) = caught.value.plan.errors
    assert error.row is None and "没有学员数据" in error.message
    assert written() == before


def test_the_template_sheet_is_a_header_ready_for_excel(client, banner, administrator):
    data = download_template(client, administrator)
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["学员名册", "填写说明", "苏木乡镇和嘎查村"]
    sheet = workbook["学员名册"]
    assert [cell.value for cell in sheet[1]] == ["序号", *COLUMNS, "备注"]
    assert sheet.max_row == 1
    letters = {cell.value: cell.column_letter for cell in sheet[1]}
    # Text cells, so that Excel keeps all 18 digits of an ID number.
    for column in ("手机号", "身份证号"):
        assert sheet.column_dimensions[letters[column]].number_format == "@"
    drop_downs = {
        str(validation.sqref): validation.formula1
        for validation in sheet.data_validations.dataValidation
    }
    last = 5001
    assert drop_downs[f"{letters['性别']}2:{letters['性别']}{last}"] == '"男,女"'
    assert drop_downs[f"{letters['村分类']}2:{letters['村分类']}{last}"] == (
        '"一类,二类,三类"'
    )
    positions = drop_downs[f"{letters['职务']}2:{letters['职务']}{last}"]
    assert positions.strip('"').split(",") == [str(p) for p in Position.labels]


def test_the_template_explains_itself_with_an_example_that_imports(
    client, banner, administrator
):
    data = download_template(client, administrator)
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    rows = [list(row) for row in workbook["填写说明"].iter_rows(values_only=True)]
    lines = [[value for value in row if value is not None] for row in rows]
    text = "\n".join("\t".join(map(str, line)) for line in lines)
    for expected in ("姓名\t必填", "民族\t选填", "1975年3月2日", "嘎查达", "一肩挑"):
        assert expected in text
    example = rows[lines.index(list(COLUMNS)) + 1][: len(COLUMNS)]
    plan = plan_roster(
        data=roster_csv([dict(zip(COLUMNS, example, strict=True))]),
        filename="名册.csv",
    )
    assert plan.ok, [str(e) for e in plan.errors]
    assert len(plan.creates) == 1
    places = [
        list(row) for row in workbook["苏木乡镇和嘎查村"].iter_rows(values_only=True)
    ]
    assert ["八仙筒镇", "八仙筒村", "三类"] in places


@pytest.mark.parametrize(
    "role_user", ["banner_supervisor", "township_supervisor", "trainer"]
)
def test_supervisors_and_trainers_are_refused(client, banner, request, role_user):
    user = request.getfixturevalue(role_user)
    client.force_login(user)
    roster = PendingImport.objects.create(
        kind="roster", original_name="x.xlsx", file="x.xlsx"
    )
    for method, name, args in [
        ("get", "roster:upload", []),
        ("get", "roster:template", []),
        ("get", "roster:preview", [roster.pk]),
        ("post", "roster:confirm", [roster.pk]),
    ]:
        response = getattr(client, method)(reverse(name, args=args))
        assert response.status_code == 403, name
        assert "只有管理员可以导入学员名册" in response.content.decode()
    response = upload_file(client, good_rows(1))
    assert response.status_code == 403
    assert PendingImport.objects.count() == 1
    roster.refresh_from_db()
    assert roster.status == PendingImport.Status.PREVIEWED


def test_cadres_and_visitors_never_reach_the_roster_pages(client, banner, cadre):
    """They have no access to the Wagtail admin at all: Wagtail sends them to the
    admin login before any roster view runs."""
    for user in (None, cadre.user):
        if user:
            client.force_login(user)
        response = upload_file(client, good_rows(1))
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert reverse("wagtailadmin_login") in response.url
        assert client.get(reverse("roster:template")).status_code in (302, 403)
    assert not PendingImport.objects.exists()
    assert Cadre.objects.count() == 1

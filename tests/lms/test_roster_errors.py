"""Roster import (名册导入): every bad cell, row, header or file is reported by
row, column and reason, and nothing is imported."""

import io

import openpyxl
import pytest

from lms.demo import ensure_village, make_cadre, make_id_number
from lms.models import Cadre, VillageClass
from lms.personal_data import mask_id_number
from lms.roster import RosterInvalid, plan_roster
from lms.services import roster_import
from tests.lms.roster_factories import assert_rejected, good_rows, import_rows, written
from tests.lms.roster_files import HEADER, person, roster_csv, roster_xlsx

pytestmark = pytest.mark.usefixtures("media_root")


# --- bad input: one test per kind, each names row, column and reason ----------------


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("姓名", "　 ", "姓名未填写"),
        ("性别", "未知", "无法识别的性别“未知”"),
        ("职务", "村长助理", "无法识别的职务“村长助理”"),
        ("民族", "火星族", "无法识别的民族"),
        ("手机号", "1380000123", "手机号应为以1开头的11位数字"),
        ("手机号", "", "手机号未填写"),
        ("出生日期", "1975.02.30", "出生日期“1975.02.30”不存在"),
        ("出生日期", "1975年13月2日", "不存在"),
        ("出生日期", "去年", "无法识别的出生日期"),
        ("出生日期", "1890", "出生年份应在 1920 年至 2020 年之间"),
        ("村分类", "四类", "无法识别的村分类“四类”"),
    ],
)
def test_a_bad_cell_is_reported_and_nothing_is_imported(banner, column, value, reason):
    rows = good_rows(3)
    rows[1][column] = value
    if column == "出生日期":
        rows[1]["身份证号"] = ""  # the date alone is checked
    assert_rejected(rows, row=3, column=column, reason=reason)


GOOD_ID = make_id_number(5, birth="19800101")
WRONG_CHECK_DIGIT = GOOD_ID[:17] + ("1" if GOOD_ID[17] != "1" else "2")


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("15052519800101001", "身份证号应为18位"),
        ("15052519800101001Y", "身份证号应为18位"),
        ("990525198001010010", "身份证号的地区码无效"),
        ("150525198013010010", "身份证号中的出生日期无效"),
        (WRONG_CHECK_DIGIT, "身份证号校验位不正确"),
    ],
)
def test_an_invalid_id_number_is_reported(banner, number, reason):
    rows = good_rows(3)
    rows[2]["身份证号"] = number
    error = assert_rejected(rows, row=4, column="身份证号", reason=reason)
    assert number not in str(error)


def test_an_id_number_excel_stored_as_a_number_is_explained(banner):
    rows = good_rows(2)
    rows[1]["身份证号"] = 1.50525198001011e17
    data = roster_xlsx(rows)
    assert_rejected(data, row=3, column="身份证号", reason="文本格式")


def test_a_date_of_birth_the_id_number_contradicts_names_both(banner):
    rows = good_rows(2)
    rows[1]["出生日期"] = "1979.12.31"
    error = assert_rejected(rows, row=3, column="出生日期", reason="不一致")
    whole = rows[1]["身份证号"]
    assert mask_id_number(whole) in error.message
    assert "1979-12-31" in error.message
    assert whole not in str(error)


def test_a_year_the_id_number_contradicts_is_an_error(banner):
    rows = good_rows(2)
    rows[1]["出生日期"] = "1950"
    assert_rejected(rows, row=3, column="出生日期", reason="不一致")


def test_a_sex_the_id_number_contradicts_names_both(banner):
    rows = good_rows(2)
    rows[0]["性别"] = "女" if rows[0]["性别"] == "男" else "男"
    error = assert_rejected(rows, row=2, column="性别", reason="第17位")
    assert mask_id_number(rows[0]["身份证号"]) in error.message


def test_an_unknown_township_is_reported(banner):
    rows = good_rows(2)
    rows[1]["苏木乡镇"] = "火星镇"
    assert_rejected(rows, row=3, column="苏木乡镇", reason="不在本旗苏木乡镇列表中")


def test_an_unknown_village_is_reported(banner):
    rows = good_rows(2)
    rows[1]["嘎查村"] = "月亮村"
    assert_rejected(
        rows,
        row=3,
        column="嘎查村",
        reason="嘎查村“月亮村”不在苏木乡镇“东明镇”的嘎查村列表中",
    )


def test_a_village_of_another_township_says_where_it_is(banner):
    rows = good_rows(2)
    rows[1]["嘎查村"] = "八仙筒村"  # a village of 八仙筒镇, not of 东明镇
    rows[1]["村分类"] = ""
    error = assert_rejected(
        rows, row=3, column="嘎查村", reason="不在苏木乡镇“东明镇”的嘎查村列表中"
    )
    assert "八仙筒镇" in error.message


def test_villages_of_the_same_name_in_two_townships_are_told_apart(banner):
    ensure_village(banner[1].township, "东明村", village_class=VillageClass.IMPROVING)
    rows = [
        person(1),
        person(2, 苏木乡镇="八仙筒镇", 嘎查村="东明村", 村分类="二类"),
    ]
    import_rows(rows)
    assert Cadre.objects.get(mobile=rows[1]["手机号"]).village.township.name == (
        "八仙筒镇"
    )
    assert Cadre.objects.get(mobile=rows[0]["手机号"]).village == banner[0]


def test_one_village_given_two_classes_is_reported(banner):
    rows = good_rows(3)
    rows[2]["村分类"] = "二类"
    assert_rejected(rows, row=4, column="村分类", reason="第 2 行填为一类")


def test_the_same_id_number_twice_is_reported(banner):
    rows = good_rows(3)
    rows[2]["身份证号"] = rows[0]["身份证号"]
    rows[2]["性别"] = rows[0]["性别"]
    rows[2]["出生日期"] = rows[0]["出生日期"]
    assert_rejected(rows, row=4, column="身份证号", reason="与第 2 行重复")


def test_the_same_mobile_twice_is_reported(banner):
    rows = good_rows(3)
    rows[2]["手机号"] = "138-" + rows[1]["手机号"][3:]  # the same number, typed apart
    assert_rejected(rows, row=4, column="手机号", reason="与第 3 行重复")


def test_an_id_number_of_one_cadre_and_a_mobile_of_another_is_reported(banner):
    first = make_cadre(village=banner[0], name="甲", serial=501)
    second = make_cadre(village=banner[0], name="乙", serial=502)
    first.id_number = person(1)["身份证号"]
    first.save()
    rows = good_rows(2)
    rows[0]["手机号"] = second.mobile
    error = assert_rejected(rows, row=2, column="身份证号", reason="另一名已有学员")
    assert "甲" in error.message and "乙" in error.message


def test_a_mobile_of_a_cadre_with_another_id_number_is_reported(banner):
    existing = make_cadre(village=banner[0], name="甲", serial=501)
    existing.id_number = person(9)["身份证号"]
    existing.save()
    rows = good_rows(2)
    rows[1]["手机号"] = existing.mobile
    assert_rejected(rows, row=3, column="身份证号", reason="登记的身份证号")


def test_a_mobile_used_by_a_staff_login_is_reported(banner, trainer):
    trainer.username = "13800000001"
    trainer.save()
    assert_rejected([person(1)], row=2, column="手机号", reason="其他登录账号")


@pytest.mark.parametrize(
    ("data", "filename", "reason"),
    [
        (b"", "empty.csv", "文件为空"),
        (b" \r\n \r\n", "blank.csv", "文件为空"),
        (b"PK\x03\x04 this is not a zip", "broken.xlsx", "无法读取文件"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "photo.csv", "无法读取文件"),
        (b"not a workbook", "roster.xlsx", "无法读取文件"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "old.xls", "另存为 .xlsx"),
        (b"%PDF-1.4", "roster.pdf", "不支持的文件类型"),
    ],
)
def test_an_empty_or_unreadable_file_is_reported(banner, data, filename, reason):
    before = written()
    with pytest.raises(RosterInvalid) as caught:
        roster_import(data=data, filename=filename, user=None)
    (error,) = caught.value.plan.errors
    assert error.row is None and reason in error.message
    assert str(error).startswith("文件")
    assert written() == before


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_file_of_too_many_rows_is_refused_whole(banner, monkeypatch, fmt):
    monkeypatch.setattr("lms.imports.reading.MAX_ROWS", 2)
    data = roster_xlsx(good_rows(3)) if fmt == "xlsx" else roster_csv(good_rows(3))
    plan = plan_roster(data=data, filename=f"名册.{fmt}")
    (error,) = plan.errors
    assert error.row is None and "最多 2 名学员" in error.message
    assert plan_roster(data=roster_csv(good_rows(2)), filename="名册.csv").ok


def test_an_empty_workbook_and_a_header_alone_are_reported(banner):
    workbook = openpyxl.Workbook()
    out = io.BytesIO()
    workbook.save(out)
    for data, filename, reason in (
        (out.getvalue(), "名册.xlsx", "文件为空"),
        (roster_csv([]), "名册.csv", "没有学员数据"),
        (roster_xlsx([]), "名册.xlsx", "没有学员数据"),
    ):
        plan = plan_roster(data=data, filename=filename)
        (error,) = plan.errors
        assert error.row is None and reason in error.message


def test_a_missing_required_column_is_reported(banner):
    header = [c for c in HEADER if c != "手机号"]
    data = roster_csv(good_rows(2), header=header)
    assert_rejected(data, row=1, column="手机号", reason="缺少必填列")


def test_an_unknown_column_is_reported_but_serial_and_remarks_are_ignored(banner):
    data = roster_csv(good_rows(2), header=[*HEADER, "籍贯"])
    assert_rejected(data, row=1, column="籍贯", reason="未知的列")
    rows = [dict(r, 序号=i, 备注="无") for i, r in enumerate(good_rows(2), 1)]
    plan = import_rows_with_header(rows, ["序号", *HEADER, "备注"])
    assert len(plan.creates) == 2


def test_a_column_given_twice_is_reported(banner):
    data = roster_csv(good_rows(1), header=[*HEADER, "手机号码"])
    assert_rejected(data, row=1, column="手机号码", reason="列名重复")


def import_rows_with_header(rows, header):
    data = roster_csv(rows, header=header)
    return roster_import(data=data, filename="名册.csv", user=None)


def test_a_new_village_without_a_class_is_reported(banner):
    rows = good_rows(2)
    rows[1].update(苏木乡镇="新镇", 嘎查村="新村", 村分类="")
    assert_rejected(
        rows, row=3, column="村分类", reason="新建时须填写村分类", create_places=True
    )


def test_errors_are_listed_by_row_and_column(banner):
    rows = good_rows(4)
    rows[3]["手机号"] = "12"
    rows[1]["职务"] = "?"
    rows[1]["姓名"] = ""
    plan = plan_roster(data=roster_csv(rows), filename="名册.csv")
    assert [(e.row, e.column) for e in plan.errors] == [
        (3, "姓名"),
        (3, "职务"),
        (5, "手机号"),
    ]
    assert str(plan.errors[0]) == "第 3 行 [姓名]: 姓名未填写"


def test_one_bad_row_among_many_good_ones_writes_nothing(banner, administrator):
    """All or nothing, even when places would be created and classes changed."""
    rows = good_rows(30)
    for row in rows[:10]:
        row.update(苏木乡镇="新镇", 嘎查村="新村", 村分类="二类")
    for row in rows[10:]:
        row["村分类"] = "三类"  # 东明村 was 一类
    rows[-1]["手机号"] = "1234"
    before = written()
    with pytest.raises(RosterInvalid) as caught:
        import_rows(rows, create_places=True, user=administrator)
    assert [(e.row, e.column) for e in caught.value.plan.errors] == [(31, "手机号")]
    assert written() == before


def test_a_failure_while_writing_rolls_everything_back(
    banner, administrator, monkeypatch
):
    rows = good_rows(5)
    rows[0].update(苏木乡镇="新镇", 嘎查村="新村", 村分类="二类")
    for row in rows[1:]:
        row["村分类"] = "三类"

    monkeypatch.setattr("lms.services.bulk_create_with_history", fail_after_places())
    before = written()
    with pytest.raises(RuntimeError):
        import_rows(rows, create_places=True, user=administrator)
    assert written() == before


def fail_after_places():
    """bulk_create_with_history that creates villages, then fails on cadres."""
    from simple_history.utils import bulk_create_with_history

    def create(objs, model, **kwargs):
        if model is Cadre:
            raise RuntimeError("disk full")
        return bulk_create_with_history(objs, model, **kwargs)

    return create

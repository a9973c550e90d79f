"""Roster import (名册导入): reading, cleaning, checking, importing all or nothing,
the import_roster command and the admin upload → preview → confirm flow."""

import datetime
import io

import openpyxl
import pytest
from django.core.management import CommandError, ManagementUtility, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lms.demo import ensure_village, make_cadre, make_id_number, make_mobile
from lms.models import (
    Cadre,
    Position,
    Role,
    RosterImport,
    Sex,
    Township,
    User,
    Village,
    VillageClass,
)
from lms.personal_data import mask_id_number, mask_mobile
from lms.roster import (
    COLUMNS,
    RosterError,
    RosterInvalid,
    plan_roster,
    summary_lines,
)
from lms.services import roster_import
from tests.lms.roster_files import (
    DEFAULTS,
    HEADER,
    generated_rows,
    make_generated_roster,
    person,
    roster_csv,
    roster_xlsx,
)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def banner(village, other_village):
    """东明镇 东明村 (一类) and 八仙筒镇 八仙筒村 (三类)."""
    return village, other_village


def written():
    """Everything an import may write, to show that nothing was."""
    return {
        "cadres": Cadre.objects.count(),
        "cadre_history": Cadre.history.count(),
        "users": User.objects.count(),
        "townships": Township.objects.count(),
        "villages": Village.objects.count(),
        "village_history": Village.history.count(),
        "classes": list(Village.objects.values_list("village_class", flat=True)),
    }


def import_rows(rows, *, user=None, create_places=False, fmt="csv"):
    data = roster_xlsx(rows) if fmt == "xlsx" else roster_csv(rows)
    return roster_import(
        data=data, filename=f"名册.{fmt}", create_places=create_places, user=user
    )


def assert_rejected(rows_or_data, *, row, column, reason, create_places=False):
    """Importing fails with an error naming row, column and reason; nothing is
    written. Returns the error."""
    before = written()
    data = rows_or_data if isinstance(rows_or_data, bytes) else roster_csv(rows_or_data)
    with pytest.raises(RosterInvalid) as caught:
        roster_import(
            data=data, filename="名册.csv", create_places=create_places, user=None
        )
    assert written() == before
    errors = caught.value.plan.errors
    matching = [
        e for e in errors if e.row == row and e.column == column and reason in e.message
    ]
    assert matching, [str(e) for e in errors]
    return matching[0]


def good_rows(n=3, start=1):
    return [person(serial) for serial in range(start, start + n)]


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
    monkeypatch.setattr("lms.roster.reading.MAX_ROWS", 2)
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


# --- cleaning the way people type ----------------------------------------------------


def planned_row(**values):
    rows = [dict(DEFAULTS, **values)]
    plan = plan_roster(data=roster_xlsx(rows), filename="名册.xlsx")
    assert plan.ok, [str(e) for e in plan.errors]
    return plan.rows[0]


def test_stray_half_and_full_width_spaces_are_removed(banner):
    row = planned_row(
        姓名=" 巴　特 尔\u00a0",
        性别="男 ",
        职务="　党支部书记",
        苏木乡镇=" 东明镇",
        嘎查村="东明村　",
    )
    assert (row.name, row.sex, row.position) == ("巴特尔", Sex.MALE, "party_secretary")
    assert row.place == ("东明镇", "东明村")


@pytest.mark.parametrize(
    "typed",
    [
        "138 0000 1234",
        "138-0000-1234",
        "13800001234",
        "+86 138 0000 1234",
        "１３８００００１２３４",
        13800001234,
        13800001234.0,
    ],
)
def test_mobiles_typed_in_groups_are_cleaned(banner, typed):
    assert planned_row(手机号=typed).mobile == "13800001234"


def test_a_lowercase_x_in_an_id_number_is_accepted(banner):
    number = next(
        make_id_number(serial, birth="19800101")
        for serial in range(1, 1000)
        if make_id_number(serial, birth="19800101").endswith("X")
    )
    row = planned_row(
        身份证号=f" {number.lower()} ", 性别="男" if int(number[16]) % 2 else "女"
    )
    assert row.id_number == number


@pytest.mark.parametrize(
    "typed",
    [
        "1975.03.02",
        "1975年3月2日",
        "1975-3-2",
        "1975/03/02",
        "19750302",
        "1975-03-02 00:00:00",
        datetime.datetime(1975, 3, 2),
        datetime.date(1975, 3, 2),
    ],
)
def test_dates_of_birth_are_read_as_typed(banner, typed):
    row = planned_row(出生日期=typed, 身份证号="")
    assert (row.birth_year, row.birth_date) == (1975, datetime.date(1975, 3, 2))


@pytest.mark.parametrize("typed", ["1975", 1975, "1975年", "1975.03", "1975年3月"])
def test_a_year_alone_gives_the_birth_year_only(banner, typed):
    row = planned_row(出生日期=typed, 身份证号="")
    assert (row.birth_year, row.birth_date) == (1975, None)


def test_the_id_number_gives_the_date_of_birth_when_none_is_typed(banner):
    row = planned_row(出生日期="")
    assert row.birth_date == datetime.date(1980, 1, 1)
    row = planned_row(出生日期="1980")
    assert row.birth_date == datetime.date(1980, 1, 1)


@pytest.mark.parametrize(
    ("typed", "position"),
    [
        ("党支部书记", Position.PARTY_SECRETARY),
        ("支部书记", Position.PARTY_SECRETARY),
        ("村党支部书记", Position.PARTY_SECRETARY),
        ("党总支书记", Position.PARTY_SECRETARY),
        ("村主任", Position.COMMITTEE_DIRECTOR),
        ("村委主任", Position.COMMITTEE_DIRECTOR),
        ("嘎查达", Position.COMMITTEE_DIRECTOR),
        ("村委会主任", Position.COMMITTEE_DIRECTOR),
        ("党支部书记兼村委会主任", Position.SECRETARY_AND_DIRECTOR),
        ("一肩挑", Position.SECRETARY_AND_DIRECTOR),
        ("书记、主任", Position.SECRETARY_AND_DIRECTOR),
        ("书记，主任", Position.SECRETARY_AND_DIRECTOR),
        ("书记/主任", Position.SECRETARY_AND_DIRECTOR),
        ("书记兼主任", Position.SECRETARY_AND_DIRECTOR),
        ("党支部副书记", Position.DEPUTY_SECRETARY),
        ("村委会副主任", Position.DEPUTY_DIRECTOR),
        ("党支部委员", Position.COMMITTEE_MEMBER),
        ("村委会委员", Position.COMMITTEE_MEMBER),
        ("两委成员", Position.COMMITTEE_MEMBER),
        ("支委", Position.COMMITTEE_MEMBER),
        ("两委委员", Position.COMMITTEE_MEMBER),
        ("监委会主任", Position.SUPERVISION_DIRECTOR),
        ("村监委主任", Position.SUPERVISION_DIRECTOR),
        ("村务监督委员会主任", Position.SUPERVISION_DIRECTOR),
    ],
)
def test_positions_are_read_from_the_usual_aliases(banner, typed, position):
    assert planned_row(职务=typed).position == position


@pytest.mark.parametrize(("typed", "sex"), [("男性", Sex.MALE), ("女性", Sex.FEMALE)])
def test_sex_may_be_written_in_full(banner, typed, sex):
    row = planned_row(性别=typed, 身份证号="")
    assert row.sex == sex


@pytest.mark.parametrize(
    ("typed", "ethnicity"),
    [
        ("汉", "汉族"),
        ("汉族", "汉族"),
        ("蒙", "蒙古族"),
        ("蒙古", "蒙古族"),
        ("蒙古族", "蒙古族"),
        ("满", "满族"),
        ("达斡尔族", "达斡尔族"),
    ],
)
def test_ethnicities_are_normalised(banner, typed, ethnicity):
    assert planned_row(民族=typed).ethnicity == ethnicity


@pytest.mark.parametrize(
    ("typed", "village_class"),
    [
        ("一类", 1),
        ("二类", 2),
        ("三类", 3),
        ("1", 1),
        (2, 2),
        (3.0, 3),
        ("一类村", 1),
        ("创先进", 1),
        ("促提升", 2),
        ("抓调整", 3),
        ("二类（促提升）", 2),
    ],
)
def test_village_classes_are_read_as_typed(banner, typed, village_class):
    assert planned_row(村分类=typed).village_class == village_class


def test_common_header_variants_are_understood(banner):
    header = [
        {"手机号": "手机号码", "身份证号": "身份证号码", "姓名": "*姓名"}.get(c, c)
        for c in HEADER
    ]
    header = [c.replace("嘎查村", "嘎查（村）") for c in header]
    rows = [person(1)]
    renamed = [
        {new: row[old] for old, new in zip(HEADER, header, strict=True)} for row in rows
    ]
    plan = plan_roster(data=roster_csv(renamed, header=header), filename="名册.csv")
    assert plan.ok, [str(e) for e in plan.errors]
    assert plan.rows[0].mobile == rows[0]["手机号"]


def test_empty_rows_are_skipped_and_row_numbers_stay_as_in_the_sheet(banner):
    rows = [person(1), {}, {"序号": 3}, person(2)]
    rows[3]["手机号"] = "bad"
    data = roster_csv(rows, header=["序号", *HEADER])
    plan = plan_roster(data=data, filename="名册.csv")
    assert [r.row for r in plan.rows] == [2, 5]
    assert [(e.row, e.column) for e in plan.errors] == [(5, "手机号")]


# --- formats ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encode", "filename"),
    [
        (lambda rows: roster_csv(rows, encoding="utf-8-sig"), "名册.csv"),
        (lambda rows: roster_csv(rows, encoding="utf-8"), "名册.csv"),
        (lambda rows: roster_csv(rows, encoding="gbk"), "名册.csv"),
        (lambda rows: roster_csv(rows, encoding="gb18030"), "名册.CSV"),
        (roster_xlsx, "名册.xlsx"),
    ],
    ids=["utf8-bom", "utf8", "gbk", "gb18030", "xlsx"],
)
def test_csv_in_utf8_or_gbk_and_xlsx_all_import(
    banner, administrator, encode, filename
):
    rows = good_rows(3)
    rows[0]["姓名"] = "额尔敦·巴特尔"
    plan = roster_import(data=encode(rows), filename=filename, user=administrator)
    assert len(plan.creates) == 3
    cadre = Cadre.objects.get(mobile=rows[0]["手机号"])
    assert cadre.name == "额尔敦·巴特尔"
    assert cadre.ethnicity == "蒙古族"
    assert cadre.village == banner[0]


def test_a_tab_separated_text_file_imports(banner):
    text = "\n".join(
        "\t".join(str(v) for v in values)
        for values in [HEADER, *[[r[c] for c in HEADER] for r in good_rows(2)]]
    )
    plan = roster_import(data=text.encode("utf-16"), filename="名册.txt", user=None)
    assert len(plan.creates) == 2


# --- importing ---------------------------------------------------------------------


def test_a_correct_file_imports_with_login_accounts(banner, administrator):
    rows = good_rows(3)
    rows[2]["职务"] = "一肩挑"
    plan = import_rows(rows, user=administrator)
    assert (len(plan.creates), len(plan.updates), plan.unchanged) == (3, 0, 0)
    cadre = Cadre.objects.select_related("user").get(mobile=rows[2]["手机号"])
    assert cadre.position == Position.SECRETARY_AND_DIRECTOR
    assert cadre.id_number == rows[2]["身份证号"]
    assert cadre.birth_date == datetime.date.fromisoformat(rows[2]["出生日期"])
    assert cadre.birth_year == cadre.birth_date.year
    assert cadre.user.username == cadre.mobile
    assert cadre.user.role == Role.CADRE
    assert cadre.user.name == cadre.name
    assert not cadre.user.has_usable_password()
    assert not cadre.user.is_staff and not cadre.user.is_superuser
    record = cadre.history.get()
    assert (record.history_type, record.history_user) == ("+", administrator)
    assert "名册.csv" in record.history_change_reason


def test_importing_the_same_file_again_changes_nothing(banner, administrator):
    rows = good_rows(5)
    rows[0]["出生日期"] = ""  # the ID number gives it
    rows[1]["身份证号"] = ""
    rows[1]["出生日期"] = "1971"
    import_rows(rows, user=administrator, fmt="xlsx")
    before = written()
    plan = import_rows(rows, user=administrator, fmt="xlsx")
    assert (len(plan.creates), len(plan.updates), plan.unchanged) == (0, 0, 5)
    assert not plan.village_class_changes
    assert written() == before


def test_a_changed_file_updates_only_what_changed_with_history(banner, administrator):
    rows = good_rows(4)
    import_rows(rows, user=None)
    rows[2]["职务"] = "党支部书记兼村委会主任"
    rows[2]["民族"] = "汉"
    before = Cadre.history.count()
    plan = import_rows(rows, user=administrator)
    assert (len(plan.creates), len(plan.updates), plan.unchanged) == (0, 1, 3)
    (update,) = plan.updates
    assert [(c.label, c.old, c.new) for c in update.changes] == [
        ("民族", "蒙古族", "汉族"),
        ("职务", "党支部书记", "书记兼主任"),
    ]
    assert Cadre.history.count() == before + 1
    cadre = Cadre.objects.get(mobile=rows[2]["手机号"])
    record = cadre.history.first()
    assert record.history_type == "~"
    assert record.history_user == administrator
    assert record.position == Position.SECRETARY_AND_DIRECTOR
    delta = record.diff_against(record.prev_record)
    assert {c.field for c in delta.changes} == {"position", "ethnicity"}


def test_a_changed_village_class_is_updated_with_history(banner, administrator):
    rows = good_rows(2)
    for row in rows:
        row["村分类"] = "促提升"  # 东明村 is 一类 on the list
    plan = plan_roster(data=roster_csv(rows), filename="名册.csv")
    (change,) = plan.village_class_changes
    assert (change.village, change.old, change.new) == (banner[0], 1, 2)
    assert plan.summary()["village_class_changes"] == [
        {
            "township": "东明镇",
            "village": "东明村",
            "old": "一类（创先进）",
            "new": "二类（促提升）",
        }
    ]
    import_rows(rows, user=administrator)
    village = Village.objects.get(pk=banner[0].pk)
    assert village.village_class == VillageClass.IMPROVING
    record = village.history.first()
    assert (record.history_type, record.history_user) == ("~", administrator)
    assert record.prev_record is None or record.prev_record.village_class == 1


def test_a_blank_class_leaves_the_village_as_listed(banner):
    rows = good_rows(2)
    for row in rows:
        row["村分类"] = ""
    plan = import_rows(rows)
    assert not plan.village_class_changes
    assert Village.objects.get(pk=banner[0].pk).village_class == 1


def test_cadres_are_matched_by_id_number_then_by_mobile(banner, administrator):
    by_id = make_cadre(village=banner[0], name="甲", serial=601)
    by_id.id_number = person(1)["身份证号"]
    by_id.save()
    by_mobile = make_cadre(village=banner[1], name="乙", serial=602)
    rows = good_rows(2)
    rows[1]["手机号"] = by_mobile.mobile
    rows[1]["身份证号"] = ""
    rows[1]["出生日期"] = "1990"
    plan = import_rows(rows, user=administrator)
    assert (len(plan.creates), len(plan.updates)) == (0, 2)
    by_id.refresh_from_db()
    by_id.user.refresh_from_db()
    assert (by_id.name, by_id.mobile) == (rows[0]["姓名"], rows[0]["手机号"])
    assert by_id.user.username == rows[0]["手机号"]  # the login follows the mobile
    assert by_id.user.name == rows[0]["姓名"]
    by_mobile.refresh_from_db()
    assert by_mobile.village == banner[0]
    assert by_mobile.birth_year == 1990
    changes = {c.label: (c.old, c.new) for c in plan.updates[0].changes}
    assert changes["手机号"] == (
        mask_mobile(make_mobile(601)),
        mask_mobile(rows[0]["手机号"]),
    )


def test_blank_optional_cells_keep_what_is_on_record(banner):
    rows = good_rows(1)
    import_rows(rows)
    rows[0].update(民族="", 出生日期="", 身份证号="", 村分类="")
    plan = import_rows(rows)
    assert plan.unchanged == 1
    cadre = Cadre.objects.get()
    assert cadre.ethnicity == "蒙古族" and cadre.id_number and cadre.birth_date


def test_an_inactive_cadre_on_the_roster_is_active_again(banner):
    rows = good_rows(1)
    import_rows(rows)
    cadre = Cadre.objects.get()
    cadre.is_active = False
    cadre.save()
    plan = import_rows(rows)
    assert [c.label for c in plan.updates[0].changes] == ["在职"]
    assert Cadre.objects.get().is_active


def test_an_orphan_cadre_login_is_reused(banner):
    orphan = User.objects.create(username=person(1)["手机号"], role=Role.CADRE)
    import_rows(good_rows(1))
    assert Cadre.objects.get().user == orphan
    assert User.objects.count() == 1


def test_create_places_creates_the_townships_and_villages_named(db, administrator):
    rows = good_rows(3)
    rows[2].update(苏木乡镇="八仙筒镇", 嘎查村="八仙筒村", 村分类="三类")
    with pytest.raises(RosterInvalid):
        import_rows(rows, user=administrator)
    plan = import_rows(rows, user=administrator, create_places=True)
    assert plan.new_townships == ["东明镇", "八仙筒镇"]
    assert plan.new_villages == {("东明镇", "东明村"): 1, ("八仙筒镇", "八仙筒村"): 3}
    village = Village.objects.get(name="八仙筒村")
    assert (village.township.name, village.village_class) == ("八仙筒镇", 3)
    assert village.history.get().history_user == administrator
    assert Cadre.objects.filter(village=village).count() == 1
    again = import_rows(rows, user=administrator, create_places=True)
    assert (again.new_townships, again.new_villages, again.unchanged) == ([], {}, 3)


def test_1200_rows_import(db, administrator):
    data, filename = make_generated_roster(1200)
    plan = roster_import(
        data=data, filename=filename, create_places=True, user=administrator
    )
    assert len(plan.creates) == 1200
    assert Cadre.objects.count() == 1200
    assert User.objects.filter(role=Role.CADRE).count() == 1200
    assert Cadre.history.filter(history_user=administrator).count() == 1200
    assert Township.objects.count() == 14
    plan = roster_import(
        data=data, filename=filename, create_places=True, user=administrator
    )
    assert plan.unchanged == 1200
    assert Cadre.history.count() == 1200


@pytest.mark.parametrize("change", [False, True], ids=["new", "changed"])
def test_queries_do_not_grow_with_the_rows(db, administrator, monkeypatch, change):
    """10 rows and 100 rows take the same queries. Django 5.2 caps an SQLite
    statement at 999 parameters, which would split 100 rows into extra batches;
    the cap is lifted to SQLite's real limit so the count shows per-row queries
    (PostgreSQL takes a whole batch of 500 in one statement anyway)."""
    monkeypatch.setattr(connection.features, "max_query_params", 32766)
    counts = []
    # Serials far enough apart that no two generated ID numbers coincide.
    for n, start, other in ((10, 20_000, 20_100), (100, 30_200, 30_300)):
        rows = generated_rows(n, start=start)
        import_rows(rows, create_places=True, user=administrator)
        if change:
            for row in rows:
                row["职务"] = "两委委员" if row["职务"] != "两委委员" else "支部书记"
        else:
            rows = generated_rows(n, start=other)
        with CaptureQueriesContext(connection) as queries:
            plan = import_rows(rows, user=administrator)
        assert len(plan.updates if change else plan.creates) == n
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_masked_personal_data_in_every_report(banner, administrator):
    existing = make_cadre(village=banner[0], name="甲", serial=701)
    existing.id_number = person(8)["身份证号"]
    existing.save()
    rows = good_rows(3)
    rows[1]["手机号"] = existing.mobile  # a cadre with another ID number
    rows[2]["出生日期"] = "1960.01.01"
    with pytest.raises(RosterInvalid) as caught:
        import_rows(rows, user=administrator)
    text = "\n".join(str(e) for e in caught.value.plan.errors)
    for row in rows:
        assert row["身份证号"] not in text
    assert existing.id_number not in text
    assert mask_id_number(existing.id_number) in text


def test_long_lists_of_places_are_cut_short_in_the_summary(db):
    rows = [
        person(i, 苏木乡镇="新镇", 嘎查村=f"新{i:02d}村", 村分类="一类")
        for i in range(1, 26)
    ]
    plan = plan_roster(data=roster_csv(rows), filename="名册.csv", create_places=True)
    lines = summary_lines(plan.summary())
    assert lines[0] == "新增 25 人，更新 0 人，未变 0 人"
    assert lines[1] == "新建苏木乡镇 1 个：新镇"
    assert lines[2].startswith("新建嘎查村 25 个：新镇 新01村（一类）、")
    assert lines[2].endswith("新镇 新20村（一类） 等")


def test_roster_error_reads_as_row_column_reason():
    assert str(RosterError(7, "职务", "无法识别")) == "第 7 行 [职务]: 无法识别"
    assert str(RosterError(None, "", "文件为空")) == "文件: 文件为空"
    assert list(COLUMNS)[:2] == ["姓名", "性别"]


# --- the command ---------------------------------------------------------------------


def write_file(tmp_path, rows, name="名册.xlsx"):
    path = tmp_path / name
    path.write_bytes(roster_xlsx(rows) if name.endswith("xlsx") else roster_csv(rows))
    return path


def run_command(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_roster", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_command_imports_and_prints_a_chinese_summary(banner, tmp_path, administrator):
    rows = good_rows(3)
    path = write_file(tmp_path, rows)
    out, _err = run_command(path, "--user", administrator.username)
    assert "新增 3 人，更新 0 人，未变 0 人" in out
    assert Cadre.history.filter(history_user=administrator).count() == 3
    rows[0]["职务"] = "村主任"
    rows[1]["村分类"] = "三类"
    rows[0]["村分类"] = rows[2]["村分类"] = "三类"
    path = write_file(tmp_path, rows)
    out, _err = run_command(path, "-v", "2")
    assert "新增 0 人，更新 1 人，未变 2 人" in out
    assert "村分类变更 1 个：东明镇 东明村 一类（创先进） → 三类（抓调整）" in out
    assert "第 2 行 学员1：职务 党支部书记 → 村委会主任" in out
    for row in rows:
        assert row["身份证号"] not in out and row["手机号"] not in out


def test_command_reports_errors_and_exits_non_zero(banner, tmp_path):
    rows = good_rows(3)
    rows[1]["手机号"] = "1380000"
    rows[2]["出生日期"] = "1970.01.01"
    path = write_file(tmp_path, rows, name="名册.csv")
    message, _out, err = run_command_failing(path)
    assert message == "名册有 2 处错误，未导入任何数据"
    assert "第 3 行 [手机号]: 手机号应为以1开头的11位数字" in err
    assert "第 4 行 [出生日期]: " in err
    assert rows[2]["身份证号"] not in err
    assert Cadre.objects.count() == 0

    with pytest.raises(SystemExit) as exited:
        ManagementUtility(["manage.py", "import_roster", str(path)]).execute()
    assert exited.value.code == 1


def run_command_failing(*args):
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_roster", *map(str, args), stdout=out, stderr=err)
    return str(caught.value), out.getvalue(), err.getvalue()


def test_command_create_places_and_dry_run(db, tmp_path):
    path = write_file(tmp_path, good_rows(2))
    with pytest.raises(CommandError):
        run_command(path)
    out, _err = run_command(path, "--create-places", "--dry-run")
    assert "新建苏木乡镇 1 个：东明镇" in out
    assert "新建嘎查村 1 个：东明镇 东明村（一类）" in out
    assert "试运行" in out
    assert Township.objects.count() == 0
    out, _err = run_command(path, "--create-places")
    assert "新增 2 人" in out
    assert Township.objects.get().name == "东明镇"


def test_command_refuses_a_missing_file_or_user(db, tmp_path):
    with pytest.raises(CommandError, match="无法打开文件"):
        run_command(tmp_path / "missing.xlsx")
    path = write_file(tmp_path, good_rows(1))
    with pytest.raises(CommandError, match="用户 nobody 不存在"):
        run_command(path, "--user", "nobody")


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
    roster = RosterImport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("roster:preview", args=[roster.pk])
    assert roster.status == RosterImport.Status.PREVIEWED
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
    assert roster.status == RosterImport.Status.IMPORTED
    assert roster.summary["created"] == 2 and roster.summary["updated"] == 1
    assert Cadre.objects.count() == 3
    assert Cadre.history.filter(history_user=administrator).count() == 3
    assert Village.objects.get(pk=banner[0].pk).village_class == 2


def test_confirming_twice_imports_once(client, banner, administrator):
    client.force_login(administrator)
    upload_file(client, good_rows(3))
    roster = RosterImport.objects.get()
    url = reverse("roster:confirm", args=[roster.pk])
    client.post(url)
    before = written()
    response = client.post(url, follow=True)
    assert "不能再次确认" in response.content.decode()
    assert written() == before
    assert Cadre.objects.count() == 3


def test_a_rejected_file_shows_its_errors_and_cannot_be_confirmed(
    client, banner, administrator
):
    client.force_login(administrator)
    rows = good_rows(3)
    rows[1]["嘎查村"] = "月亮村"
    number = rows[2]["身份证号"]
    rows[2]["身份证号"] = number[:17] + ("1" if number[17] != "1" else "2")
    response = upload_file(client, rows, name="有错的名册.xlsx")
    roster = RosterImport.objects.get()
    assert roster.status == RosterImport.Status.REJECTED
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
    assert roster.status == RosterImport.Status.REJECTED


def test_confirm_checks_the_file_again(client, banner, administrator):
    client.force_login(administrator)
    upload_file(client, good_rows(2))
    roster = RosterImport.objects.get()
    banner[0].name = "改名村"
    banner[0].save()
    response = client.post(reverse("roster:confirm", args=[roster.pk]), follow=True)
    content = response.content.decode()
    assert "未导入任何数据" in content and "东明村" in content
    roster.refresh_from_db()
    assert roster.status == RosterImport.Status.REJECTED
    assert Cadre.objects.count() == 0


def test_upload_form_refuses_other_file_types(client, banner, administrator):
    client.force_login(administrator)
    response = upload_file(client, data=b"\xd0\xcf\x11\xe0", name="old.xls")
    assert response.status_code == 200
    assert "另存为 .xlsx" in response.content.decode()
    assert not RosterImport.objects.exists()


def test_create_places_checkbox(client, db, administrator):
    client.force_login(administrator)
    upload_file(client, good_rows(2), create_places=True)
    roster = RosterImport.objects.get()
    assert roster.create_places
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
    roster = RosterImport.objects.create(original_name="x.xlsx", file="x.xlsx")
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
    assert RosterImport.objects.count() == 1
    roster.refresh_from_db()
    assert roster.status == RosterImport.Status.PREVIEWED


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
    assert not RosterImport.objects.exists()
    assert Cadre.objects.count() == 1

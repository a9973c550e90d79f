"""Roster import (名册导入): cells cleaned the way people type them, and the
file formats read (CSV in UTF-8 or GBK, tab-separated text, .xlsx)."""

import datetime

import pytest

from lms.demo import make_id_number
from lms.models import Cadre, Position, Sex
from lms.roster import plan_roster
from lms.services import roster_import
from tests.lms.roster_factories import good_rows
from tests.lms.roster_files import DEFAULTS, HEADER, person, roster_csv, roster_xlsx

pytestmark = pytest.mark.usefixtures("media_root")


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

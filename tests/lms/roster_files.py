"""Roster files built in memory, for the roster tests and the benchmark.

``make_generated_roster(n)`` builds a clean n-row file over generated townships and
villages (import it with ``create_places=True`` into an empty Banner).
"""

import csv
import datetime
import io

import openpyxl

from lms.demo import make_id_number, make_mobile
from lms.models import Sex
from lms.roster import COLUMNS

HEADER = list(COLUMNS)

# One valid row for the conftest Banner (东明镇 东明村 is 一类).
DEFAULTS = {
    "姓名": "巴特尔",
    "性别": "男",
    "民族": "蒙古族",
    "出生日期": "1980-01-01",
    "职务": "党支部书记",
    "苏木乡镇": "东明镇",
    "嘎查村": "东明村",
    "村分类": "一类",
    "手机号": "13800000001",
    "身份证号": make_id_number(11, birth="19800101", sex=Sex.MALE),
}


def person(serial, **values):
    """A valid row for person number ``serial`` (own mobile and ID number);
    ``values`` override columns by their Chinese header."""
    birth = datetime.date(1970, 1, 1) + datetime.timedelta(days=serial * 37)
    sex = Sex.MALE if serial % 2 else Sex.FEMALE
    row = dict(DEFAULTS)
    row.update(
        {
            "姓名": f"学员{serial}",
            "性别": "男" if sex == Sex.MALE else "女",
            "出生日期": birth.isoformat(),
            "手机号": f"1380000{serial:04d}",
            "身份证号": make_id_number(serial, birth=f"{birth:%Y%m%d}", sex=sex),
        }
    )
    row.update(values)
    return row


def as_lists(rows, header=None):
    header = list(header or HEADER)
    return header, [[row.get(column, "") for column in header] for row in rows]


def roster_csv(rows, *, header=None, encoding="utf-8-sig"):
    header, lists = as_lists(rows, header)
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(lists)
    return out.getvalue().encode(encoding)


def roster_xlsx(rows, *, header=None):
    """An .xlsx whose cells keep their Python types (dates, numbers, text)."""
    header, lists = as_lists(rows, header)
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("名册")
    sheet.append(header)
    for values in lists:
        sheet.append([None if value == "" else value for value in values])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


TOWNSHIPS = (
    "大沁他拉镇", "八仙筒镇", "青龙山镇", "新镇", "治安镇", "东明镇", "沙日浩来镇",
    "义隆永镇", "苇莲苏乡", "明仁苏木", "白音他拉苏木", "土城子乡", "固日班花苏木",
    "黄花塔拉苏木",
)  # fmt: skip
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗包白宝乌"
GIVEN_NAMES = ("巴特尔", "玉兰", "建国", "其其格", "志强", "秀英", "额尔敦", "海峰")
POSITIONS = (
    "党支部书记",
    "村委会主任",
    "党支部副书记",
    "两委委员",
    "两委委员",
    "村务监督委员会主任",
)


def generated_rows(n, *, start=10_000, villages_per_township=25):
    """n clean rows spread over TOWNSHIPS, some cells typed the way people do."""
    rows = []
    for i in range(n):
        serial = start + i
        township = TOWNSHIPS[i % len(TOWNSHIPS)]
        k = (i // len(TOWNSHIPS)) % villages_per_township
        sex = Sex.MALE if i % 3 else Sex.FEMALE
        birth = datetime.date(1965, 1, 1) + datetime.timedelta(days=(i * 37) % 14000)
        mobile = make_mobile(serial)
        if i % 4 == 1:
            mobile = f"{mobile[:3]} {mobile[3:7]} {mobile[7:]}"
        rows.append(
            {
                "姓名": SURNAMES[i % len(SURNAMES)] + GIVEN_NAMES[i % len(GIVEN_NAMES)],
                "性别": "男" if sex == Sex.MALE else "女",
                "民族": ("蒙古族", "汉族", "汉", "满族")[i % 4],
                "出生日期": (
                    f"{birth:%Y.%m.%d}"
                    if i % 2
                    else f"{birth.year}年{birth.month}月{birth.day}日"
                ),
                "职务": POSITIONS[i % len(POSITIONS)],
                "苏木乡镇": township,
                "嘎查村": f"{township[:2]}{k + 1:02d}嘎查",
                "村分类": ("一类", "二类", "三类")[k % 3],
                "手机号": mobile,
                "身份证号": make_id_number(serial, birth=f"{birth:%Y%m%d}", sex=sex),
            }
        )
    return rows


def make_generated_roster(n, *, fmt="xlsx", start=10_000):
    """(data, filename) of a clean roster of n generated cadres, for tests and the
    benchmark ``roster_import_1200_s``. Import with create_places=True."""
    rows = generated_rows(n, start=start)
    if fmt == "xlsx":
        return roster_xlsx(rows), f"roster-{n}.xlsx"
    encoding = {"csv": "utf-8-sig", "gbk": "gbk"}[fmt]
    return roster_csv(rows, encoding=encoding), f"roster-{n}.csv"

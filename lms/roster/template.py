"""The downloadable roster template (学员名册模板.xlsx).

Its first sheet, the one an import reads, holds only the header row: column widths,
drop-downs and text-formatted number columns, but no data, so the file imported
unchanged imports no one. The filling instructions with an example row, and the
Banner's townships and villages, are on the sheets after it.
"""

import io

import openpyxl
from django.utils.translation import gettext as _
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..imports import MAX_ROWS
from ..models import Position, Sex, Village, VillageClass
from ..spreadsheets import safe_row
from .aliases import POSITION_ALIASES
from .cleaning import NAME_MAX_LENGTH
from .columns import (
    BIRTH,
    COLUMNS,
    ETHNICITY,
    ID_NUMBER,
    MOBILE,
    NAME,
    POSITION,
    REMARKS,
    REQUIRED_COLUMNS,
    SERIAL,
    SEX,
    TOWNSHIP,
    VILLAGE,
    VILLAGE_CLASS,
)
from .display import short_class_label

TEMPLATE_COLUMNS = (SERIAL, *COLUMNS, REMARKS)
WIDE_COLUMNS = frozenset({POSITION, MOBILE, ID_NUMBER, REMARKS})
# Text cells: Excel would turn an 18-digit ID number typed as a number into
# 1.50525E+17 and lose its last digits, and rewrite dates in its own way.
TEXT_COLUMNS = frozenset({BIRTH, MOBILE, ID_NUMBER})
BOLD = Font(bold=True)

TEMPLATE_EXAMPLE = {
    NAME: "巴特尔",
    SEX: "男",
    ETHNICITY: "蒙古族",
    BIRTH: "1980.01.01",
    POSITION: "党支部书记",
    TOWNSHIP: "东明镇",
    VILLAGE: "东明村",
    VILLAGE_CLASS: "一类",
    MOBILE: "13800000000",
    ID_NUMBER: "",
}


def template_xlsx():
    """The roster template as the bytes of an .xlsx file."""
    places = list(Village.objects.select_related("township"))
    workbook = openpyxl.Workbook()
    _roster_sheet(workbook.active)
    _instructions_sheet(workbook.create_sheet(_("填写说明")), places)
    _places_sheet(workbook.create_sheet(_("苏木乡镇和嘎查村")), places)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _roster_sheet(sheet):
    """The header row alone; every column styled for the rows people add."""
    sheet.title = _("学员名册")
    sheet.append(TEMPLATE_COLUMNS)
    for cell in sheet[1]:
        cell.font = BOLD
    _style_columns(sheet, TEMPLATE_COLUMNS)
    choices = {
        SEX: [str(label) for label in Sex.labels],
        POSITION: [str(label) for label in Position.labels],
        VILLAGE_CLASS: [short_class_label(number) for number in VillageClass.values],
    }
    for index, column in enumerate(TEMPLATE_COLUMNS, start=1):
        letter = get_column_letter(index)
        if column in TEXT_COLUMNS:
            sheet.column_dimensions[letter].number_format = "@"
        if column in choices:
            # A drop-down to pick from; the other names the import understands
            # (listed in the instructions) may still be typed.
            validation = DataValidation(
                type="list",
                formula1='"{}"'.format(",".join(choices[column])),
                allow_blank=True,
                showErrorMessage=False,
            )
            validation.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
            sheet.add_data_validation(validation)
    sheet.freeze_panes = "A2"


def _instructions_sheet(sheet, places):
    """How to fill the roster in: the general rules, an example row, what each
    column takes, and the positions with the other names they go by. Long text
    runs on over the empty cells to its right."""

    def heading(text):
        sheet.append([])
        sheet.append([text])
        sheet.cell(row=sheet.max_row, column=1).font = BOLD

    def table_header(*titles):
        sheet.append(titles)
        for cell in sheet[sheet.max_row]:
            cell.font = BOLD

    sheet.append([_("学员名册填写说明")])
    sheet["A1"].font = Font(bold=True, size=14)
    for line in (
        _(
            "在第一张表“学员名册”中填写：第 1 行的列名不要改动，"
            "从第 2 行起每行一名学员。"
        ),
        _("“序号”“备注”两列不读取，可以留空；不要增加其他列。"),
        _("一个文件最多 %(max)d 名学员。") % {"max": MAX_ROWS},
        _(
            "上传后先预览，确认后才导入；名册中只要有一处错误，就一行也不导入，"
            "并列出每处错误所在的行和列。"
        ),
        _(
            "已有学员按身份证号（没有时按手机号）找到并更新，"
            "留空的选填项不会清除已有数据。"
        ),
    ):
        sheet.append([line])

    heading(_("示例（仅供参考，请在“学员名册”表中填写）"))
    table_header(*COLUMNS)
    example = dict(TEMPLATE_EXAMPLE)
    if places:
        example[TOWNSHIP] = places[0].township.name
        example[VILLAGE] = places[0].name
        example[VILLAGE_CLASS] = short_class_label(places[0].village_class)
    sheet.append(safe_row(example[column] for column in COLUMNS))

    heading(_("各列的填写要求"))
    table_header(_("列名"), _("必填"), _("填写要求"))
    for column, note in _column_notes():
        required = _("必填") if column in REQUIRED_COLUMNS else _("选填")
        sheet.append([column, required, note])

    heading(_("职务名称及其他写法"))
    table_header(_("职务"), _("也可填写"))
    for position, aliases in POSITION_ALIASES.items():
        label = str(position.label)
        # Some names hold a 、 themselves ("书记、主任").
        sheet.append([label, "；".join(a for a in aliases if a != label)])

    _style_columns(sheet, COLUMNS)
    sheet.column_dimensions["A"].width = 20


def _style_columns(sheet, columns):
    for index, column in enumerate(columns, start=1):
        width = 22 if column in WIDE_COLUMNS else 12
        sheet.column_dimensions[get_column_letter(index)].width = width


def _column_notes():
    """(column, what to write in it), in the order of the columns."""
    same_as_list = _(
        "须与“苏木乡镇和嘎查村”表中的名称一致；首次导入时可选择新建名册中的"
        "苏木乡镇和嘎查村"
    )
    notes = {
        NAME: _("最多 %(max)d 字") % {"max": NAME_MAX_LENGTH},
        SEX: _("男 或 女（也可写 男性、女性）；填了身份证号时须与之一致"),
        ETHNICITY: _(
            "56个民族之一，如 汉族、蒙古族；“族”字可省略（汉、蒙古），蒙 即蒙古族"
        ),
        BIRTH: _(
            "可写作 1975.03.02、1975年3月2日、1975-3-2、1975/03/02 或 19750302，"
            "也可只写年份 1975 或年月 1975.03；不填时取身份证号中的出生日期，"
            "填了须与身份证号一致"
        ),
        POSITION: _("从下拉列表中选择，也可填写下方“职务名称及其他写法”中的写法"),
        TOWNSHIP: same_as_list,
        VILLAGE: same_as_list,
        VILLAGE_CLASS: _(
            "一类、二类 或 三类（也可写 1、2、3 或 创先进、促提升、抓调整）；"
            "新建的嘎查村必填；同一嘎查村在名册中只能填一种"
        ),
        MOBILE: _("以1开头的11位数字，用作学员的登录账号，每人一个，不能重复"),
        ID_NUMBER: _(
            "18位，末位可为 X；本列已设为文本格式，请勿改为数字格式，"
            "否则 Excel 会丢掉末几位"
        ),
    }
    return [(column, notes[column]) for column in COLUMNS]


def _places_sheet(sheet, places):
    sheet.append([TOWNSHIP, VILLAGE, VILLAGE_CLASS])
    for place in places:
        sheet.append(
            safe_row(
                [
                    place.township.name,
                    place.name,
                    short_class_label(place.village_class),
                ]
            )
        )
    sheet.column_dimensions["A"].width = sheet.column_dimensions["B"].width = 16

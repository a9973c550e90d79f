"""The downloadable question template (题库导入模板.xlsx).

Its first sheet, the one an import reads, holds the header row alone, so the file
imported unchanged imports nothing; drop-downs offer the kinds and difficulties.
The sheet 填写说明 says how to fill each column, with one example of each kind
(the same rows import cleanly: a test copies them into the first sheet), and
lists the bank's categories.
"""

import io

import openpyxl
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from lms.imports import MAX_ROWS

from ..models import Difficulty, QuestionCategory, QuestionKind
from .columns import (
    ANSWER,
    CATEGORY,
    COLUMNS,
    DIFFICULTY,
    EXPLANATION,
    KIND,
    OPTION_COLUMNS,
    REQUIRED_COLUMNS,
    STEM,
)
from .rules import CATEGORY_MAX_LENGTH, OPTION_MAX_LENGTH, STEM_MAX_LENGTH

WIDTHS = {STEM: 48, EXPLANATION: 36, CATEGORY: 18, ANSWER: 14}
HEADING = Font(bold=True)
TITLE = Font(bold=True, size=14)
WRAP = Alignment(wrap_text=True, vertical="top")

EXAMPLES = (
    {
        KIND: "单选题",
        STEM: "村民委员会每届任期几年？",
        "选项A": "三年",
        "选项B": "四年",
        "选项C": "五年",
        "选项D": "六年",
        ANSWER: "C",
        EXPLANATION: "《村民委员会组织法》规定村民委员会每届任期五年。",
        CATEGORY: "基层治理",
        DIFFICULTY: "易",
    },
    {
        KIND: "多选题",
        STEM: "“四议两公开”中的“两公开”是指哪两项？",
        "选项A": "决议公开",
        "选项B": "提议公开",
        "选项C": "实施结果公开",
        "选项D": "表决人员公开",
        ANSWER: "A,C",
        EXPLANATION: "两公开：决议公开、实施结果公开。",
        CATEGORY: "五面红旗·党建示范",
        DIFFICULTY: "中",
    },
    {
        KIND: "判断题",
        STEM: "村规民约不得与宪法、法律、法规和国家的政策相抵触。",
        ANSWER: "对",
        CATEGORY: "基层治理",
        DIFFICULTY: "易",
    },
    {
        KIND: "填空题",
        STEM: "铸牢（　　）意识是新时代党的民族工作的主线。",
        ANSWER: "中华民族共同体|中华民族共同体意识",
        EXPLANATION: "几种都算对的写法用“|”隔开。",
        CATEGORY: "民族团结政策",
        DIFFICULTY: "中",
    },
)


def template_xlsx():
    """The question template as the bytes of an .xlsx file."""
    workbook = openpyxl.Workbook()
    _questions_sheet(workbook.active)
    _instructions_sheet(workbook.create_sheet(_("填写说明")))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _questions_sheet(sheet):
    sheet.title = _("题目")
    sheet.append(COLUMNS)
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = WIDTHS.get(column, 12)
        sheet.cell(row=1, column=index).font = HEADING
        # Text cells: Excel would otherwise turn an answer like 1|2 or an
        # option like 1/2 into a number or a date.
        sheet.column_dimensions[letter].number_format = "@"
    for column, choices in (
        (KIND, [str(label) for label in QuestionKind.labels]),
        (DIFFICULTY, [str(label) for label in Difficulty.labels]),
    ):
        letter = get_column_letter(COLUMNS.index(column) + 1)
        validation = DataValidation(
            type="list",
            formula1='"{}"'.format(",".join(choices)),
            allow_blank=True,
            showErrorMessage=False,  # the other names the import knows still work
        )
        validation.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
        sheet.add_data_validation(validation)
    sheet.freeze_panes = "C2"


def _instructions_sheet(sheet):
    def line(*values, font=None):
        sheet.append(values)
        if font:
            for cell in sheet[sheet.max_row]:
                cell.font = font

    line(_("题库导入填写说明"), font=TITLE)
    for text in (
        _("在第一张表“题目”中填写：第 1 行的列名不要改动，从第 2 行起每行一道题。"),
        _("“序号”“题号”“备注”列不读取，可以保留；不要增加其他列。"),
        _("一个文件最多 %(max)d 道题。") % {"max": MAX_ROWS},
        _(
            "上传后先预览，确认后才导入；文件中只要有一处错误，就一道题也不导入，"
            "并列出每处错误所在的行和列。"
        ),
        _(
            "题库中已有题型和题干都相同的题目时，导入会更新它（选项、答案、解析、"
            "分类、难度），不会重复添加；留空的解析和难度不会清除已有内容。"
        ),
        _("分类不存在时，确认导入后自动新建。"),
    ):
        line(text)

    line()
    line(_("各列的填写要求"), font=HEADING)
    line(_("列名"), _("必填"), _("填写要求"), font=HEADING)
    for column, note in _column_notes():
        required = _("必填") if column in REQUIRED_COLUMNS else _("选填")
        line(column, required, note)

    line()
    line(_("示例（每种题型一道，请在“题目”表中填写）"), font=HEADING)
    line(*COLUMNS, font=HEADING)
    for example in EXAMPLES:
        line(*(example.get(column, "") for column in COLUMNS))

    line()
    line(_("题库中现有的分类"), font=HEADING)
    for name in QuestionCategory.objects.values_list("name", flat=True):
        line(name)

    for index, column in enumerate(COLUMNS, start=1):
        width = 40 if index == 3 else WIDTHS.get(column, 12)
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = WRAP


def _column_notes():
    options = "、".join(OPTION_COLUMNS)
    notes = {
        KIND: _(
            "单选题、多选题、判断题 或 填空题（也可写 单选、多选、判断、填空、"
            "单项选择题、多项选择题）"
        ),
        STEM: _("题目内容，最多 %(max)d 字；填空题可用（　　）或 ____ 表示空")
        % {"max": STEM_MAX_LENGTH},
        ANSWER: _(
            "单选题填一个选项字母，如 B；多选题填两个或以上的字母，如 ACD 或 A,C；"
            "判断题填 对 或 错（也可写 正确/错误、√/×）；填空题填正确答案，"
            "几种都算对的写法用“|”或“；”隔开，如 村民会议|村民代表会议"
        ),
        EXPLANATION: _("答题后显示给学员的解析，可以留空"),
        CATEGORY: _(
            "如 党的建设、五面红旗·党建示范、民族团结政策；最多 %(max)d 字，"
            "不存在的分类导入时自动新建"
        )
        % {"max": CATEGORY_MAX_LENGTH},
        DIFFICULTY: _("易、中 或 难（也可写 1、2、3）；留空时为 中"),
    }
    rows = [(column, notes[column]) for column in (KIND, STEM)]
    rows.append(
        (
            options,
            _(
                "选择题的选项，从选项A起依次填写，至少两个、最多六个，"
                "每个最多 %(max)d 字；判断题和填空题不填"
            )
            % {"max": OPTION_MAX_LENGTH},
        )
    )
    rows += [(column, notes[column]) for column in (ANSWER, EXPLANATION)]
    rows += [(column, notes[column]) for column in (CATEGORY, DIFFICULTY)]
    return rows

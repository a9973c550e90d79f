"""Shared by the question bank tests: question files built in memory."""

from exams.questions.columns import COLUMNS
from tests.lms.roster_files import roster_csv, roster_xlsx

# One valid row of each kind, as a trainer types them.
SINGLE = {
    "题型": "单选题",
    "题干": "村民委员会每届任期几年？",
    "选项A": "三年",
    "选项B": "四年",
    "选项C": "五年",
    "选项D": "六年",
    "答案": "C",
    "解析": "《村民委员会组织法》第十一条。",
    "分类": "基层治理",
    "难度": "易",
}
MULTIPLE = {
    "题型": "多选",
    "题干": "“两公开”是指哪两项？",
    "选项A": "决议公开",
    "选项B": "提议公开",
    "选项C": "实施结果公开",
    "答案": "A,C",
    "分类": "五面红旗·党建示范",
    "难度": "2",
}
TRUE_FALSE = {
    "题型": "判断",
    "题干": "人民调解委员会调解民间纠纷不收取任何费用。",
    "答案": "√",
    "分类": "基层治理",
    "难度": "难",
}
FILL_BLANK = {
    "题型": "填空题",
    "题干": "各民族要像（　　）一样紧紧抱在一起。",
    "答案": "石榴籽｜石榴子",
    "解析": "习近平总书记的重要论述。",
    "分类": "民族团结政策",
}
GOOD_ROWS = (SINGLE, MULTIPLE, TRUE_FALSE, FILL_BLANK)


def good_rows():
    return [dict(row) for row in GOOD_ROWS]


def questions_xlsx(rows, *, header=COLUMNS):
    return roster_xlsx(rows, header=header)


def questions_csv(rows, *, header=COLUMNS, encoding="utf-8-sig"):
    return roster_csv(rows, header=header, encoding=encoding)

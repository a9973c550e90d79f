"""The columns of a question file (题库导入), as trainers in China write them.

The headers are the file format people type, so they are not translated. Rows are
numbered as in Excel (the header is row 1); problems are lms.imports' RowError
(row, column, reason), the same report as the roster import.
"""

from django.utils.translation import gettext_lazy

from lms.imports import TableFormat

from ..models import OPTION_LETTERS

KIND = "题型"
STEM = "题干"
OPTION_COLUMNS = tuple(f"选项{letter}" for letter in OPTION_LETTERS)
ANSWER = "答案"
EXPLANATION = "解析"
CATEGORY = "分类"
DIFFICULTY = "难度"
COLUMNS = (KIND, STEM, *OPTION_COLUMNS, ANSWER, EXPLANATION, CATEGORY, DIFFICULTY)
REQUIRED_COLUMNS = (KIND, STEM, ANSWER, CATEGORY)
IGNORED_COLUMNS = frozenset({"序号", "题号", "备注"})

# Other headers people use (after brackets and * are removed, full-width folded).
HEADER_ALIASES = {
    "题目类型": KIND,
    "试题类型": KIND,
    "类型": KIND,
    "题目": STEM,
    "题目内容": STEM,
    "试题内容": STEM,
    "试题": STEM,
    "正确答案": ANSWER,
    "参考答案": ANSWER,
    "标准答案": ANSWER,
    "答案解析": EXPLANATION,
    "试题解析": EXPLANATION,
    "解析说明": EXPLANATION,
    "题目分类": CATEGORY,
    "试题分类": CATEGORY,
    "所属分类": CATEGORY,
    "难易程度": DIFFICULTY,
    "难易度": DIFFICULTY,
    "难度等级": DIFFICULTY,
    **{letter: f"选项{letter}" for letter in OPTION_LETTERS},
    **{f"选项{letter.lower()}": f"选项{letter}" for letter in OPTION_LETTERS},
    **{f"{letter}选项": f"选项{letter}" for letter in OPTION_LETTERS},
}

QUESTION_FORMAT = TableFormat(
    columns=COLUMNS,
    required=REQUIRED_COLUMNS,
    aliases=HEADER_ALIASES,
    ignored=IGNORED_COLUMNS,
    too_many_rows=gettext_lazy(
        "行数过多：一个文件最多 %(max)d 道题，请分成几个文件导入"
    ),
)

# Where a problem of the shared rules (exams.questions.rules) shows in a file.
PROBLEM_COLUMNS = {
    "answer": ANSWER,
    "options": OPTION_COLUMNS[0],
    **{f"option_{letter}": f"选项{letter}" for letter in OPTION_LETTERS},
}

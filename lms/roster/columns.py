"""The columns of a roster file, as people write them: the file format of
lms.imports' reader (rows numbered as in Excel, problems by row and column)."""

from django.utils.translation import gettext_lazy

from ..imports import TableFormat

# The columns of a roster file, in the order of the downloadable template. The
# headers are the file format people type, so they are not translated.
NAME = "姓名"
SEX = "性别"
ETHNICITY = "民族"
BIRTH = "出生日期"
POSITION = "职务"
TOWNSHIP = "苏木乡镇"
VILLAGE = "嘎查村"
VILLAGE_CLASS = "村分类"
MOBILE = "手机号"
ID_NUMBER = "身份证号"
COLUMNS = (
    NAME,
    SEX,
    ETHNICITY,
    BIRTH,
    POSITION,
    TOWNSHIP,
    VILLAGE,
    VILLAGE_CLASS,
    MOBILE,
    ID_NUMBER,
)
REQUIRED_COLUMNS = (NAME, SEX, POSITION, TOWNSHIP, VILLAGE, MOBILE)
SERIAL, REMARKS = "序号", "备注"
IGNORED_COLUMNS = frozenset({SERIAL, REMARKS})
# Other headers people use for the same columns (after brackets and * are removed).
HEADER_ALIASES = {
    "身份证号码": ID_NUMBER,
    "公民身份号码": ID_NUMBER,
    "手机号码": MOBILE,
    "手机": MOBILE,
    "联系电话": MOBILE,
    "出生年月": BIRTH,
    "出生年月日": BIRTH,
    "嘎查村分类": VILLAGE_CLASS,
    "乡镇": TOWNSHIP,
    "苏木镇": TOWNSHIP,
}

ROSTER_FORMAT = TableFormat(
    columns=COLUMNS,
    required=REQUIRED_COLUMNS,
    aliases=HEADER_ALIASES,
    ignored=IGNORED_COLUMNS,
    too_many_rows=gettext_lazy(
        "行数过多：一个文件最多 %(max)d 名学员，请分成几个文件导入"
    ),
)

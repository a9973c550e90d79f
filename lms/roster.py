"""名册导入: read, clean, validate and plan a roster import. Nothing here writes.

The flow is ``plan_roster()`` → a ``RosterPlan`` (errors, or the cadres to create
and update, places to create and village class changes) → the service
``lms.services.roster_import()``, which plans again inside one transaction and
applies the plan, all or nothing.

The file's first row holds the column headers (so the first cadre is on row 2, the
number the user sees in Excel). Personal data never leaves this module whole:
ID and mobile numbers in messages and change lists are masked.
"""

import csv
import datetime
import io
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import PurePath

import openpyxl
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from .models import (
    Cadre,
    Position,
    Role,
    Sex,
    Township,
    User,
    Village,
    VillageClass,
)
from .personal_data import (
    clean_text,
    id_birth_date,
    id_sex,
    mask_id_number,
    mask_mobile,
    normalize_id_number,
    normalize_mobile,
    validate_id_number,
    validate_mobile,
)

logger = logging.getLogger(__name__)

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
IGNORED_COLUMNS = frozenset({"序号", "备注"})
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
MAX_ROWS = 5000
NAME_MAX_LENGTH = 40
# Mirrors the check constraint cadre_birth_year_plausible.
BIRTH_YEAR_MIN, BIRTH_YEAR_MAX = 1920, 2020

# The 56 ethnic groups of China (GB/T 3304).
ETHNIC_GROUPS = (
    "汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族",
    "朝鲜族", "满族", "侗族", "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族",
    "黎族", "傈僳族", "佤族", "畲族", "高山族", "拉祜族", "水族", "东乡族", "纳西族",
    "景颇族", "柯尔克孜族", "土族", "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族",
    "毛南族", "仡佬族", "锡伯族", "阿昌族", "普米族", "塔吉克族", "怒族", "乌孜别克族",
    "俄罗斯族", "鄂温克族", "德昂族", "保安族", "裕固族", "京族", "塔塔尔族", "独龙族",
    "鄂伦春族", "赫哲族", "门巴族", "珞巴族", "基诺族",
)  # fmt: skip
ETHNICITY_ALIASES = {"蒙": "蒙古族", "蒙族": "蒙古族", "维族": "维吾尔族"}

SEX_ALIASES = {"男": Sex.MALE, "男性": Sex.MALE, "女": Sex.FEMALE, "女性": Sex.FEMALE}

# What people type for each position (after spaces are removed and the separators
# 、,，/／ are unified to 、), the labels first. The stored values are accepted too.
POSITION_ALIASES = {
    Position.PARTY_SECRETARY: (
        "党支部书记", "支部书记", "村党支部书记", "党总支书记", "党总支部书记",
        "村党总支书记", "嘎查党支部书记", "党组织书记", "村党组织书记", "书记",
    ),
    Position.COMMITTEE_DIRECTOR: (
        "村委会主任", "村主任", "村委主任", "嘎查达", "村民委员会主任",
        "嘎查村委会主任", "嘎查委员会主任",
    ),
    Position.SECRETARY_AND_DIRECTOR: (
        "书记兼主任", "党支部书记兼村委会主任", "一肩挑", "书记、主任",
        "党支部书记、村委会主任", "书记主任", "支部书记兼村主任", "书记兼村主任",
        "党支部书记兼嘎查达", "书记兼嘎查达", "党总支书记兼村委会主任",
    ),
    Position.DEPUTY_SECRETARY: (
        "党支部副书记", "副书记", "村党支部副书记", "支部副书记", "党总支副书记",
    ),
    Position.DEPUTY_DIRECTOR: (
        "村委会副主任", "副主任", "村副主任", "村委副主任", "副嘎查达",
    ),
    Position.COMMITTEE_MEMBER: (
        "两委委员", "党支部委员", "村委会委员", "两委成员", "支委", "村委",
        "支部委员", "村委委员", "党总支委员", "村民委员会委员", "委员",
    ),
    Position.SUPERVISION_DIRECTOR: (
        "村务监督委员会主任", "监委会主任", "村监委主任", "监督委员会主任",
        "村务监督主任", "监委主任", "村监委会主任",
    ),
}  # fmt: skip
_POSITION_SEPARATORS = str.maketrans({",": "、", "，": "、", "/": "、", "／": "、"})

CLASS_NUMERALS = {1: "一", 2: "二", 3: "三"}
CLASS_SLOGANS = {1: "创先进", 2: "促提升", 3: "抓调整"}

DATE_RE = re.compile(
    r"(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})日?(?:\d{1,2}:\d{2}(?::\d{2})?)?"
)
COMPACT_DATE_RE = re.compile(r"(\d{4})(\d{2})(\d{2})")
YEAR_MONTH_RE = re.compile(r"(\d{4})[-./年](\d{1,2})月?")
YEAR_RE = re.compile(r"(\d{4})年?")

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls


def _build_aliases():
    positions = {}
    for position, aliases in POSITION_ALIASES.items():
        for alias in (*aliases, position.value):
            positions[alias.translate(_POSITION_SEPARATORS)] = position.value
    classes = {}
    for number, numeral in CLASS_NUMERALS.items():
        slogan = CLASS_SLOGANS[number]
        for alias in (
            str(number),
            f"{number}类",
            f"{number}类村",
            f"{numeral}类",
            f"{numeral}类村",
            slogan,
            f"{numeral}类({slogan})",
            f"{numeral}类村({slogan})",
        ):
            classes[alias] = number
    return positions, classes


POSITION_LOOKUP, VILLAGE_CLASS_LOOKUP = _build_aliases()


# --- results -----------------------------------------------------------------


@dataclass(frozen=True)
class RosterError:
    """One problem: spreadsheet row (header = 1; None for the whole file), column
    and reason, in Chinese and with personal data masked."""

    row: int | None
    column: str
    message: str

    def __str__(self):
        if self.row is None:
            return _("文件: %(message)s") % {"message": self.message}
        return _("第 %(row)d 行 [%(column)s]: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }

    def as_dict(self):
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class RosterRow:
    """The cleaned values of one data row."""

    row: int
    name: str = ""
    sex: str = ""
    ethnicity: str = ""
    birth_year: int | None = None
    birth_date: datetime.date | None = None
    position: str = ""
    township: str = ""
    village: str = ""
    village_class: int | None = None
    mobile: str = ""
    id_number: str = ""
    valid: bool = True

    @property
    def place(self):
        return (self.township, self.village)

    @property
    def sex_label(self):
        return display_value("sex", self.sex)

    @property
    def position_label(self):
        return display_value("position", self.position)

    @property
    def masked_mobile(self):
        return mask_mobile(self.mobile)

    @property
    def masked_id_number(self):
        return mask_id_number(self.id_number)

    @property
    def birth_display(self):
        if self.birth_date:
            return self.birth_date.isoformat()
        return str(self.birth_year or "")


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class CadreCreate:
    row: RosterRow
    user_id: int | None = None  # an existing cadre account without a profile


@dataclass
class CadreUpdate:
    row: RosterRow
    cadre: Cadre
    values: dict  # attribute → new value; "village" holds a (township, village) key
    changes: list[FieldChange]


@dataclass
class VillageClassChange:
    village: Village
    old: int
    new: int


@dataclass
class RosterPlan:
    """What importing a file would do. Nothing may be applied unless ``ok``."""

    filename: str
    create_places: bool = False
    errors: list[RosterError] = field(default_factory=list)
    rows: list[RosterRow] = field(default_factory=list)
    creates: list[CadreCreate] = field(default_factory=list)
    updates: list[CadreUpdate] = field(default_factory=list)
    unchanged: int = 0
    new_townships: list[str] = field(default_factory=list)
    new_villages: dict = field(default_factory=dict)  # (township, village) → class
    village_class_changes: list[VillageClassChange] = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors

    def error(self, row, column, message):
        self.errors.append(RosterError(row, column, message))

    def summary(self, *, max_errors=1000):
        """A JSON-ready, masked account of the plan (kept in RosterImport.summary)."""
        return {
            "filename": self.filename,
            "rows": len(self.rows),
            "created": len(self.creates),
            "updated": len(self.updates),
            "unchanged": self.unchanged,
            "new_townships": list(self.new_townships),
            "new_villages": [
                {"township": t, "village": v, "class": class_label(c), "number": c}
                for (t, v), c in self.new_villages.items()
            ],
            "village_class_changes": [
                {
                    "township": change.village.township.name,
                    "village": change.village.name,
                    "old": class_label(change.old),
                    "new": class_label(change.new),
                }
                for change in self.village_class_changes
            ],
            "updates": [
                {
                    "row": update.row.row,
                    "name": update.row.name,
                    "changes": [
                        {"field": c.label, "old": c.old, "new": c.new}
                        for c in update.changes
                    ],
                }
                for update in self.updates
            ],
            "error_count": len(self.errors),
            "errors": [e.as_dict() for e in self.errors[:max_errors]],
        }


class RosterInvalid(Exception):
    """The file has errors; nothing was imported. ``plan.errors`` says why."""

    def __init__(self, plan):
        self.plan = plan
        super().__init__(
            _("名册有 %(count)d 处错误，未导入任何数据") % {"count": len(plan.errors)}
        )


class RosterNotPending(Exception):
    """The uploaded roster was already imported or rejected."""


class RosterFileError(Exception):
    """The file as a whole cannot be read."""


# --- display -----------------------------------------------------------------


def class_label(number):
    return str(VillageClass(number).label) if number else ""


def display_value(attr, value):
    """A value of a Cadre attribute as shown in previews and reports (masked)."""
    if value is None or value == "":
        return _("（空）")
    if attr == "sex":
        return str(Sex(value).label)
    if attr == "position":
        return str(Position(value).label)
    if attr == "village":
        return " ".join(value)
    if attr == "mobile":
        return mask_mobile(value)
    if attr == "id_number":
        return mask_id_number(value)
    if attr == "is_active":
        return _("是") if value else _("否")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _some(items, limit=20):
    items = list(items)
    text = "、".join(items[:limit])
    if len(items) > limit:
        text += _(" 等")
    return text


def summary_lines(summary):
    """The Chinese summary of a plan's ``summary()``: counts, places, class changes
    (long lists of places are cut short; the preview page has them all)."""
    lines = [
        _("新增 %(created)d 人，更新 %(updated)d 人，未变 %(unchanged)d 人") % summary
    ]
    if summary["new_townships"]:
        lines.append(
            _("新建苏木乡镇 %(count)d 个：%(names)s")
            % {
                "count": len(summary["new_townships"]),
                "names": _some(summary["new_townships"]),
            }
        )
    if summary["new_villages"]:
        lines.append(
            _("新建嘎查村 %(count)d 个：%(names)s")
            % {
                "count": len(summary["new_villages"]),
                "names": _some(
                    f"{v['township']} {v['village']}（{CLASS_NUMERALS[v['number']]}类）"
                    for v in summary["new_villages"]
                ),
            }
        )
    if summary["village_class_changes"]:
        lines.append(
            _("村分类变更 %(count)d 个：%(changes)s")
            % {
                "count": len(summary["village_class_changes"]),
                "changes": _some(
                    f"{c['township']} {c['village']} {c['old']} → {c['new']}"
                    for c in summary["village_class_changes"]
                ),
            }
        )
    return lines


# --- reading -----------------------------------------------------------------


def read_table(data, filename):
    """The rows of raw cell values of an .xlsx or .csv file; rows[0] is the header.

    Raises RosterFileError when the file cannot be read at all.
    """
    suffix = PurePath(filename or "").suffix.lower()
    if not data or not data.strip():
        raise RosterFileError(_("文件为空"))
    if data.startswith(b"PK\x03\x04"):
        rows = _read_xlsx(data)
    elif data.startswith(OLE2_MAGIC) or suffix == ".xls":
        raise RosterFileError(
            _("不支持旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 后再上传")
        )
    elif suffix in (".xlsx", ".xlsm"):
        raise RosterFileError(_("无法读取文件：不是有效的 Excel（.xlsx）文件"))
    elif suffix in (".csv", ".txt", ""):
        rows = _read_csv(data)
    else:
        raise RosterFileError(_("不支持的文件类型，请上传 .xlsx 或 .csv 文件"))
    while rows and _is_blank(rows[-1]):
        rows.pop()
    if not rows:
        raise RosterFileError(_("文件为空"))
    return rows


def _read_xlsx(data):
    try:
        workbook = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=True
        )
    except Exception as exc:  # a damaged workbook fails in many ways
        logger.info("roster: unreadable xlsx (%s)", type(exc).__name__)
        raise RosterFileError(_("无法读取文件：不是有效的 Excel（.xlsx）文件")) from exc
    try:
        if not workbook.worksheets:
            raise RosterFileError(_("文件为空"))
        sheet = workbook.worksheets[0]
        # Some programs write a wrong sheet size; read every row that is there.
        sheet.reset_dimensions()
        rows, filled = [], 0
        for values in sheet.iter_rows(values_only=True):
            rows.append(values)
            if not _is_blank(values):
                filled += 1
                if filled > MAX_ROWS + 1:
                    raise RosterFileError(_too_many_rows())
        return rows
    except RosterFileError:
        raise
    except Exception as exc:  # a damaged workbook fails in many ways
        logger.info("roster: unreadable xlsx sheet (%s)", type(exc).__name__)
        raise RosterFileError(_("无法读取文件：不是有效的 Excel（.xlsx）文件")) from exc
    finally:
        workbook.close()


def _read_csv(data):
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ("utf-16",)  # Excel's "Unicode text"
    else:
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise RosterFileError(_("无法读取文件：文件编码不是 UTF-8 或 GBK"))
    if "\x00" in text:
        raise RosterFileError(_("无法读取文件：不是文本格式的 CSV 文件"))
    first_line = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise RosterFileError(_("无法读取文件：CSV 格式有误")) from exc
    if sum(1 for row in rows if not _is_blank(row)) > MAX_ROWS + 1:
        raise RosterFileError(_too_many_rows())
    return rows


def _too_many_rows():
    return _("行数过多：一个文件最多 %(max)d 名学员，请分成几个文件导入") % {
        "max": MAX_ROWS
    }


def _is_blank(values):
    return all(_cell_text(value) == "" for value in values)


def _cell_text(value):
    """A cell as text: Excel numbers 13800001234.0 → '13800001234'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_text(value)


def _header_text(value):
    text = unicodedata.normalize("NFKC", _cell_text(value))
    return re.sub(r"[*()\[\]]", "", text)


# --- cleaning one cell -----------------------------------------------------------


class _CellError(Exception):
    pass


def _clean_name(value):
    name = _cell_text(value)
    if len(name) > NAME_MAX_LENGTH:
        raise _CellError(_("姓名过长（最多 %(max)d 字）") % {"max": NAME_MAX_LENGTH})
    return name


def _clean_sex(value):
    text = unicodedata.normalize("NFKC", _cell_text(value))
    try:
        return SEX_ALIASES[text]
    except KeyError:
        raise _CellError(
            _("无法识别的性别“%(value)s”，应为“男”或“女”") % {"value": text}
        ) from None


def _clean_ethnicity(value):
    text = unicodedata.normalize("NFKC", _cell_text(value))
    text = ETHNICITY_ALIASES.get(text, text)
    if text in ETHNIC_GROUPS:
        return text
    if text + "族" in ETHNIC_GROUPS:
        return text + "族"
    raise _CellError(
        _("无法识别的民族“%(value)s”，应为56个民族之一，如“汉族”“蒙古族”")
        % {"value": text}
    )


def _clean_position(value):
    text = unicodedata.normalize("NFKC", _cell_text(value))
    key = text.translate(_POSITION_SEPARATORS)
    try:
        return POSITION_LOOKUP[key]
    except KeyError:
        raise _CellError(
            _("无法识别的职务“%(value)s”，可填：%(choices)s")
            % {"value": text, "choices": "、".join(map(str, Position.labels))}
        ) from None


def _clean_place(value):
    name = _cell_text(value)
    if len(name) > NAME_MAX_LENGTH:
        raise _CellError(_("名称过长（最多 %(max)d 字）") % {"max": NAME_MAX_LENGTH})
    return name


def _clean_village_class(value):
    text = unicodedata.normalize("NFKC", _cell_text(value))
    try:
        return VILLAGE_CLASS_LOOKUP[text]
    except KeyError:
        raise _CellError(
            _("无法识别的村分类“%(value)s”，应为一类、二类或三类") % {"value": text}
        ) from None


def _clean_mobile(value):
    mobile = normalize_mobile(_cell_text(value))
    try:
        validate_mobile(mobile)
    except ValidationError as exc:
        raise _CellError(exc.messages[0]) from None
    return mobile


def _clean_id_number(value):
    if isinstance(value, float) and abs(value) >= 1e15:
        raise _CellError(
            _(
                "身份证号被 Excel 存成了数字，末几位已经丢失；"
                "请把该列设为文本格式后重新填写"
            )
        )
    number = normalize_id_number(_cell_text(value))
    try:
        validate_id_number(number)
    except ValidationError as exc:
        raise _CellError(exc.messages[0]) from None
    return number


def _clean_birth(value):
    """(birth_year, birth_date); a year or a year and month alone give the year."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return _plausible_birth(value.year, value)
    if isinstance(value, float) and not value.is_integer():
        value = f"{value:.2f}"  # 1975.03 typed into a number cell
    text = unicodedata.normalize("NFKC", _cell_text(value))
    match = DATE_RE.fullmatch(text) or COMPACT_DATE_RE.fullmatch(text)
    if match:
        year, month, day = map(int, match.groups())
        try:
            born = datetime.date(year, month, day)
        except ValueError:
            raise _CellError(_("出生日期“%(value)s”不存在") % {"value": text}) from None
        return _plausible_birth(year, born)
    match = YEAR_MONTH_RE.fullmatch(text)
    if match:
        year, month = map(int, match.groups())
        if not 1 <= month <= 12:
            raise _CellError(_("出生日期“%(value)s”不存在") % {"value": text})
        return _plausible_birth(year, None)
    match = YEAR_RE.fullmatch(text)
    if match:
        return _plausible_birth(int(match.group(1)), None)
    raise _CellError(
        _(
            "无法识别的出生日期“%(value)s”，可写作 1975.03.02、1975年3月2日、"
            "1975-3-2、1975/03/02 或只写年份 1975"
        )
        % {"value": text}
    )


def _plausible_birth(year, born):
    if not BIRTH_YEAR_MIN <= year <= BIRTH_YEAR_MAX:
        raise _CellError(
            _("出生年份应在 %(min)d 年至 %(max)d 年之间")
            % {"min": BIRTH_YEAR_MIN, "max": BIRTH_YEAR_MAX}
        )
    return year, born


_CLEANERS = {
    NAME: ("name", _clean_name),
    SEX: ("sex", _clean_sex),
    ETHNICITY: ("ethnicity", _clean_ethnicity),
    POSITION: ("position", _clean_position),
    TOWNSHIP: ("township", _clean_place),
    VILLAGE: ("village", _clean_place),
    VILLAGE_CLASS: ("village_class", _clean_village_class),
    MOBILE: ("mobile", _clean_mobile),
    ID_NUMBER: ("id_number", _clean_id_number),
}


def clean_row(number, cells):
    """A RosterRow from one row's {column: raw value}, and the row's errors."""
    row = RosterRow(row=number)
    errors = []
    for column in COLUMNS:
        if column not in cells:
            continue
        value = cells[column]
        if _cell_text(value) == "":
            if column in REQUIRED_COLUMNS:
                message = _("%(column)s未填写") % {"column": column}
                errors.append(RosterError(number, column, message))
            continue
        try:
            if column == BIRTH:
                row.birth_year, row.birth_date = _clean_birth(value)
            else:
                attr, cleaner = _CLEANERS[column]
                setattr(row, attr, cleaner(value))
        except _CellError as exc:
            errors.append(RosterError(number, column, str(exc)))
    if row.id_number:
        errors.extend(_check_against_id(row))
    row.valid = not errors
    return row, errors


def _check_against_id(row):
    """The ID number fixes the date of birth and the sex: they must agree."""
    errors = []
    masked = mask_id_number(row.id_number)
    born = id_birth_date(row.id_number)
    if row.birth_year is not None and (
        row.birth_year != born.year
        or (row.birth_date is not None and row.birth_date != born)
    ):
        errors.append(
            RosterError(
                row.row,
                BIRTH,
                _(
                    "出生日期“%(birth)s”与身份证号 %(id)s 中的出生日期不一致，"
                    "请核对出生日期和身份证号"
                )
                % {"birth": row.birth_display, "id": masked},
            )
        )
    elif row.birth_date is None:  # none or a year alone: the ID gives the date
        if BIRTH_YEAR_MIN <= born.year <= BIRTH_YEAR_MAX:
            row.birth_year, row.birth_date = born.year, born
        else:
            errors.append(
                RosterError(
                    row.row,
                    ID_NUMBER,
                    _("身份证号中的出生年份应在 %(min)d 年至 %(max)d 年之间")
                    % {"min": BIRTH_YEAR_MIN, "max": BIRTH_YEAR_MAX},
                )
            )
    if row.sex and row.sex != id_sex(row.id_number):
        errors.append(
            RosterError(
                row.row,
                SEX,
                _(
                    "性别“%(sex)s”与身份证号 %(id)s 第17位表示的性别“%(id_sex)s”"
                    "不一致，请核对性别和身份证号"
                )
                % {
                    "sex": display_value("sex", row.sex),
                    "id": masked,
                    "id_sex": display_value("sex", id_sex(row.id_number)),
                },
            )
        )
    return errors


# --- planning --------------------------------------------------------------------


def plan_roster(*, data, filename, create_places=False):
    """Read, clean and check a roster file against the database: a RosterPlan.

    Reads only; a constant number of queries whatever the number of rows.
    """
    plan = RosterPlan(filename=filename, create_places=create_places)
    try:
        table = read_table(data, filename)
    except RosterFileError as exc:
        plan.error(None, "", str(exc))
        return plan
    columns = _parse_header(plan, table[0])
    if plan.errors:
        return plan
    for number, values in enumerate(table[1:], start=2):
        cells = {
            column: values[index] if index < len(values) else None
            for index, column in columns.items()
        }
        if _is_blank(cells.values()):
            continue
        row, errors = clean_row(number, cells)
        plan.rows.append(row)
        plan.errors.extend(errors)
    if not plan.rows:
        plan.error(
            None, "", _("文件中没有学员数据（第 1 行应为列名，从第 2 行起每行一人）")
        )
        return plan
    _check_duplicates(plan)
    villages = _plan_places(plan)
    _plan_cadres(plan, villages)
    order = {column: index for index, column in enumerate(COLUMNS)}
    plan.errors.sort(key=lambda e: (e.row or 0, order.get(e.column, len(order))))
    return plan


def _parse_header(plan, values):
    """{column index: column name}; header errors go to the plan, as row 1."""
    columns = {}
    for index, value in enumerate(values):
        text = _header_text(value)
        if not text or text in IGNORED_COLUMNS:
            continue
        column = HEADER_ALIASES.get(text, text)
        if column not in COLUMNS:
            plan.error(
                1,
                text,
                _("未知的列，可用的列：%(columns)s") % {"columns": "、".join(COLUMNS)},
            )
        elif column in columns.values():
            plan.error(1, text, _("列名重复"))
        else:
            columns[index] = column
    for column in REQUIRED_COLUMNS:
        if column not in columns.values():
            plan.error(1, column, _("缺少必填列“%(column)s”") % {"column": column})
    return columns


def _check_duplicates(plan):
    """The same person twice, or one village given two classes, in the file."""
    first_id, first_mobile, first_class = {}, {}, {}
    for row in plan.rows:
        if row.id_number:
            if row.id_number in first_id:
                plan.error(
                    row.row,
                    ID_NUMBER,
                    _("身份证号与第 %(row)d 行重复（同一人出现两次）")
                    % {"row": first_id[row.id_number]},
                )
            else:
                first_id[row.id_number] = row.row
        if row.mobile:
            if row.mobile in first_mobile:
                plan.error(
                    row.row,
                    MOBILE,
                    _("手机号与第 %(row)d 行重复（同一人出现两次）")
                    % {"row": first_mobile[row.mobile]},
                )
            else:
                first_mobile[row.mobile] = row.row
        if row.township and row.village and row.village_class:
            first = first_class.setdefault(row.place, row)
            if first.village_class != row.village_class:
                plan.error(
                    row.row,
                    VILLAGE_CLASS,
                    _(
                        "嘎查村“%(village)s”在第 %(row)d 行填为%(first)s，"
                        "本行填为%(this)s，同一嘎查村只能有一个村分类"
                    )
                    % {
                        "village": row.village,
                        "row": first.row,
                        "first": class_label(first.village_class),
                        "this": class_label(row.village_class),
                    },
                )


def _plan_places(plan):
    """Check townships and villages against the Banner's list; plan new places and
    village class changes. Returns {(township, village): Village} of the list."""
    townships = set(Township.objects.values_list("name", flat=True))
    villages = {
        (v.township.name, v.name): v for v in Village.objects.select_related("township")
    }
    township_names_of = {}
    for township_name, village_name in villages:
        township_names_of.setdefault(village_name, []).append(township_name)

    class_in_file = {}
    for row in plan.rows:
        if row.township and row.village and row.village_class:
            class_in_file.setdefault(row.place, row.village_class)

    new_townships, reported = {}, set()
    for row in plan.rows:
        if not (row.township and row.village):
            continue
        if row.township not in townships:
            if plan.create_places:
                new_townships.setdefault(row.township, None)
            else:
                plan.error(
                    row.row,
                    TOWNSHIP,
                    _(
                        "苏木乡镇“%(township)s”不在本旗苏木乡镇列表中"
                        "（请核对名称，或在后台添加，或选择新建名册中的苏木乡镇和嘎查村）"
                    )
                    % {"township": row.township},
                )
                continue
        if row.place in villages:
            continue
        if plan.create_places:
            if row.place in class_in_file:
                plan.new_villages.setdefault(row.place, class_in_file[row.place])
            elif row.place not in reported:
                reported.add(row.place)
                plan.error(
                    row.row,
                    VILLAGE_CLASS,
                    _("嘎查村“%(village)s”不在列表中，新建时须填写村分类")
                    % {"village": row.village},
                )
            continue
        message = _("嘎查村“%(village)s”不在苏木乡镇“%(township)s”的嘎查村列表中") % {
            "village": row.village,
            "township": row.township,
        }
        elsewhere = township_names_of.get(row.village)
        if elsewhere:
            message += _("（列表中该名称属于：%(townships)s）") % {
                "townships": "、".join(elsewhere)
            }
        plan.error(row.row, VILLAGE, message)
    plan.new_townships = list(new_townships)

    for place, village_class in class_in_file.items():
        village = villages.get(place)
        if village is not None and village.village_class != village_class:
            plan.village_class_changes.append(
                VillageClassChange(
                    village=village, old=village.village_class, new=village_class
                )
            )
    return villages


# The attributes an import sets, in the order changes are listed.
_CADRE_FIELDS = (
    "name",
    "sex",
    "ethnicity",
    "birth_year",
    "birth_date",
    "position",
    "village",
    "mobile",
    "id_number",
    "is_active",
)


def _plan_cadres(plan, villages):
    """Match rows to existing cadres (by ID number, else by mobile) and plan
    creates and updates. Blank optional cells never clear what is on record."""
    rows = [row for row in plan.rows if row.mobile]
    id_numbers = {row.id_number for row in rows if row.id_number}
    mobiles = {row.mobile for row in rows}
    existing = list(
        Cadre.objects.filter(Q(id_number__in=id_numbers) | Q(mobile__in=mobiles))
        .select_related("village__township", "user")
        .order_by()
    )
    by_id = {c.id_number: c for c in existing if c.id_number}
    by_mobile = {c.mobile: c for c in existing}
    accounts = {
        u["username"]: u
        for u in User.objects.filter(username__in=mobiles).values(
            "id", "username", "role", "cadre"
        )
    }
    matched_rows = {}
    for row in rows:
        cadre_by_id = by_id.get(row.id_number) if row.id_number else None
        cadre_by_mobile = by_mobile.get(row.mobile)
        if cadre_by_id and cadre_by_mobile and cadre_by_id != cadre_by_mobile:
            plan.error(
                row.row,
                ID_NUMBER,
                _(
                    "身份证号属于已有学员“%(by_id)s”，手机号却属于另一名已有学员"
                    "“%(by_mobile)s”，请核对"
                )
                % {"by_id": cadre_by_id.name, "by_mobile": cadre_by_mobile.name},
            )
            continue
        cadre = cadre_by_id or cadre_by_mobile
        if (
            cadre is not None
            and cadre_by_id is None
            and row.id_number
            and cadre.id_number
        ):
            plan.error(
                row.row,
                ID_NUMBER,
                _(
                    "手机号属于已有学员“%(name)s”，但其登记的身份证号 %(id)s "
                    "与本行不同，请核对"
                )
                % {"name": cadre.name, "id": mask_id_number(cadre.id_number)},
            )
            continue
        if cadre is not None:
            if cadre.pk in matched_rows:
                plan.error(
                    row.row,
                    ID_NUMBER if cadre_by_id else MOBILE,
                    _("与第 %(row)d 行是同一名已有学员（身份证号或手机号相同）")
                    % {"row": matched_rows[cadre.pk]},
                )
                continue
            matched_rows[cadre.pk] = row.row
        account = accounts.get(row.mobile)
        if account is None:
            owns_account = False
        elif cadre is None:  # a cadre account left without a profile
            owns_account = account["role"] == Role.CADRE and not account["cadre"]
        else:
            owns_account = account["cadre"] == cadre.pk
        moves_mobile = cadre is None or cadre.mobile != row.mobile
        if account is not None and moves_mobile and not owns_account:
            plan.error(
                row.row,
                MOBILE,
                _("手机号 %(mobile)s 已被其他登录账号用作用户名")
                % {"mobile": mask_mobile(row.mobile)},
            )
            continue
        if not row.valid:
            continue
        if cadre is None:
            plan.creates.append(
                CadreCreate(row=row, user_id=account["id"] if account else None)
            )
        else:
            _plan_update(plan, row, cadre)


def _plan_update(plan, row, cadre):
    new = {
        "name": row.name,
        "sex": row.sex,
        "position": row.position,
        "village": row.place,
        "mobile": row.mobile,
        "is_active": True,  # on the roster again
    }
    # Blank optional cells keep what is on record.
    if row.ethnicity:
        new["ethnicity"] = row.ethnicity
    if row.id_number:
        new["id_number"] = row.id_number
    if row.birth_year is not None:
        new["birth_year"] = row.birth_year
        # A year alone keeps a known date of that year; another year voids it.
        if row.birth_date is not None or row.birth_year != cadre.birth_year:
            new["birth_date"] = row.birth_date
    old = {attr: getattr(cadre, attr) for attr in _CADRE_FIELDS if attr != "village"}
    old["village"] = (cadre.village.township.name, cadre.village.name)
    values, changes = {}, []
    for attr in _CADRE_FIELDS:
        if attr in new and new[attr] != old[attr]:
            values[attr] = new[attr]
            changes.append(
                FieldChange(
                    label=str(Cadre._meta.get_field(attr).verbose_name),
                    old=display_value(attr, old[attr]),
                    new=display_value(attr, new[attr]),
                )
            )
    if not values:
        plan.unchanged += 1
        return
    plan.updates.append(
        CadreUpdate(row=row, cadre=cadre, values=values, changes=changes)
    )


# --- the downloadable template ---------------------------------------------------

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
    """The roster template: the header row, one example row (to be deleted) and a
    second sheet listing the Banner's townships and villages with their classes."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = _("学员名册")
    header = ["序号", *COLUMNS, "备注"]
    sheet.append(header)
    village = Village.objects.select_related("township").first()
    example = dict(TEMPLATE_EXAMPLE)
    if village is not None:
        example.update(
            {
                TOWNSHIP: village.township.name,
                VILLAGE: village.name,
                VILLAGE_CLASS: f"{CLASS_NUMERALS[village.village_class]}类",
            }
        )
    sheet.append([1, *(example[c] for c in COLUMNS), _("示例行，导入前请删除")])
    for index, column in enumerate(header, start=1):
        letter = openpyxl.utils.get_column_letter(index)
        wide = column in (ID_NUMBER, POSITION, MOBILE, "备注")
        sheet.column_dimensions[letter].width = 22 if wide else 12
        if column in (ID_NUMBER, MOBILE, BIRTH):
            # Text columns: Excel would round an 18-digit ID number typed as a number.
            sheet.column_dimensions[letter].number_format = "@"
            sheet.cell(row=2, column=index).number_format = "@"
    sheet.freeze_panes = "A2"

    places = workbook.create_sheet(_("苏木乡镇和嘎查村"))
    places.append([TOWNSHIP, VILLAGE, VILLAGE_CLASS])
    for place in Village.objects.select_related("township"):
        numeral = CLASS_NUMERALS[place.village_class]
        places.append([place.township.name, place.name, f"{numeral}类"])
    places.column_dimensions["A"].width = places.column_dimensions["B"].width = 16
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()

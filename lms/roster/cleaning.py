"""Cleaning one roster row: typed cells into the values of a cadre, the way people
type them (the names in ``aliases``; dates in many formats; mobiles in groups; ID
numbers as text), checked against the ID number, which fixes the date of birth
and the sex."""

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..imports import RowError, cell_text, typed_text
from ..models import Position
from ..personal_data import (
    id_birth_date,
    id_sex,
    mask_id_number,
    mask_mobile,
    normalize_id_number,
    normalize_mobile,
    validate_id_number,
    validate_mobile,
)
from .aliases import (
    ETHNIC_GROUPS,
    ETHNICITY_ALIASES,
    POSITION_LOOKUP,
    SEX_ALIASES,
    VILLAGE_CLASS_LOOKUP,
    position_key,
)
from .columns import (
    BIRTH,
    COLUMNS,
    ETHNICITY,
    ID_NUMBER,
    MOBILE,
    NAME,
    POSITION,
    REQUIRED_COLUMNS,
    SEX,
    TOWNSHIP,
    VILLAGE,
    VILLAGE_CLASS,
)
from .display import display_value

NAME_MAX_LENGTH = 40
# Mirrors the check constraint cadre_birth_year_plausible.
BIRTH_YEAR_MIN, BIRTH_YEAR_MAX = 1920, 2020

DATE_RE = re.compile(
    r"(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})日?(?:\d{1,2}:\d{2}(?::\d{2})?)?"
)
COMPACT_DATE_RE = re.compile(r"(\d{4})(\d{2})(\d{2})")
YEAR_MONTH_RE = re.compile(r"(\d{4})[-./年](\d{1,2})月?")
YEAR_RE = re.compile(r"(\d{4})年?")


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


def clean_row(number, cells):
    """A RosterRow from one row's {column: raw value}, and the row's errors."""
    row = RosterRow(row=number)
    errors = []
    for column in COLUMNS:
        if column not in cells:
            continue
        value = cells[column]
        if cell_text(value) == "":
            if column in REQUIRED_COLUMNS:
                message = _("%(column)s未填写") % {"column": column}
                errors.append(RowError(number, column, message))
            continue
        try:
            if column == BIRTH:
                row.birth_year, row.birth_date = _clean_birth(value)
            else:
                attr, cleaner = _CLEANERS[column]
                setattr(row, attr, cleaner(value))
        except _CellError as exc:
            errors.append(RowError(number, column, str(exc)))
    if row.id_number:
        errors.extend(_check_against_id(row))
    row.valid = not errors
    return row, errors


# --- one cell ----------------------------------------------------------------------


class _CellError(Exception):
    pass


def _clean_name(value):
    name = cell_text(value)
    if len(name) > NAME_MAX_LENGTH:
        raise _CellError(_("姓名过长（最多 %(max)d 字）") % {"max": NAME_MAX_LENGTH})
    return name


def _clean_place(value):
    name = cell_text(value)
    if len(name) > NAME_MAX_LENGTH:
        raise _CellError(_("名称过长（最多 %(max)d 字）") % {"max": NAME_MAX_LENGTH})
    return name


def _clean_sex(value):
    text = typed_text(value)
    if text in SEX_ALIASES:
        return SEX_ALIASES[text]
    raise _CellError(_("无法识别的性别“%(value)s”，应为“男”或“女”") % {"value": text})


def _clean_ethnicity(value):
    text = typed_text(value)
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
    text = typed_text(value)
    key = position_key(text)
    if key in POSITION_LOOKUP:
        return POSITION_LOOKUP[key]
    raise _CellError(
        _("无法识别的职务“%(value)s”，可填：%(choices)s")
        % {"value": text, "choices": "、".join(map(str, Position.labels))}
    )


def _clean_village_class(value):
    text = typed_text(value)
    if text in VILLAGE_CLASS_LOOKUP:
        return VILLAGE_CLASS_LOOKUP[text]
    raise _CellError(
        _("无法识别的村分类“%(value)s”，应为一类、二类或三类") % {"value": text}
    )


def _clean_mobile(value):
    return _validated(normalize_mobile(cell_text(value)), validate_mobile)


def _clean_id_number(value):
    if isinstance(value, float) and abs(value) >= 1e15:
        raise _CellError(
            _(
                "身份证号被 Excel 存成了数字，末几位已经丢失；"
                "请把该列设为文本格式后重新填写"
            )
        )
    return _validated(normalize_id_number(cell_text(value)), validate_id_number)


def _validated(number, validate):
    try:
        validate(number)
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
    text = typed_text(value)
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


# --- the row against its ID number ---------------------------------------------


def _check_against_id(row):
    """The ID number fixes the date of birth and the sex: they must agree. A row
    without a date of birth (or with a year alone) takes it from the ID number."""
    errors = []
    masked = mask_id_number(row.id_number)
    born = id_birth_date(row.id_number)
    if row.birth_year is not None and (
        row.birth_year != born.year
        or (row.birth_date is not None and row.birth_date != born)
    ):
        errors.append(
            RowError(
                row.row,
                BIRTH,
                _(
                    "出生日期“%(birth)s”与身份证号 %(id)s 中的出生日期不一致，"
                    "请核对出生日期和身份证号"
                )
                % {"birth": row.birth_display, "id": masked},
            )
        )
    elif row.birth_date is None:
        if BIRTH_YEAR_MIN <= born.year <= BIRTH_YEAR_MAX:
            row.birth_year, row.birth_date = born.year, born
        else:
            message = _("身份证号中的出生年份应在 %(min)d 年至 %(max)d 年之间") % {
                "min": BIRTH_YEAR_MIN,
                "max": BIRTH_YEAR_MAX,
            }
            errors.append(RowError(row.row, ID_NUMBER, message))
    if row.sex and row.sex != id_sex(row.id_number):
        errors.append(
            RowError(
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

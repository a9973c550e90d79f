"""Chinese resident ID numbers and mobile numbers: cleaning, validation, masking.

Personal data under PIPL: lists, exports and logs only ever show the masked form.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# GB 11643: weights of the first 17 digits and the check character for sum % 11.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
# GB/T 2260 province-level codes (the first two digits).
PROVINCE_CODES = {
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35",
    "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54",
    "61", "62", "63", "64", "65", "71", "81", "82",
}  # fmt: skip
MOBILE_RE = re.compile(r"1[3-9]\d{9}")
# Spaces people type: ASCII, full-width (U+3000), no-break, and zero-width.
_SPACES_RE = re.compile(r"[\s\u3000\u00a0\u200b\ufeff]+")
_FULLWIDTH = str.maketrans("０１２３４５６７８９ｘＸ－（）＋", "0123456789xX-()+")


def clean_text(value):
    """Strip stray half- and full-width spaces at the ends and inside a value."""
    if value is None:
        return ""
    return _SPACES_RE.sub("", str(value))


def id_check_char(first17):
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11]


def normalize_id_number(value):
    return clean_text(value).translate(_FULLWIDTH).upper()


def id_birth_date(number):
    """The date of birth encoded in a (normalized) 18-character ID number."""
    try:
        return datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def id_sex(number):
    """'M' or 'F' from the 17th digit (odd for men)."""
    return "M" if int(number[16]) % 2 else "F"


def validate_id_number(number):
    """Raise ValidationError unless number is a valid 18-character ID number."""
    if len(number) != 18 or not re.fullmatch(r"\d{17}[\dX]", number):
        raise ValidationError(_("身份证号应为18位（前17位数字，末位数字或X）"))
    if number[:2] not in PROVINCE_CODES:
        raise ValidationError(_("身份证号的地区码无效"))
    born = id_birth_date(number)
    if born is None or not (datetime.date(1900, 1, 1) <= born <= datetime.date.today()):
        raise ValidationError(_("身份证号中的出生日期无效"))
    if id_check_char(number[:17]) != number[17]:
        raise ValidationError(_("身份证号校验位不正确"))


def normalize_mobile(value):
    """Digits only: '138 0000 1234', '138-0000-1234', '+86 138…' → '13800001234'."""
    digits = re.sub(r"[^\d]", "", clean_text(value).translate(_FULLWIDTH))
    if len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    return digits


def validate_mobile(number):
    if not MOBILE_RE.fullmatch(number):
        raise ValidationError(_("手机号应为以1开头的11位数字"))


def mask_id_number(number):
    """1505**********123X: region's first four and the last four stay."""
    if not number:
        return ""
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def mask_mobile(number):
    """138****1234."""
    if not number:
        return ""
    return number[:3] + "****" + number[-4:]


def mask_name(name):
    """张*三 / 张* : for public pages that must not identify a person."""
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]

"""ID numbers and mobiles: cleaning, validation (check digit, region, date) and
masking. Plain functions: no database."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from lms.demo import make_id_number
from lms.models import Sex
from lms.personal_data import (
    clean_text,
    id_birth_date,
    id_check_char,
    id_sex,
    mask_id_number,
    mask_mobile,
    mask_name,
    normalize_id_number,
    normalize_mobile,
    validate_id_number,
    validate_mobile,
)

# The worked example of GB 11643-1999 (check character X).
STANDARD_EXAMPLE = "11010519491231002X"


def with_check_char(first17):
    return first17 + id_check_char(first17)


def test_the_check_character_follows_gb_11643():
    assert id_check_char(STANDARD_EXAMPLE[:17]) == "X"
    assert id_check_char("15052519800101001") == "0"  # sum 219, 219 % 11 = 10 → "0"


@pytest.mark.parametrize(
    "number",
    [
        STANDARD_EXAMPLE,
        make_id_number(1),
        make_id_number(2, sex=Sex.FEMALE, birth="19751231"),
        with_check_char("15052519000101001"),  # born 1 January 1900
        with_check_char("81000020000229002"),  # Hong Kong code, a leap day
    ],
)
def test_valid_id_numbers_pass(number):
    validate_id_number(number)


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("", "18位"),
        ("15052519800101001", "18位"),
        ("1505251980010100120", "18位"),
        ("15052519800101001x", "18位"),  # normalize first: a lowercase x is refused
        ("1505251980010100A2", "18位"),
        ("15052519800101 012", "18位"),
        (with_check_char("00052519800101001"), "地区码"),
        (with_check_char("99052519800101001"), "地区码"),
        (with_check_char("15052519801301001"), "出生日期"),  # month 13
        (with_check_char("15052519810229001"), "出生日期"),  # not a leap year
        (with_check_char("15052518991231001"), "出生日期"),  # before 1900
        (with_check_char("15052529990101001"), "出生日期"),  # in the future
        ("150525198001010010"[:17] + "1", "校验位"),
        (STANDARD_EXAMPLE[:17] + "0", "校验位"),
    ],
)
def test_invalid_id_numbers_say_why(number, reason):
    with pytest.raises(ValidationError) as caught:
        validate_id_number(number)
    assert reason in caught.value.messages[0]


def test_a_birth_date_after_today_is_refused():
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    number = with_check_char(f"150525{tomorrow:%Y%m%d}001")
    with pytest.raises(ValidationError):
        validate_id_number(number)


def test_the_id_number_gives_the_date_of_birth_and_the_sex():
    assert id_birth_date(STANDARD_EXAMPLE) == datetime.date(1949, 12, 31)
    assert id_sex(STANDARD_EXAMPLE) == "F"  # 17th digit 2
    male = make_id_number(7, birth="19800101", sex=Sex.MALE)
    female = make_id_number(7, birth="19800101", sex=Sex.FEMALE)
    assert (id_sex(male), id_sex(female)) == ("M", "F")
    assert id_birth_date("150525198002300010") is None  # 30 February


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("11010519491231002x", STANDARD_EXAMPLE),
        (" 110105 1949 1231 002X ", STANDARD_EXAMPLE),
        ("　11010519491231002ｘ", STANDARD_EXAMPLE),
        ("１１０１０５１９４９１２３１００２Ｘ", STANDARD_EXAMPLE),
        (None, ""),
    ],
)
def test_id_numbers_are_normalised(typed, number):
    assert normalize_id_number(typed) == number


@pytest.mark.parametrize(
    ("typed", "mobile"),
    [
        ("13800001234", "13800001234"),
        ("138 0000 1234", "13800001234"),
        ("138-0000-1234", "13800001234"),
        ("138　0000　1234", "13800001234"),
        ("+86 138 0000 1234", "13800001234"),
        ("86-13800001234", "13800001234"),
        ("(138)0000-1234", "13800001234"),
        ("１３８００００１２３４", "13800001234"),
        (13800001234, "13800001234"),
        (None, ""),
    ],
)
def test_mobiles_are_cleaned(typed, mobile):
    assert normalize_mobile(typed) == mobile


@pytest.mark.parametrize("mobile", ["13800001234", "19912345678", "16600000000"])
def test_valid_mobiles_pass(mobile):
    validate_mobile(mobile)


@pytest.mark.parametrize(
    "mobile",
    ["", "1380000123", "138000012345", "12800001234", "23800001234", "1380000123a"],
)
def test_invalid_mobiles_are_refused(mobile):
    with pytest.raises(ValidationError) as caught:
        validate_mobile(mobile)
    assert "11位" in caught.value.messages[0]


@pytest.mark.parametrize(
    ("typed", "text"),
    [
        (" 巴特尔 ", "巴特尔"),
        ("巴　特\u00a0尔", "巴特尔"),
        ("\ufeff东明镇\u200b", "东明镇"),
        ("党支部\t书记\n", "党支部书记"),
        (None, ""),
        (1975, "1975"),
    ],
)
def test_clean_text_removes_half_and_full_width_spaces(typed, text):
    assert clean_text(typed) == text


def test_id_numbers_are_masked_to_the_first_and_last_four():
    masked = mask_id_number(STANDARD_EXAMPLE)
    assert masked == "1101**********002X"
    assert len(masked) == 18
    assert STANDARD_EXAMPLE[4:14] not in masked
    assert mask_id_number("") == ""
    assert mask_id_number(None) == ""


def test_mobiles_are_masked_in_the_middle():
    assert mask_mobile("13800001234") == "138****1234"
    assert mask_mobile("") == ""
    assert mask_mobile(None) == ""


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("乌", "乌"),
        ("张三", "张*"),
        ("乌力吉", "乌*吉"),
        ("额尔敦巴特尔", "额****尔"),
        ("", ""),
    ],
)
def test_names_are_masked_for_public_pages(name, masked):
    assert mask_name(name) == masked

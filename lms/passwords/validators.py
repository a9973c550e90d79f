"""The rules a password must meet (AUTH_PASSWORD_VALIDATORS), each refusing
with its own Chinese message.

What a person's password may not be, read from the account (a cadre's
username is their mobile number) and the cadre profile:
- the mobile number, anywhere in the password;
- the ID number or its last four characters or more, anywhere in it;
- the birth date (from the ID number and the profile) as 19800315, 800315,
  03151980 or 15031980 anywhere in it, or 0315 when those are the password's
  only digits (zhang0315).
Spaces, dashes, dots, slashes and underscores are ignored when comparing, so
139-0000-0001 is the mobile number too.
"""

import re

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..personal_data import MOBILE_RE, id_birth_date, normalize_id_number

_SEPARATORS_RE = re.compile(r"[\s\-_./\\·]+")
ID_TAIL_MIN = 4

# Words of this site that the common list does not know (the demo's password).
SITE_WORDS = frozenset(
    {
        "naiman333",
        "naiman123",
        "naiman666",
        "naiman888",
        "naimanqi",
        "naimanqi333",
        "lingtouyan",
        "lingtouyan333",
    }
)


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return _("密码太短：至少需要 %(min_length)d 个字符。") % {
            "min_length": self.min_length
        }

    def get_help_text(self):
        return _("至少 %(min_length)d 个字符。") % {"min_length": self.min_length}


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    """Django's list of 20,000 common passwords, and this site's own words."""

    def validate(self, password, user=None):
        if password.lower().strip() in SITE_WORDS:
            raise ValidationError(self.get_error_message(), code="password_too_common")
        super().validate(password, user)

    def get_error_message(self):
        return _("这个密码太常见，很容易被猜到，请换一个。")

    def get_help_text(self):
        return _("不能是常见的、容易被猜到的密码（如 12345678）。")


def _compact(text):
    return _SEPARATORS_RE.sub("", text).lower()


def _cadre_of(user):
    try:
        return user.cadre
    except AttributeError:  # no profile (RelatedObjectDoesNotExist is one)
        return None


def _mobiles(user, cadre):
    mobiles = {cadre.mobile} if cadre is not None and cadre.mobile else set()
    if MOBILE_RE.fullmatch(user.username or ""):
        mobiles.add(user.username)
    return mobiles


def _birth_dates(cadre, id_number):
    dates = {cadre.birth_date} if cadre.birth_date else set()
    if id_number and len(id_number) == 18:
        born = id_birth_date(id_number)
        if born is not None:
            dates.add(born)
    return dates


def _date_forms(born):
    """The long forms, refused anywhere in a password, and the short MMDD."""
    year, month, day = f"{born.year:04d}", f"{born.month:02d}", f"{born.day:02d}"
    long_forms = {
        year + month + day,
        year[2:] + month + day,
        month + day + year,
        day + month + year,
    }
    return long_forms, month + day


class PersonalDataValidator:
    """Not the mobile number, the ID number or its last digits, or the birth date."""

    def validate(self, password, user=None):
        if user is None:
            return
        compact = _compact(password)
        cadre = _cadre_of(user)
        if any(mobile in compact for mobile in _mobiles(user, cadre)):
            raise ValidationError(
                _("密码不能包含手机号：手机号别人容易知道。"),
                code="password_has_mobile",
            )
        if cadre is None:
            return
        id_number = normalize_id_number(cadre.id_number or "").lower()
        if len(id_number) >= ID_TAIL_MIN and id_number[-ID_TAIL_MIN:] in compact:
            raise ValidationError(
                _("密码不能包含身份证号或身份证号的后几位。"),
                code="password_has_id_number",
            )
        digits = re.sub(r"\D", "", compact)
        for born in _birth_dates(cadre, id_number.upper()):
            long_forms, short_form = _date_forms(born)
            if any(form in compact for form in long_forms) or digits == short_form:
                raise ValidationError(
                    _("密码不能包含出生日期（如 19800101、800101、0101）。"),
                    code="password_has_birth_date",
                )

    def get_help_text(self):
        return _("不能包含本人的手机号、身份证号（或其后几位）、出生日期。")

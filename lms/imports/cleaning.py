"""Cells as people type them: text with stray spaces and full-width characters
made plain, Excel's numbers read back as the digits typed."""

import re
import unicodedata

from ..personal_data import clean_text

# Spaces at the ends of a text cell, and characters no one means to type.
_ENDS = " \t\r\n\u3000\u00a0"
_INVISIBLE_RE = re.compile(r"[\u200b\u200c\u200d\ufeff]")


def _plain_number(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def cell_text(value):
    """A cell as text with every space removed: Excel numbers 13800001234.0 →
    '13800001234'."""
    if value is None:
        return ""
    return clean_text(_plain_number(value))


def typed_text(value):
    """A cell as text with full-width letters, digits and brackets made plain."""
    return unicodedata.normalize("NFKC", cell_text(value))


def text_cell(value):
    """A text cell as written, stray spaces at the ends removed (inner spaces
    stay: a question's stem may mark its blank with them)."""
    if value is None:
        return ""
    return _INVISIBLE_RE.sub("", str(_plain_number(value))).strip(_ENDS)


def is_blank(values):
    return all(cell_text(value) == "" for value in values)

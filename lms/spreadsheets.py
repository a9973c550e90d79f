"""Cells of the spreadsheets the site writes (Excel and CSV exports and
templates): text that a spreadsheet program would run as a formula is written
as text.

A cell starting with = + - @ (or a tab or carriage return, which some
programs skip before reading a formula) is prefixed with an apostrophe, as
OWASP advises against CSV/formula injection: a cadre named
``=HYPERLINK("http://…")`` shows as that text, not a link. Numbers, dates and
None stay as they are, so a negative figure stays a number.
"""

import csv
import io

from django.utils.functional import Promise

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """value, as a cell that cannot be a formula."""
    if isinstance(value, Promise):  # a lazy translation
        value = str(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values):
    """safe_cell() of every value of a row, as a list (for sheet.append)."""
    return [safe_cell(value) for value in values]


def csv_text(rows, *, bom=True):
    """The text of a CSV file of rows (CRLF line ends, a BOM so Excel reads
    it as UTF-8), every cell through safe_cell()."""
    out = io.StringIO()
    if bom:
        out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow(safe_row(row))
    return out.getvalue()

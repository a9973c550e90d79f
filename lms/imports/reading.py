"""Reading a tabular file: an .xlsx or .csv file (UTF-8, GBK or UTF-16) as rows
of raw cells, the header row as a map of columns, and each row below it cleaned
by the import's own ``clean_row``.

Rows are numbered as the user sees them in Excel: the header is row 1, the first
data row 2. A problem is a RowError at a row and column; FileUnreadable is
raised when the file as a whole cannot be read, or is beyond the bounds of
lms.imports.limits (checked before it is parsed).

A file is read once, before any write transaction: ``read_ahead()`` gives a
ReadAhead, which every import's planning accepts wherever it takes the file's
bytes (``read_rows`` reads and cleans it the first time, and gives the same
rows again after), so that the transaction that imports a file only checks the
rows against the database and writes.
"""

import copy
import csv
import io
import logging
import re
import zipfile
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import PurePath

import openpyxl
from django.utils.translation import gettext as _

from . import limits
from .cleaning import is_blank, typed_text
from .limits import MAX_COLUMNS, MAX_ROWS, LimitExceeded

logger = logging.getLogger(__name__)

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls


@dataclass(frozen=True)
class RowError:
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


class FileUnreadable(Exception):
    """The file as a whole cannot be read."""


@dataclass(frozen=True)
class TableFormat:
    """The columns of one kind of file. The headers are the file format people
    type, so they are not translated. aliases: other headers people use for a
    column (after brackets and * are removed, full-width folded); ignored: the
    columns a file may have that are not read. too_many_rows: the message for
    a file of more than MAX_ROWS rows (blank ones too), with %(max)d."""

    columns: tuple
    required: tuple
    aliases: dict
    ignored: frozenset
    too_many_rows: str


# --- the file --------------------------------------------------------------------


def read_table(data, filename, *, too_many_rows):
    """The rows of raw cell values of an .xlsx or .csv file; rows[0] is the header.

    Raises FileUnreadable when the file cannot be read at all.
    """
    suffix = PurePath(filename or "").suffix.lower()
    if not data or not data.strip():
        raise FileUnreadable(_("文件为空"))
    if data.startswith(b"PK\x03\x04"):
        rows = _read_xlsx(data, too_many_rows)
    elif data.startswith(OLE2_MAGIC) or suffix == ".xls":
        raise FileUnreadable(
            _("不支持旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 后再上传")
        )
    elif suffix in (".xlsx", ".xlsm"):
        raise FileUnreadable(_not_a_workbook())
    elif suffix in (".csv", ".txt", ""):
        rows = _read_csv(data, too_many_rows)
    else:
        raise FileUnreadable(_("不支持的文件类型，请上传 .xlsx 或 .csv 文件"))
    while rows and is_blank(rows[-1]):
        rows.pop()
    if not rows:
        raise FileUnreadable(_("文件为空"))
    return rows


def _read_xlsx(data, too_many_rows):
    """The rows of the first sheet (templates' other sheets are instructions),
    once the workbook is within limits."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            limits.check_archive(archive)
            limits.check_parts(archive, too_many_rows=too_many_rows, max_rows=MAX_ROWS)
        workbook = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=True
        )
        with closing(workbook):
            return _first_sheet_rows(workbook)
    except LimitExceeded as exc:
        logger.warning("import: xlsx refused (%s)", exc)
        raise FileUnreadable(str(exc)) from None
    except FileUnreadable:
        raise
    except Exception as exc:  # a damaged workbook fails in many ways
        logger.info("import: unreadable xlsx (%s)", type(exc).__name__)
        raise FileUnreadable(_not_a_workbook()) from exc


def _first_sheet_rows(workbook):
    if not workbook.worksheets:
        raise FileUnreadable(_("文件为空"))
    sheet = workbook.worksheets[0]
    # Some programs write a wrong sheet size; read every row that is there
    # (limits.check_parts saw that there are not too many).
    sheet.reset_dimensions()
    return list(
        sheet.iter_rows(max_row=MAX_ROWS + 1, max_col=MAX_COLUMNS, values_only=True)
    )


def _read_csv(data, too_many_rows):
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
        raise FileUnreadable(_("无法读取文件：文件编码不是 UTF-8 或 GBK"))
    if "\x00" in text:
        raise FileUnreadable(_("无法读取文件：不是文本格式的 CSV 文件"))
    first_line = text.lstrip("\ufeff").split("\n", 1)[0][: limits.MAX_LINE_CHARS]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    lines = limits.bounded_lines(
        io.StringIO(text, newline=""), too_many_rows=too_many_rows, max_rows=MAX_ROWS
    )
    try:
        return [
            limits.check_csv_row(number, row)
            for number, row in enumerate(
                csv.reader(lines, delimiter=delimiter), start=1
            )
        ]
    except LimitExceeded as exc:
        logger.warning("import: csv refused (%s)", exc)
        raise FileUnreadable(str(exc)) from None
    except csv.Error as exc:
        raise FileUnreadable(_("无法读取文件：CSV 格式有误")) from exc


def _not_a_workbook():
    return _("无法读取文件：不是有效的 Excel（.xlsx）文件")


# --- the header and the rows below it -----------------------------------------------


def parse_header(values, table_format):
    """({column index: column name}, the header's errors, at row 1)."""
    known = table_format.columns
    columns, errors = {}, []
    for index, value in enumerate(values):
        text = re.sub(r"[*()\[\]]", "", typed_text(value))
        if not text or text in table_format.ignored:
            continue
        column = table_format.aliases.get(text, text)
        if column not in known:
            message = _("未知的列，可用的列：%(columns)s") % {
                "columns": "、".join(known)
            }
            errors.append(RowError(1, text, message))
        elif column in columns.values():
            errors.append(RowError(1, text, _("列名重复")))
        else:
            columns[index] = column
    for column in table_format.required:
        if column not in columns.values():
            message = _("缺少必填列“%(column)s”") % {"column": column}
            errors.append(RowError(1, column, message))
    return columns, errors


def read_rows(data, filename, table_format, clean_row):
    """(cleaned rows, errors) of a file: read_table, parse_header, then
    clean_row(number, cells) → (row, errors) for each row that is not blank. A
    file that cannot be read or has a bad header gives no rows and its errors.

    data: the file's bytes, or a ReadAhead (read_ahead()): read and cleaned the
    first time, and the same rows again (copies: a plan may mark them) after."""
    if isinstance(data, ReadAhead):
        return data.rows(table_format, clean_row)
    try:
        table = read_table(data, filename, too_many_rows=table_format.too_many_rows)
    except FileUnreadable as exc:
        return [], [RowError(None, "", str(exc))]
    columns, errors = parse_header(table[0], table_format)
    if errors:
        return [], errors
    rows = []
    for number, cells in data_rows(table, columns):
        row, row_errors = clean_row(number, cells)
        rows.append(row)
        errors.extend(row_errors)
    return rows, errors


@dataclass(eq=False)
class ReadAhead:
    """A file to be read once, outside any transaction: pass it to an import's
    planning and writing in place of its bytes (``data``)."""

    data: bytes
    filename: str
    _read: list = field(default_factory=list)  # (format, clean_row, rows, errors)

    def rows(self, table_format, clean_row):
        for known_format, known_clean, rows, errors in self._read:
            if known_format is table_format and known_clean is clean_row:
                return copy.deepcopy(rows), list(errors)
        rows, errors = read_rows(self.data, self.filename, table_format, clean_row)
        self._read.append((table_format, clean_row, rows, errors))
        return copy.deepcopy(rows), list(errors)


def read_ahead(data, filename):
    """The file as a ReadAhead (once: a ReadAhead is returned as it is)."""
    if isinstance(data, ReadAhead):
        return data
    return ReadAhead(data=data, filename=filename)


def data_rows(table, columns):
    """(row number, {column: raw value}) of each row below the header that is not
    blank in the columns read."""
    for number, values in enumerate(table[1:], start=2):
        cells = {
            column: values[index] if index < len(values) else None
            for index, column in columns.items()
        }
        if not is_blank(cells.values()):
            yield number, cells

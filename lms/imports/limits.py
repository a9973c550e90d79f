"""The bounds of a spreadsheet, checked before it is parsed, so that a hostile
file (a zip bomb, a cell at column XFD or row 1,048,576) is refused at once,
with a Chinese message, instead of holding a worker and its memory.

- An upload is at most MAX_UPLOAD_BYTES (lms.imports.uploads checks it before
  the request body is read).
- An .xlsx is a zip: its parts are checked from the zip's directory before
  anything is decompressed: how many, each part's and their total uncompressed
  size, and the compression ratio of the large ones. Python's zipfile never
  decompresses more than a part's declared size, so these bounds hold.
- Every XML part is scanned with expat (no tree is built) before openpyxl
  opens the workbook (openpyxl reads every sheet's size, and all the shared
  strings, as it opens it): a sheet's <dimension> and every row and cell
  reference must stay within MAX_ROWS + 1 rows (blank rows count: they cost as
  much to read) and MAX_COLUMNS columns (A to AD), the shared strings within
  what such a sheet can use. A DOCTYPE is refused (a workbook has none; it is
  how entity expansion attacks start).
- A CSV file: rows (blank ones too), columns with a value, and line length.

5,000 rows: the whole Banner has some 1,200 cadres (the roster benchmark imports
1,200), a question bank or a paper register is smaller still; 5,000 leaves room
for a Banner four times as large in one file. 30 columns: the widest format has
12, and the printed sign-in sheet's extra columns are a handful.
"""

import re
import zipfile
from xml.parsers import expat

from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000  # data rows; the header is one more
MAX_COLUMNS = 30  # A … AD
MAX_PARTS = 1000
MAX_PART_BYTES = 32 * 1024 * 1024  # uncompressed, any one part of an .xlsx
MAX_UNZIPPED_BYTES = 64 * 1024 * 1024  # uncompressed, every part together
# Large parts only: a legible sheet of 5,000 × 30 text cells compresses about
# 40 to 1; a zip bomb about 1,000 to 1.
MAX_RATIO = 100
RATIO_FROM_BYTES = 1024 * 1024
MAX_LINE_CHARS = 64 * 1024  # one line of a CSV file
SCAN_CHUNK = 64 * 1024

_REF_RE = re.compile(r"\$?([A-Za-z]{1,3})?\$?(\d{1,7})?$")


class LimitExceeded(Exception):
    """The file is beyond a bound; the message says which, in Chinese."""


def last_column_letter():
    return column_letter(MAX_COLUMNS)


def column_letter(number):
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _column_number(letters):
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def upload_too_large_message():
    return _(
        "文件超过 %(max)d MB，未上传。请删去多余的工作表、图片或空行，"
        "或把名单分成几个文件后再上传。"
    ) % {"max": MAX_UPLOAD_BYTES // (1024 * 1024)}


def too_many_columns_message(cell):
    return _(
        "工作表用到了单元格 %(cell)s，超出了第 %(max)d 列（%(last)s 列）：文件最多 "
        "%(max)d 列。请删除 %(last)s 列右边的所有列（包括只设置了格式的空白单元格）"
        "后再上传。"
    ) % {"cell": cell[:20], "max": MAX_COLUMNS, "last": last_column_letter()}


def too_many_rows_message(too_many_rows, max_rows=MAX_ROWS):
    """The import's own words (with %(max)d), and that blank rows count."""
    return _("%(message)s（空白行也计入行数，请删除表格末尾多余的空行）") % {
        "message": str(too_many_rows) % {"max": max_rows}
    }


# --- an .xlsx -----------------------------------------------------------------------


def check_archive(archive):
    """Refuse a zip whose parts are too many, too large or too compressed, from
    its directory alone (nothing is decompressed)."""
    infos = archive.infolist()
    message = _(
        "文件解压后过大或结构异常（每个文件解压后最多 %(max)d MB），无法读取："
        "请上传用 Excel 或 WPS 保存的普通 .xlsx 文件。"
    ) % {"max": MAX_UNZIPPED_BYTES // (1024 * 1024)}
    if len(infos) > MAX_PARTS:
        raise LimitExceeded(message)
    total = 0
    for info in infos:
        size = info.file_size
        total += size
        if size > MAX_PART_BYTES or total > MAX_UNZIPPED_BYTES:
            raise LimitExceeded(message)
        if size > RATIO_FROM_BYTES and size > MAX_RATIO * max(info.compress_size, 1):
            raise LimitExceeded(message)


def check_parts(archive, *, too_many_rows, max_rows=MAX_ROWS):
    """Scan every XML part of archive with expat, before openpyxl reads any:
    refuse a DOCTYPE anywhere; in a sheet, a <dimension>, row or cell beyond
    MAX_ROWS + 1 rows or MAX_COLUMNS columns; in the shared strings, more strings
    than a sheet of that size can use. Other parts stop at their root element.
    Raises LimitExceeded; a part that is not XML is left to openpyxl."""
    for info in archive.infolist():
        if info.filename.lower().endswith((".xml", ".rels")):
            _scan_part(archive, info, _PartScan(too_many_rows, max_rows))


def _scan_part(archive, info, scan):
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = scan.start
    parser.StartDoctypeDeclHandler = scan.doctype
    try:
        with archive.open(info) as source:
            while chunk := source.read(SCAN_CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except (_Skip, expat.ExpatError, zipfile.BadZipFile, ValueError, OSError):
        return


class _Skip(Exception):
    """Not a part whose size matters: stop scanning it."""


SHEET_ROOTS = frozenset({"worksheet", "dialogsheet", "externalLink"})
MAX_STRINGS = (MAX_ROWS + 1) * MAX_COLUMNS


class _PartScan:
    def __init__(self, too_many_rows, max_rows):
        self.too_many_rows = too_many_rows
        self.max_rows = max_rows
        self.root = None
        self.row = 0
        self.column = 0
        self.strings = 0

    def doctype(self, *args):
        raise LimitExceeded(_("无法读取文件：不是有效的 Excel（.xlsx）文件"))

    def start(self, name, attrs):
        tag = name.rpartition(" ")[2]
        if self.root is None:
            self.root = tag
            if tag not in SHEET_ROOTS and tag != "sst":
                raise _Skip
        elif self.root == "sst":
            if tag == "si":
                self.strings += 1
                if self.strings > MAX_STRINGS:
                    raise LimitExceeded(
                        _("文件中的文字单元格过多（最多 %(max)d 个），无法读取")
                        % {"max": MAX_STRINGS}
                    )
        elif tag == "row":
            number = attrs.get("r")
            self.row = int(number) if number and number.isdigit() else self.row + 1
            self.column = 0
            self._check(None, self.row, f"{self.row}")
        elif tag in ("c", "cell"):
            ref = attrs.get("r", "")
            column, row = self._parse(ref)
            self.column = column or self.column + 1
            self._check(self.column, row or self.row, ref)
        elif tag == "dimension":
            corner = attrs.get("ref", "").rpartition(":")[2]
            column, row = self._parse(corner)
            self._check(column, row, corner)

    @staticmethod
    def _parse(ref):
        match = _REF_RE.match(ref.strip())
        if not match:
            return None, None
        letters, digits = match.groups()
        return (
            _column_number(letters) if letters else None,
            int(digits) if digits else None,
        )

    def _check(self, column, row, ref):
        if column is not None and column > MAX_COLUMNS:
            raise LimitExceeded(too_many_columns_message(ref))
        if row is not None and row > self.max_rows + 1:
            raise LimitExceeded(
                too_many_rows_message(self.too_many_rows, self.max_rows)
            )


# --- a CSV file ---------------------------------------------------------------------


def bounded_lines(lines, *, too_many_rows, max_rows=MAX_ROWS):
    """The lines of a CSV file, refused past MAX_LINE_CHARS characters in one
    line or MAX_ROWS + 1 lines (blank ones too; a quoted cell's line breaks
    count as lines)."""
    for number, line in enumerate(lines, start=1):
        if number > max_rows + 1:
            raise LimitExceeded(too_many_rows_message(too_many_rows, max_rows))
        if len(line) > MAX_LINE_CHARS:
            raise LimitExceeded(
                _("第 %(row)d 行过长（一行最多 %(max)d 个字符）")
                % {"row": number, "max": MAX_LINE_CHARS}
            )
        yield line


def check_csv_row(number, values):
    """A row of a CSV file with a value beyond MAX_COLUMNS is refused; blank
    cells past it (Excel's trailing commas) are dropped."""
    if len(values) <= MAX_COLUMNS:
        return values
    extra = values[MAX_COLUMNS:]
    if any(value.strip() for value in extra):
        index = MAX_COLUMNS + next(i for i, v in enumerate(extra) if v.strip())
        cell = f"{column_letter(index + 1)}{number}"
        raise LimitExceeded(too_many_columns_message(cell))
    return values[:MAX_COLUMNS]

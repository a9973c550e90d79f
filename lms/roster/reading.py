"""Transitional: the old names of the file reader, now lms.imports, for the
paper register's import until it moves onto lms.imports (then this goes)."""

from ..imports import RowError as RosterError
from ..imports import TableFormat, typed_text
from ..imports import read_rows as _read_rows

__all__ = ["RosterError", "read_rows", "typed_text"]


def read_rows(
    data, filename, clean_row, *, too_many_rows, known, required, aliases, ignored
):
    table_format = TableFormat(known, required, aliases, ignored, too_many_rows)
    return _read_rows(data, filename, table_format, clean_row)

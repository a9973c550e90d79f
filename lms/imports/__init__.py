"""File imports (名册, 题库, 纸质签到表): one way to read a table, report its
problems, plan it and import it once.

An import reads an .xlsx or .csv file (UTF-8, GBK or UTF-16) with its own
columns, cleans each row the way people type it, plans what the file would do
against the database (an ImportPlan: errors by row and column, or what to
create, update and leave), and writes the plan all or nothing. In the admin the
file is uploaded → previewed → confirmed; the upload is one PendingImport,
claimed exactly once on confirm.

- ``cleaning``: cells as text the way people type them.
- ``limits``: the bounds of a file (5 MB, 30 columns, 5,000 rows, the
  uncompressed size of an .xlsx), checked before it is parsed.
- ``reading``: the file into rows (TableFormat: an import's columns); RowError,
  a problem at a row (as numbered in Excel) and column; ``read_ahead()``, the
  file read once before the transaction that imports it.
- ``uploads``: the upload bounded before the request body is read.
- ``plan``: ImportPlan and FieldChange, the base of each import's plan;
  ImportInvalid.
- ``pending``: the stored upload: kept, checked again, confirmed once.
- ``views``: ImportViews, the upload → preview → confirm view base.
"""

from .cleaning import cell_text, is_blank, text_cell, typed_text
from .pending import (
    ImportNotPending,
    pending_confirm,
    pending_data,
    pending_plan,
    pending_save,
)
from .plan import FieldChange, ImportInvalid, ImportPlan
from .reading import (
    MAX_ROWS,
    FileUnreadable,
    ReadAhead,
    RowError,
    TableFormat,
    read_ahead,
    read_rows,
    read_table,
)

__all__ = [
    "MAX_ROWS",
    "FieldChange",
    "FileUnreadable",
    "ImportInvalid",
    "ImportNotPending",
    "ImportPlan",
    "ReadAhead",
    "RowError",
    "TableFormat",
    "cell_text",
    "is_blank",
    "pending_confirm",
    "pending_data",
    "pending_plan",
    "pending_save",
    "read_ahead",
    "read_rows",
    "read_table",
    "text_cell",
    "typed_text",
]

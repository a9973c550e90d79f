"""名册导入: read, clean, check and plan a roster import. Nothing here writes.

The flow is ``plan_roster()`` → a ``RosterPlan`` (errors, or the cadres to create
and update, places to create and village class changes) → the service
``lms.services.roster_import()``, which plans again inside one transaction and
applies the plan, all or nothing.

- ``reading``: the columns of a roster file; .xlsx and .csv into rows of cells;
  the header row; RosterError, a problem at a row (as numbered in Excel) and column.
  ``read_rows()`` and the header options serve other imports too (exams.questions).
- ``aliases``: the names people write for sexes, ethnic groups, positions and
  village classes.
- ``cleaning``: one row's cells into a RosterRow, the way people type them.
- ``plan``: RosterPlan and what it holds; RosterInvalid.
- ``planning``: ``plan_roster()``: rows against each other and the database.
- ``display``: values and summaries as shown to people, personal data masked.
- ``template``: the downloadable .xlsx template.

Personal data never leaves this package whole: ID and mobile numbers in messages
and change lists are masked.
"""

from .cleaning import RosterRow, clean_row
from .display import class_label, display_value, short_class_label, summary_lines
from .plan import (
    CadreCreate,
    CadreUpdate,
    FieldChange,
    RosterInvalid,
    RosterNotPending,
    RosterPlan,
    VillageClassChange,
)
from .planning import plan_roster
from .reading import (
    COLUMNS,
    MAX_ROWS,
    REQUIRED_COLUMNS,
    RosterError,
    RosterFileError,
    read_table,
)
from .template import template_xlsx

__all__ = [
    "COLUMNS",
    "MAX_ROWS",
    "REQUIRED_COLUMNS",
    "CadreCreate",
    "CadreUpdate",
    "FieldChange",
    "RosterError",
    "RosterFileError",
    "RosterInvalid",
    "RosterNotPending",
    "RosterPlan",
    "RosterRow",
    "VillageClassChange",
    "class_label",
    "clean_row",
    "display_value",
    "plan_roster",
    "read_table",
    "short_class_label",
    "summary_lines",
    "template_xlsx",
]

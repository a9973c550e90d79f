"""名册导入: read, clean, check and plan a roster import. Nothing here writes.

The flow is ``plan_roster()`` → a ``RosterPlan`` (errors, or the cadres to create
and update, places to create and village class changes) → the service
``lms.services.roster_import()``, which plans again inside one transaction and
applies the plan, all or nothing. Files are read, problems reported and uploads
kept for confirmation by lms.imports, as for every import.

- ``columns``: the columns of a roster file (ROSTER_FORMAT).
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
from .columns import COLUMNS, REQUIRED_COLUMNS, ROSTER_FORMAT
from .display import class_label, display_value, short_class_label, summary_lines
from .plan import (
    CadreCreate,
    CadreUpdate,
    RosterInvalid,
    RosterPlan,
    VillageClassChange,
)
from .planning import plan_roster
from .template import template_xlsx

__all__ = [
    "COLUMNS",
    "REQUIRED_COLUMNS",
    "ROSTER_FORMAT",
    "CadreCreate",
    "CadreUpdate",
    "RosterInvalid",
    "RosterPlan",
    "RosterRow",
    "VillageClassChange",
    "class_label",
    "clean_row",
    "display_value",
    "plan_roster",
    "short_class_label",
    "summary_lines",
    "template_xlsx",
]

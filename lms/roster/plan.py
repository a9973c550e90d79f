"""RosterPlan: what importing a roster file would do, or why it cannot be done.

Made by ``planning.plan_roster()``, applied by ``lms.services.roster_import()``;
``summary()`` is its masked, JSON-ready account kept with an upload. Its base,
ImportPlan, is shared with the question bank's import (exams.questions).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ..models import Cadre, Village
from .cleaning import RosterRow
from .display import class_label
from .reading import RosterError


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class CadreCreate:
    row: RosterRow
    user_id: int | None = None  # an existing cadre account without a profile


@dataclass
class CadreUpdate:
    row: RosterRow
    cadre: Cadre
    values: dict  # attribute → new value; "village" holds a (township, village) key
    changes: list[FieldChange]


@dataclass
class VillageClassChange:
    village: Village
    old: int
    new: int


@dataclass
class ImportPlan:
    """What any file import would do (a roster's, a question bank's): the file,
    its problems by row and column, the rows read, and the rows to create, to
    update and left unchanged. Nothing may be applied unless ``ok``."""

    filename: str
    errors: list[RosterError] = field(default_factory=list)
    rows: list = field(default_factory=list)
    creates: list = field(default_factory=list)
    updates: list = field(default_factory=list)
    unchanged: int = 0

    @property
    def ok(self):
        return not self.errors

    def error(self, row, column, message):
        self.errors.append(RosterError(row, column, message))

    def errors_by_row(self):
        """The errors in the file's order (whole-file ones first), each row's
        in the order they were found."""
        return sorted(self.errors, key=lambda e: (e.row is not None, e.row or 0))

    def summary(self, *, max_errors=1000):
        """A JSON-ready account of the plan; subclasses add what they plan."""
        return {
            "filename": self.filename,
            "rows": len(self.rows),
            "created": len(self.creates),
            "updated": len(self.updates),
            "unchanged": self.unchanged,
            "error_count": len(self.errors),
            "errors": [e.as_dict() for e in self.errors_by_row()[:max_errors]],
        }


@dataclass
class RosterPlan(ImportPlan):
    """What importing a roster would do: rows are RosterRows, creates
    CadreCreates, updates CadreUpdates."""

    create_places: bool = False
    new_townships: list[str] = field(default_factory=list)
    new_villages: dict = field(default_factory=dict)  # (township, village) → class
    village_class_changes: list[VillageClassChange] = field(default_factory=list)

    def summary(self, *, max_errors=1000):
        """A JSON-ready, masked account of the plan (kept in RosterImport.summary)."""
        return {
            **super().summary(max_errors=max_errors),
            "new_townships": list(self.new_townships),
            "new_villages": [
                {"township": t, "village": v, "class": class_label(c), "number": c}
                for (t, v), c in self.new_villages.items()
            ],
            "village_class_changes": [
                {
                    "township": change.village.township.name,
                    "village": change.village.name,
                    "old": class_label(change.old),
                    "new": class_label(change.new),
                }
                for change in self.village_class_changes
            ],
            "updates": [
                {
                    "row": update.row.row,
                    "name": update.row.name,
                    "changes": [
                        {"field": c.label, "old": c.old, "new": c.new}
                        for c in update.changes
                    ],
                }
                for update in self.updates
            ],
        }


class RosterInvalid(Exception):
    """The file has errors; nothing was imported. ``plan.errors`` says why."""

    def __init__(self, plan):
        self.plan = plan
        super().__init__(
            _("名册有 %(count)d 处错误，未导入任何数据") % {"count": len(plan.errors)}
        )


class RosterNotPending(Exception):
    """The uploaded roster was already imported or rejected."""

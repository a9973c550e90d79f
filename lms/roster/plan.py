"""RosterPlan: what importing a roster file would do, or why it cannot be done.

Made by ``planning.plan_roster()``, applied by ``lms.services.roster_import()``;
``summary()`` is its masked, JSON-ready account kept with an upload. Its base is
lms.imports' ImportPlan.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy

from ..imports import FieldChange, ImportInvalid, ImportPlan
from ..models import Cadre, Village
from .cleaning import RosterRow
from .display import class_label


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
class RosterPlan(ImportPlan):
    """What importing a roster would do: rows are RosterRows, creates
    CadreCreates, updates CadreUpdates."""

    create_places: bool = False
    new_townships: list[str] = field(default_factory=list)
    new_villages: dict = field(default_factory=dict)  # (township, village) → class
    village_class_changes: list[VillageClassChange] = field(default_factory=list)

    def summary(self, *, max_errors=1000):
        """A JSON-ready, masked account of the plan (kept in PendingImport.summary)."""
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


class RosterInvalid(ImportInvalid):
    """The file has errors; nothing was imported. ``plan.errors`` says why."""

    message = gettext_lazy("名册有 %(count)d 处错误，未导入任何数据")

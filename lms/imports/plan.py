"""ImportPlan: what importing a file would do, or why it cannot be done; the
base of each import's plan (a roster's, a question bank's, a paper register's).

Made by the import's planning, applied by its writes; ``summary()`` is its
JSON-ready account kept with a pending upload.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy

from .reading import RowError


@dataclass(frozen=True)
class FieldChange:
    """One value an update changes, as shown to people."""

    label: str
    old: str
    new: str


@dataclass
class ImportPlan:
    """The file, its problems by row and column, the rows read, and the rows to
    create, to update and left unchanged. Nothing may be applied unless ``ok``."""

    filename: str
    errors: list[RowError] = field(default_factory=list)
    rows: list = field(default_factory=list)
    creates: list = field(default_factory=list)
    updates: list = field(default_factory=list)
    unchanged: int = 0

    @property
    def ok(self):
        return not self.errors

    def error(self, row, column, message):
        self.errors.append(RowError(row, column, message))

    def sort_errors(self, columns):
        """Errors by row, each row's in the order of the file format's columns."""
        order = {column: index for index, column in enumerate(columns)}
        self.errors.sort(key=lambda e: (e.row or 0, order.get(e.column, len(order))))

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


class ImportInvalid(Exception):
    """The file has errors; nothing was imported. ``plan.errors`` says why.
    Each import says so in its own words (``message``, with %(count)d)."""

    message = gettext_lazy("文件有 %(count)d 处错误，未导入任何数据")

    def __init__(self, plan):
        self.plan = plan
        super().__init__(str(self.message) % {"count": len(plan.errors)})

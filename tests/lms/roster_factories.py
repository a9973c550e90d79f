"""Helpers of the roster import tests: import rows, check that a file is refused
and that nothing was written."""

import pytest

from lms.models import Cadre, Township, User, Village
from lms.roster import RosterInvalid
from lms.services import roster_import
from tests.lms.roster_files import person, roster_csv, roster_xlsx


def written():
    """Everything an import may write, to show that nothing was."""
    return {
        "cadres": Cadre.objects.count(),
        "cadre_history": Cadre.history.count(),
        "users": User.objects.count(),
        "townships": Township.objects.count(),
        "villages": Village.objects.count(),
        "village_history": Village.history.count(),
        "classes": list(Village.objects.values_list("village_class", flat=True)),
    }


def import_rows(rows, *, user=None, create_places=False, fmt="csv"):
    data = roster_xlsx(rows) if fmt == "xlsx" else roster_csv(rows)
    return roster_import(
        data=data, filename=f"名册.{fmt}", create_places=create_places, user=user
    )


def assert_rejected(rows_or_data, *, row, column, reason, create_places=False):
    """Importing fails with an error naming row, column and reason; nothing is
    written. Returns the error."""
    before = written()
    data = rows_or_data if isinstance(rows_or_data, bytes) else roster_csv(rows_or_data)
    with pytest.raises(RosterInvalid) as caught:
        roster_import(
            data=data, filename="名册.csv", create_places=create_places, user=None
        )
    assert written() == before
    errors = caught.value.plan.errors
    matching = [
        e for e in errors if e.row == row and e.column == column and reason in e.message
    ]
    assert matching, [str(e) for e in errors]
    return matching[0]


def good_rows(n=3, start=1):
    return [person(serial) for serial in range(start, start + n)]

"""The role × action table: what each role gets from every view and export of
ours (tables_portal, tables_admin), so that a new view cannot forget its check.

A new URL of ours (a view in lms, cms, courses or exams, or any URL of an admin
viewset that has one) fails test_every_url_of_ours_is_in_the_table until its
row is added: write down what each role should get, then make the view do it.
"""

import pytest
from django.test import Client
from django.urls import reverse

from . import tables_admin, tables_portal
from .outcomes import answer, our_url_names
from .world import ROLES

SECTIONS = {
    "learning": tables_portal.LEARNING,
    "attendance": tables_portal.ATTENDANCE,
    "reports": tables_admin.REPORTS,
    "teaching": tables_admin.TEACHING,
    "people": tables_admin.PEOPLE,
    "question_bank": tables_admin.QUESTION_BANK,
    "sessions": tables_admin.SESSIONS,
    "videos": tables_admin.VIDEOS,
}
TABLE = {name: row for section in SECTIONS.values() for name, row in section.items()}
PAGE_ROWS = ("page:", "page_edit:")  # by the world's URLs, not by URL name


def _parse(row):
    method, *cells = row.split()
    assert len(cells) == len(ROLES), row
    return method, [int(cell) if cell.isdigit() else cell for cell in cells]


def test_every_url_of_ours_is_in_the_table():
    listed = {name for name in TABLE if not name.startswith(PAGE_ROWS)}
    ours = set(our_url_names())
    assert sorted(ours - listed) == [], "views missing from the table"
    assert sorted(listed - ours) == [], "rows of views that no longer exist"


def _clients(world):
    clients = {}
    for role in ROLES:
        clients[role] = Client()
        if role != "anonymous":
            clients[role].force_login(world.users[role])
    return clients


@pytest.mark.parametrize("section", SECTIONS)
def test_each_role_gets_what_the_table_says(world, section):
    clients = _clients(world)
    names = our_url_names()
    wrong = []
    for name, row in SECTIONS[section].items():
        method, expected = _parse(row)
        if name.startswith(PAGE_ROWS):
            url = world.pages[name]
        else:
            kwargs = world.kwargs(names[name], name.rpartition(":")[0])
            url = reverse(name, kwargs=kwargs)
        got = [answer(clients[role], method, url) for role in ROLES]
        if got != expected:
            wrong.append(f"{name}: {method} {' '.join(map(str, got))}")
    assert wrong == [], "\n".join(wrong)

"""Fixtures of the session pages' tests (projector, check-in, the course and
home pages): an elective course and a session starting in ten minutes (the
cadre is enrolled by tests/conftest.py's enrolled). Modules with sessions at
fixed times define their own."""

from decimal import Decimal

import pytest

from courses.models import Requirement

from ..factories import make_course, make_session_soon, tracks


@pytest.fixture
def course(db):
    return make_course(
        tracks()[0],
        title="村务公开实务",
        requirement=Requirement.ELECTIVE,
        credit_hours=Decimal("6"),
    )


@pytest.fixture
def session(course, trainer):
    return make_session_soon(course, trainer)

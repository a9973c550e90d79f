"""Fixtures of the exams tests (the people fixtures are tests/conftest.py's)."""

import pytest


@pytest.fixture
def bank_trainer(trainer):
    return trainer  # the 讲师 group has the bank permissions (lms ROLE_GROUPS)

"""Fixtures of the lms tests (the people fixtures are tests/conftest.py's)."""

import pytest


@pytest.fixture
def banner(village, other_village):
    """东明镇 东明村 (一类) and 八仙筒镇 八仙筒村 (三类)."""
    return village, other_village

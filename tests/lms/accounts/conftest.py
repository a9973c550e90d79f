"""Fixtures of the accounts tests."""

import pytest
import time_machine

from tests.clock import T0


@pytest.fixture
def clock():
    """The clock stopped at T0, to be shifted (lockouts and idle sessions
    expire; a TOTP code stays valid until shifted)."""
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller

"""The tests' one clock: fixed instants in Beijing time (UTC+8; China keeps
no daylight saving, so a fixed offset is Asia/Shanghai)."""

import datetime as dt

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def beijing(year, month, day, hour=0, minute=0, second=0):
    """That wall-clock moment in Beijing."""
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=SHANGHAI)


# The mornings the tests' stories start on.
T0 = beijing(2025, 3, 1, 9)  # online study, completion, archives
QUIZ_START = beijing(2026, 5, 1, 9)  # quiz attempts
SESSION_START = beijing(2026, 6, 1, 9)  # classroom sessions and their records


def at(minutes=0, *, seconds=0):
    """minutes (and seconds) after T0."""
    return T0 + dt.timedelta(minutes=minutes, seconds=seconds)


def quiz_at(minutes):
    """minutes after QUIZ_START."""
    return QUIZ_START + dt.timedelta(minutes=minutes)


def session_at(minutes):
    """minutes after SESSION_START."""
    return SESSION_START + dt.timedelta(minutes=minutes)

"""A session's state (未开始, 签到中, 进行中, 待结束考勤, 已结束), from its times,
its check-in rules and its register, wherever a session is shown: the admin
list (and its filter), the details, the register, the course and home pages."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from courses.attendance.checkin import checkin
from courses.attendance.services import session_close
from courses.models import AttendanceState, Requirement, TrainingSession
from courses.services import enrollment_choose
from tests.clock import SESSION_START

from .. import factories
from ..factories import make_course, tracks

State = TrainingSession.State
SECOND = dt.timedelta(seconds=1)


@pytest.fixture
def course(trainer):
    return make_course(
        tracks()[0],
        title="村务公开实务",
        requirement=Requirement.ELECTIVE,
        credit_hours=Decimal("6"),
        trainers=[trainer],
    )


def make_session(course, trainer, **fields):
    """Three hours from starts_at (SESSION_START unless given); check-in opens 30
    minutes before, late after 10 minutes."""
    return factories.make_session(
        course, trainer, checkin_opens_minutes=30, late_after_minutes=10, **fields
    )


@pytest.fixture
def session(course, trainer):
    return make_session(course, trainer)


OPENS = SESSION_START - dt.timedelta(minutes=30)
LATE_AFTER = SESSION_START + dt.timedelta(minutes=10)
ENDS = SESSION_START + dt.timedelta(hours=3)


# ---- The rule, around each boundary ---------------------------------------------


@pytest.mark.parametrize(
    ("moment", "state"),
    [
        (SESSION_START - dt.timedelta(days=11), State.NOT_STARTED),
        (OPENS - SECOND, State.NOT_STARTED),
        (OPENS, State.CHECKIN),
        (SESSION_START, State.CHECKIN),
        (LATE_AFTER, State.CHECKIN),
        (LATE_AFTER + SECOND, State.IN_PROGRESS),
        (ENDS, State.IN_PROGRESS),
        (ENDS + SECOND, State.TO_CLOSE),
        (ENDS + dt.timedelta(days=30), State.TO_CLOSE),
    ],
)
def test_the_state_follows_the_times(session, moment, state):
    assert session.state_at(moment) == state


def test_a_closed_register_is_over_whatever_the_time(session, trainer):
    session_close(
        session=session, by=trainer, now=SESSION_START - dt.timedelta(hours=1)
    )
    session.refresh_from_db()
    assert session.state_at(SESSION_START - dt.timedelta(hours=2)) == State.CLOSED
    assert session.state_at(ENDS + SECOND) == State.CLOSED
    assert State.CLOSED.label == "已结束"


def test_a_short_session_is_checking_in_until_its_end(course, trainer):
    session = make_session(course, trainer)
    session.ends_at = SESSION_START + dt.timedelta(minutes=5)  # ends before the grace
    assert session.state_at(session.ends_at) == State.CHECKIN
    assert session.state_at(session.ends_at + SECOND) == State.TO_CLOSE


def test_the_states_match_what_check_in_accepts(course, trainer, cadre):
    """签到中: a check-in is on time; 进行中: late; before and after: refused."""
    enrollment_choose(cadre=cadre, course=course)

    def scan(moment):
        session = make_session(course, trainer, title=f"场次{moment:%H%M%S}")
        try:
            mark, _created = checkin(
                session=session, cadre=cadre, now=moment, scanned_at=moment
            )
        except ValidationError:
            return session.state_at(moment), None
        return session.state_at(moment), mark.state

    assert scan(OPENS - SECOND) == (State.NOT_STARTED, None)
    assert scan(OPENS) == (State.CHECKIN, AttendanceState.PRESENT)
    assert scan(LATE_AFTER) == (State.CHECKIN, AttendanceState.PRESENT)
    assert scan(LATE_AFTER + SECOND) == (State.IN_PROGRESS, AttendanceState.LATE)
    assert scan(ENDS) == (State.IN_PROGRESS, AttendanceState.LATE)
    assert scan(ENDS + SECOND) == (State.TO_CLOSE, None)


# ---- Where the state is shown ---------------------------------------------------


def from_now(**delta):
    return timezone.now() + dt.timedelta(**delta)


@pytest.fixture
def sessions_from_now(course, trainer):
    """One session in each state, around the real clock."""
    closed = make_session(
        course, trainer, starts_at=from_now(days=-3), title="已关场次"
    )
    closed.closed_at, closed.closed_by = from_now(days=-3, hours=4), trainer
    closed.save()
    return {
        State.NOT_STARTED: make_session(
            course, trainer, starts_at=from_now(days=11), title="十一天后场次"
        ),
        State.CHECKIN: make_session(
            course, trainer, starts_at=from_now(minutes=15), title="签到场次"
        ),
        State.IN_PROGRESS: make_session(
            course, trainer, starts_at=from_now(hours=-1), title="上课场次"
        ),
        State.TO_CLOSE: make_session(
            course, trainer, starts_at=from_now(hours=-5), title="待关场次"
        ),
        State.CLOSED: closed,
    }


def state_of_row(page, title):
    """The state tag in the admin list's row of title."""
    row = page[page.index(title) :]
    row = row[: row.index("</tr>")]
    return row.split("lms-session-state--", 1)[1].split('"', 1)[0]


def test_the_admin_list_shows_each_sessions_state(client, trainer, sessions_from_now):
    client.force_login(trainer)
    page = client.get(reverse("training_sessions:index")).content.decode()
    assert "考勤中" not in page
    for state, session in sessions_from_now.items():
        assert state_of_row(page, session.title) == state
    assert ">未开始<" in page and ">待结束考勤<" in page


@pytest.mark.parametrize("state", State.values)
def test_the_admin_list_filters_by_state(client, trainer, sessions_from_now, state):
    client.force_login(trainer)
    response = client.get(reverse("training_sessions:index"), {"state": state})
    page = response.content.decode()
    for other, session in sessions_from_now.items():
        assert (session.title in page) == (other == state), (other, state)


def test_the_details_show_the_state(client, trainer, sessions_from_now):
    client.force_login(trainer)
    session = sessions_from_now[State.NOT_STARTED]
    url = reverse("training_sessions:inspect", args=[session.pk])
    page = client.get(url).content.decode()
    assert "状态" in page and ">未开始<" in page


def test_the_register_shows_the_state(client, trainer, sessions_from_now):
    client.force_login(trainer)

    def register(state):
        session = sessions_from_now[state]
        return client.get(reverse("courses:register", args=[session.pk]))

    page = register(State.CHECKIN).content.decode()
    assert "register-session-state-checkin" in page and ">签到中<" in page
    assert "本场培训尚未结束（签到中）" in page  # said before closing early
    page = register(State.TO_CLOSE).content.decode()
    assert ">待结束考勤<" in page and "请核对考勤后结束考勤" in page
    assert register(State.TO_CLOSE).status_code == 200
    data = client.get(
        reverse("courses:register_state", args=[sessions_from_now[State.CHECKIN].pk])
    ).json()
    assert (data["state"], data["state_label"]) == ("checkin", "签到中")


def test_the_course_page_shows_the_state(client, course, cadre, sessions_from_now):
    enrollment_choose(cadre=cadre, course=course)
    client.force_login(cadre.user)
    page = client.get(course.url).content.decode()
    for state in sessions_from_now:
        assert f"session-phase-{state}" in page
    future = page[page.index("十一天后场次") :]
    future = future[: future.index("</li>")]
    assert "未开始" in future
    assert "未签到" not in future  # not yet a question 11 days ahead


def test_the_home_page_shows_the_state(client, course, cadre, sessions_from_now):
    enrollment_choose(cadre=cadre, course=course)
    client.force_login(cadre.user)
    page = client.get("/").content.decode()
    assert "session-phase-not_started" in page and "session-phase-checkin" in page
    assert "session-phase-in_progress" in page

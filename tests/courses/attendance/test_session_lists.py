"""The sessions on the course page (with the cadre's own state) and on the
home page (a cadre's upcoming ones), in constant queries."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses.models import (
    AttendanceMark,
    Requirement,
    TrainingSession,
)
from courses.services import enrollment_choose
from tests.clock import SHANGHAI

from ..factories import make_course, make_session_soon, tracks

# ---- Sessions on the course and home pages ------------------------------------------


def test_course_page_lists_sessions_with_the_cadres_state(
    client, course, trainer, cadre, enrolled
):
    sessions = [make_session_soon(course, trainer, title=f"场次{i}") for i in range(5)]
    states = ["present", "late", "excused", "absent"]
    for session, state in zip(sessions, states, strict=False):
        AttendanceMark.objects.create(
            session=session, cadre=cadre, state=state, source="register"
        )
    client.force_login(cadre.user)
    page = client.get(course.url).content.decode()
    assert "集中培训" in page
    for session in sessions:
        assert session.title in page and session.place in page
    start = timezone.localtime(sessions[0].starts_at, SHANGHAI)
    assert start.strftime("%Y-%m-%d %H:%M") in page
    for label in ["已签到", "迟到", "请假", "缺勤", "未签到"]:
        assert f">{label}</span>" in page
    assert "3 学时" in page


def test_course_page_shows_no_state_to_a_cadre_not_enrolled(
    client, course, trainer, cadre
):
    make_session_soon(course, trainer, title="场次甲")
    client.force_login(cadre.user)
    page = client.get(course.url).content.decode()
    assert "场次甲" in page and "未签到" not in page


def _course_page_queries(client, url):
    client.get(url)  # warm up
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx), response.content.decode().count('class="session-item"')


def test_course_page_queries_do_not_grow_with_sessions(
    client, course, trainer, cadre, enrolled
):
    client.force_login(cadre.user)
    first = make_session_soon(course, trainer)
    AttendanceMark.objects.create(
        session=first, cadre=cadre, state="present", source="register"
    )
    one, shown = _course_page_queries(client, course.url)
    assert shown == 1
    for _i in range(4):
        session = make_session_soon(course, trainer)
        AttendanceMark.objects.create(
            session=session, cadre=cadre, state="late", source="register"
        )
    five, shown = _course_page_queries(client, course.url)
    assert shown == 5
    assert one == five


def test_home_page_shows_a_cadres_upcoming_sessions(
    client, course, trainer, cadre, enrolled
):
    other_course = make_course(tracks()[1], requirement=Requirement.ELECTIVE)
    make_session_soon(course, trainer, title="我的场次")
    make_session_soon(other_course, trainer, title="别的场次")
    make_session_soon(
        course, trainer, title="已结束场次", starts_in=-dt.timedelta(hours=5)
    )
    client.force_login(cadre.user)
    page = client.get("/").content.decode()
    assert "我的集中培训" in page and "我的场次" in page
    assert "别的场次" not in page and "已结束场次" not in page

    client.logout()
    page = client.get("/").content.decode()
    assert "近期集中培训" in page and "我的场次" in page and "别的场次" in page
    assert "已结束场次" not in page


def test_home_page_follows_a_chosen_roster_not_enrolment(
    client, course, trainer, cadre, other_cadre, township
):
    """A session for chosen cadres shows to them before they ever open its
    course, and not to an enrolled cadre left off the list."""
    chosen = make_session_soon(
        course,
        trainer,
        title="本镇书记培训",
        roster=TrainingSession.Roster.CHOSEN,
        roster_positions=[cadre.position],
    )
    chosen.roster_townships.set([township])
    chosen.save()  # a ParentalManyToManyField is written on save
    enrollment_choose(cadre=other_cadre, course=course)
    client.force_login(cadre.user)
    assert "本镇书记培训" in client.get("/").content.decode()
    client.force_login(other_cadre.user)  # enrolled, another township
    assert "本镇书记培训" not in client.get("/").content.decode()


def test_home_page_sessions_take_the_same_queries(
    client, course, trainer, cadre, enrolled
):
    client.force_login(cadre.user)

    def count():
        client.get("/")
        with CaptureQueriesContext(connection) as ctx:
            client.get("/")
        return len(ctx)

    make_session_soon(course, trainer)
    one = count()
    for _i in range(4):
        make_session_soon(course, trainer)
    assert count() == one

"""The check-in pages: the trainer's projector with its rotating QR code, the
cadre's check-in and check-out, and the sessions on the course and home pages."""

import datetime as dt
import time
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.models import (
    AttendanceMark,
    AttendanceState,
    Requirement,
    TrainingSession,
)
from courses.services import checkin_code, enrollment_choose
from lms.models import Role
from lms.services import user_create
from tests.conftest import PASSWORD

from .factories import make_course, tracks


@pytest.fixture
def course(db):
    return make_course(
        tracks()[0],
        title="村务公开实务",
        requirement=Requirement.ELECTIVE,
        credit_hours=Decimal("6"),
    )


def make_session(course, trainer, *, starts_in=dt.timedelta(minutes=10), **fields):
    """A session of three hours starting starts_in from now (check-in opens
    30 minutes before)."""
    starts_at = timezone.now() + starts_in
    n = TrainingSession.objects.count() + 1
    return TrainingSession.objects.create(
        course=course,
        title=fields.pop("title", f"第{n}场：四议两公开"),
        place=fields.pop("place", "东明镇党群服务中心"),
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=3),
        credit_hours=Decimal("3"),
        trainer=trainer,
        **fields,
    )


@pytest.fixture
def session(course, trainer):
    return make_session(course, trainer)


@pytest.fixture
def enrolled(cadre, course):
    return enrollment_choose(cadre=cadre, course=course)


def checkin_url(session, code=None):
    url = reverse("courses:checkin", args=[session.pk])
    return url if code is None else f"{url}?code={code}"


def marks():
    return AttendanceMark.objects.count()


# ---- The projector ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("session_trainer", 200),
        ("course_trainer", 200),
        ("administrator", 200),
        ("other_trainer", 403),
        ("banner_supervisor", 403),
        ("cadre", 403),
    ],
)
def test_projector_is_for_the_sessions_trainers_and_administrators(
    client, request, course, session, who, status
):
    if who == "session_trainer":
        user = session.trainer
    elif who in ("course_trainer", "other_trainer"):
        user = user_create(
            username=who, name="李讲师", role=Role.TRAINER, password=PASSWORD
        )
        if who == "course_trainer":
            course.trainers.add(user)
            course.save()
    elif who == "cadre":
        user = request.getfixturevalue("cadre").user
    else:
        user = request.getfixturevalue(who)
    client.force_login(user)
    for name in ("courses:projector", "courses:projector_code"):
        response = client.get(reverse(name, args=[session.pk]))
        assert response.status_code == status, name


def test_projector_sends_the_logged_out_to_log_in(client, session):
    url = reverse("courses:projector", args=[session.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert (
        client.get(reverse("courses:projector_code", args=[session.pk])).status_code
        == 302
    )


def test_projector_shows_the_session_a_qr_code_and_counts(
    client, session, cadre, enrolled
):
    client.force_login(session.trainer)
    response = client.get(reverse("courses:projector", args=[session.pk]))
    page = response.content.decode()
    assert session.title in page and session.place in page
    assert "<svg" in page and 'class="qr-code"' in page
    assert 'width="' not in page.split("<svg", 1)[1].split(">", 1)[0]  # scales
    url = response.context["url"]
    assert url.startswith("http://testserver/courses/sessions/")
    assert url in page
    assert (response.context["checked_in"], response.context["expected"]) == (0, 1)
    assert "courses/js/projector.js" in page


def test_a_closed_sessions_projector_shows_no_code(client, session, trainer):
    session.closed_at = timezone.now()
    session.save()
    client.force_login(session.trainer)
    page = client.get(reverse("courses:projector", args=[session.pk])).content.decode()
    assert "本场培训已结束考勤" in page and "<svg" not in page
    code_url = reverse("courses:projector_code", args=[session.pk])
    data = client.get(code_url).json()
    assert data["closed"] is True and "url" not in data and "qr_svg" not in data


def test_the_code_endpoint_gives_a_fresh_code_that_checks_in(
    client, session, cadre, enrolled, monkeypatch
):
    client.force_login(session.trainer)
    code_url = reverse("courses:projector_code", args=[session.pk])
    now = time.time()
    monkeypatch.setattr("django.core.signing.time.time", lambda: now)
    first = client.get(code_url).json()
    monkeypatch.setattr("django.core.signing.time.time", lambda: now + 15)
    data = client.get(code_url).json()
    assert data["url"] != first["url"]
    assert data["refresh_seconds"] == 15
    assert (data["checked_in"], data["expected"]) == (0, 1)
    assert data["qr_svg"].startswith("<svg")

    parts = urlsplit(data["url"])
    code = parse_qs(parts.query)["code"][0]
    client.force_login(cadre.user)
    response = client.post(parts.path, {"code": code})
    assert "签到成功" in response.content.decode()
    assert AttendanceMark.objects.get(session=session, cadre=cadre).state == "present"

    client.force_login(session.trainer)
    assert client.get(code_url).json()["checked_in"] == 1


# ---- Check-in --------------------------------------------------------------------


def test_scanning_remembers_the_scan_and_shows_the_confirm_button(
    client, session, cadre, enrolled
):
    client.force_login(cadre.user)
    code = checkin_code(session)
    response = client.get(checkin_url(session, code))
    assert response.status_code == 302
    assert response.url == checkin_url(session)  # the code leaves the address bar
    response = client.get(response.url)
    page = response.content.decode()
    assert response.status_code == 200
    assert "确认签到" in page and session.title in page
    assert code not in page
    assert marks() == 0
    response = client.post(checkin_url(session))
    assert "签到成功" in response.content.decode()
    assert marks() == 1


def test_a_scan_stays_good_for_five_minutes_not_more(
    client, session, cadre, enrolled, monkeypatch
):
    client.force_login(cadre.user)
    client.get(checkin_url(session, checkin_code(session)))
    now = timezone.now()
    monkeypatch.setattr(
        "django.utils.timezone.now", lambda: now + dt.timedelta(seconds=301)
    )
    page = client.get(checkin_url(session)).content.decode()
    assert "扫码已超过 5 分钟" in page and "确认签到" not in page
    page = client.post(checkin_url(session)).content.decode()
    assert "扫码已超过 5 分钟" in page
    assert marks() == 0


def test_without_a_scan_there_is_nothing_to_confirm(client, session, cadre, enrolled):
    client.force_login(cadre.user)
    for response in (
        client.get(checkin_url(session)),
        client.post(checkin_url(session)),
    ):
        page = response.content.decode()
        assert "请扫描投影屏幕上的签到二维码" in page and "确认签到" not in page
    assert marks() == 0


def test_the_page_says_at_once_when_the_cadre_cannot_check_in(
    client, course, trainer, session, cadre, other_cadre, enrolled
):
    early = make_session(course, trainer, starts_in=dt.timedelta(hours=2))
    client.force_login(cadre.user)
    page = client.get(checkin_url(early, checkin_code(early)), follow=True)
    page = page.content.decode()
    assert "签到尚未开始" in page and "确认签到" not in page
    client.force_login(other_cadre.user)
    page = client.get(checkin_url(session, checkin_code(session)), follow=True)
    page = page.content.decode()
    assert "不在本场培训的应到学员名单" in page and "确认签到" not in page


def test_post_checks_in(client, session, cadre, enrolled):
    client.force_login(cadre.user)
    response = client.post(checkin_url(session), {"code": checkin_code(session)})
    page = response.content.decode()
    assert "签到成功" in page and "签到时间" in page and "签退" in page
    mark = AttendanceMark.objects.get(session=session, cadre=cadre)
    assert (mark.state, mark.source) == (AttendanceState.PRESENT, "checkin")


def test_a_late_check_in_says_so(client, course, trainer, cadre, enrolled):
    session = make_session(course, trainer, starts_in=-dt.timedelta(minutes=20))
    client.force_login(cadre.user)
    response = client.post(checkin_url(session), {"code": checkin_code(session)})
    assert "签到成功（迟到）" in response.content.decode()
    assert AttendanceMark.objects.get().state == AttendanceState.LATE


def test_a_repeat_says_already_checked_in(client, session, cadre, enrolled):
    client.force_login(cadre.user)
    client.post(checkin_url(session), {"code": checkin_code(session)})
    response = client.post(checkin_url(session), {"code": checkin_code(session)})
    page = response.content.decode()
    assert "已签到" in page and "无需重复签到" in page
    assert "签到成功" not in page
    assert marks() == 1
    # Scanning again (a GET) says the same, whatever the code.
    assert "无需重复签到" in client.get(checkin_url(session, "x")).content.decode()


def test_an_expired_code_is_refused_and_records_nothing(
    client, session, cadre, enrolled, monkeypatch
):
    client.force_login(cadre.user)
    code = checkin_code(session)
    later = time.time() + 31
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    for response in (
        client.get(checkin_url(session, code)),  # back from a slow login
        client.post(checkin_url(session), {"code": code}),
    ):
        page = response.content.decode()
        assert "二维码已过期" in page and "重新扫描" in page
        assert "确认签到" not in page
    assert marks() == 0


@pytest.mark.parametrize("code", ["", "forged-code", "1:1abcde:AAAAAAAAAAAAAAAAAAAA"])
def test_a_forged_code_is_refused_and_records_nothing(
    client, session, cadre, enrolled, code
):
    client.force_login(cadre.user)
    for response in (
        client.get(checkin_url(session, code)),
        client.post(checkin_url(session), {"code": code}),
    ):
        page = response.content.decode()
        # a form with no code at all asks for a scan (none was remembered)
        refusal = (
            "二维码无效"
            if code or response.request["REQUEST_METHOD"] == "GET"
            else "请扫描"
        )
        assert refusal in page and "确认签到" not in page
    assert marks() == 0


def test_another_sessions_code_is_refused(client, course, session, cadre, enrolled):
    other = make_session(course, session.trainer)
    client.force_login(cadre.user)
    response = client.post(checkin_url(session), {"code": checkin_code(other)})
    assert "二维码无效" in response.content.decode()
    assert marks() == 0


def test_outside_the_window_or_the_roster_nothing_is_recorded(
    client, course, trainer, session, cadre, other_cadre, enrolled
):
    early = make_session(course, trainer, starts_in=dt.timedelta(hours=2))
    client.force_login(cadre.user)
    response = client.post(checkin_url(early), {"code": checkin_code(early)})
    assert "签到尚未开始" in response.content.decode()
    client.force_login(other_cadre.user)
    response = client.post(checkin_url(session), {"code": checkin_code(session)})
    assert "不在本场培训的应到学员名单" in response.content.decode()
    assert marks() == 0


def test_a_get_never_records(client, session, cadre, enrolled):
    client.force_login(cadre.user)
    client.get(checkin_url(session, checkin_code(session)))
    client.get(checkin_url(session))
    assert marks() == 0


def test_logged_out_cadre_logs_in_and_comes_back_to_confirm(
    client, session, cadre, enrolled, monkeypatch
):
    scanned = timezone.now()
    response = client.get(checkin_url(session, checkin_code(session)))
    assert response.url == checkin_url(session)
    response = client.get(response.url)
    login = urlsplit(response.url)
    assert login.path == reverse("login")
    assert "已记录您的扫码" in client.get(response.url).content.decode()
    assert parse_qs(login.query)["next"] == [checkin_url(session)]

    # Typing a mobile number and a password takes longer than a code lives.
    now = timezone.now()
    monkeypatch.setattr(
        "django.utils.timezone.now", lambda: now + dt.timedelta(seconds=90)
    )
    response = client.post(
        response.url,
        {"username": cadre.user.username, "password": PASSWORD},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == checkin_url(session)
    assert "确认签到" in response.content.decode()
    assert marks() == 0
    response = client.post(checkin_url(session))
    assert "签到成功" in response.content.decode()
    mark = AttendanceMark.objects.get()
    assert scanned <= mark.checked_in_at <= now  # the scan's moment


def test_staff_without_a_cadre_profile_are_told(client, session):
    client.force_login(session.trainer)
    code = checkin_code(session)
    for response in (
        client.get(checkin_url(session, code), follow=True),
        client.post(checkin_url(session), {"code": code}),
    ):
        page = response.content.decode()
        assert "仅学员需要签到" in page and "确认签到" not in page
    assert marks() == 0


def test_checkout_after_checkin(client, session, cadre, enrolled):
    client.force_login(cadre.user)
    checkout_url = reverse("courses:checkout", args=[session.pk])
    response = client.post(checkout_url)
    assert "还没有签到" in response.content.decode()
    client.post(checkin_url(session), {"code": checkin_code(session)})
    response = client.post(checkout_url)
    assert "已签退" in response.content.decode()
    assert AttendanceMark.objects.get().checked_out_at is not None
    assert client.get(checkout_url).status_code == 405


# ---- Sessions on the course and home pages ------------------------------------------


def test_course_page_lists_sessions_with_the_cadres_state(
    client, course, trainer, cadre, enrolled
):
    sessions = [make_session(course, trainer, title=f"场次{i}") for i in range(5)]
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
    start = timezone.localtime(
        sessions[0].starts_at, dt.timezone(dt.timedelta(hours=8))
    )
    assert start.strftime("%Y-%m-%d %H:%M") in page
    for label in ["已签到", "迟到", "请假", "缺勤", "未签到"]:
        assert f">{label}</span>" in page
    assert "3 学时" in page


def test_course_page_shows_no_state_to_a_cadre_not_enrolled(
    client, course, trainer, cadre
):
    make_session(course, trainer, title="场次甲")
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
    first = make_session(course, trainer)
    AttendanceMark.objects.create(
        session=first, cadre=cadre, state="present", source="register"
    )
    one, shown = _course_page_queries(client, course.url)
    assert shown == 1
    for _i in range(4):
        session = make_session(course, trainer)
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
    make_session(course, trainer, title="我的场次")
    make_session(other_course, trainer, title="别的场次")
    make_session(course, trainer, title="已结束场次", starts_in=-dt.timedelta(hours=5))
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
    chosen = make_session(
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

    make_session(course, trainer)
    one = count()
    for _i in range(4):
        make_session(course, trainer)
    assert count() == one

"""The trainer's register (考勤登记), the sign-in sheet and the paper import."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.attendance.checkin import checkin, checkin_code
from courses.models import (
    AttendanceMark,
    AttendanceState,
    HoursLedgerEntry,
    Requirement,
    TrainingSession,
)
from courses.permissions import course_trainer_add
from lms.demo import make_cadre
from lms.models import Position, Role
from lms.services import user_create
from tests.conftest import PASSWORD

from ..factories import make_course, tracks

# Yesterday morning: the register is closed through its page, now, and a
# session closed more than LMS_SESSION_APPROVAL_DAYS after its end would wait
# for an administrator (tests/courses/attendance/test_session_trust.py).
SESSION_START = timezone.localtime().replace(
    hour=9, minute=0, second=0, microsecond=0
) - dt.timedelta(days=1)


@pytest.fixture
def course(trainer):
    return make_course(
        tracks()[0],
        title="村务公开实务",
        requirement=Requirement.ELECTIVE,
        credit_hours=Decimal("6"),
        trainers=[trainer],
    )


def make_session(course, trainer, townships):
    session = TrainingSession.objects.create(
        course=course,
        title="第1场：四议两公开",
        place="东明镇党群服务中心",
        starts_at=SESSION_START,
        ends_at=SESSION_START + dt.timedelta(hours=3),
        credit_hours=Decimal("3"),
        trainer=trainer,
        roster=TrainingSession.Roster.CHOSEN,
    )
    session.roster_townships.set(townships)
    session.save()
    return session


@pytest.fixture
def session(course, trainer, township, cadre, other_cadre):
    return make_session(course, trainer, [township])  # cadre only


@pytest.fixture
def namesake(village):
    return make_cadre(village=village, name="巴特尔", serial=11, with_account=False)


@pytest.fixture
def batu(village):
    return make_cadre(village=village, name="巴特尔", serial=12, with_account=False)


def url(name, session, *args):
    return reverse(f"courses:{name}", args=[session.pk, *args])


def mark_of(session, cadre):
    return AttendanceMark.objects.filter(session=session, cadre=cadre).first()


# ---- Permissions ----------------------------------------------------------------


@pytest.mark.parametrize("name", ["register", "sheet", "register_history"])
def test_the_trainer_and_administrators_open_the_pages(
    client, session, trainer, administrator, name
):
    for user in (trainer, administrator):
        client.force_login(user)
        assert client.get(url(name, session)).status_code == 200


@pytest.mark.parametrize("name", ["register", "sheet", "register_state"])
def test_others_are_refused(client, session, cadre, banner_supervisor, name):
    other_trainer = user_create(
        username="trainer2", name="李讲师", role=Role.TRAINER, password=PASSWORD
    )
    for user in (other_trainer, cadre.user, banner_supervisor):
        client.force_login(user)
        assert client.get(url(name, session)).status_code == 403
    client.logout()
    response = client.get(url(name, session))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_a_trainer_of_the_course_who_does_not_teach_the_session(
    client, session, course
):
    colleague = user_create(
        username="trainer3", name="赵讲师", role=Role.TRAINER, password=PASSWORD
    )
    course_trainer_add(course=course, user=colleague)
    client.force_login(colleague)
    assert client.get(url("register", session)).status_code == 200


def test_others_cannot_post(client, session, cadre):
    client.force_login(cadre.user)
    response = client.post(url("register_all_present", session))
    assert response.status_code == 403
    assert not AttendanceMark.objects.exists()


# ---- Marking ---------------------------------------------------------------------


def test_mark_all_present_then_change_one(client, session, trainer, cadre, batu):
    client.force_login(trainer)
    client.post(url("register_all_present", session))
    assert mark_of(session, cadre).state == AttendanceState.PRESENT
    assert mark_of(session, batu).state == AttendanceState.PRESENT
    response = client.post(
        url("register_mark", session),
        {"cadre": batu.pk, "state": "excused", "note": "因病请假"},
    )
    assert response.status_code == 302
    mark = mark_of(session, batu)
    assert (mark.state, mark.note) == (AttendanceState.EXCUSED, "因病请假")
    page = client.get(url("register", session)).content.decode()
    assert "出勤 → 请假" in page
    assert "王讲师" in page


def test_closing_marks_the_unmarked_absent(client, session, trainer, cadre, batu):
    checkin(
        session=session,
        cadre=cadre,
        code=checkin_code(session),
        now=SESSION_START - dt.timedelta(minutes=5),
    )
    client.force_login(trainer)
    client.post(url("register_close", session))
    session.refresh_from_db()
    assert session.closed_at is not None
    assert mark_of(session, batu).state == AttendanceState.ABSENT
    assert mark_of(session, cadre).state == AttendanceState.PRESENT
    assert HoursLedgerEntry.objects.filter(training_session=session).count() == 1


def test_a_change_after_closing_needs_a_reason(client, session, trainer, batu):
    client.force_login(trainer)
    client.post(url("register_close", session))
    response = client.post(
        url("register_mark", session),
        {"cadre": batu.pk, "state": "present", "note": "补签"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "修改考勤须填写原因" in page
    assert 'value="补签"' in page  # what was typed is kept
    assert mark_of(session, batu).state == AttendanceState.ABSENT

    response = client.post(
        url("register_mark", session),
        {"cadre": batu.pk, "state": "present", "reason": "补交纸质签到"},
    )
    assert response.status_code == 302
    assert mark_of(session, batu).state == AttendanceState.PRESENT
    assert HoursLedgerEntry.objects.filter(cadre=batu).count() == 1
    page = client.get(url("register_history", session)).content.decode()
    assert "补交纸质签到" in page
    assert "缺勤 → 出勤" in page


def test_the_state_endpoint_lists_check_ins(client, session, trainer, cadre):
    checkin(session=session, cadre=cadre, code=checkin_code(session), now=SESSION_START)
    client.force_login(trainer)
    data = client.get(url("register_state", session)).json()
    assert data["counts"]["present"] == 1
    assert data["rows"][str(cadre.pk)]["label"] == "出勤"
    assert data["rows"][str(cadre.pk)]["time"] == "09:00"


# ---- The sign-in sheet --------------------------------------------------------------


def test_the_sheet_lists_the_roster(client, session, trainer, cadre, other_cadre):
    client.force_login(trainer)
    page = client.get(url("sheet", session)).content.decode()
    assert cadre.name in page
    assert "东明村" in page
    assert "签名" in page
    assert other_cadre.name not in page  # another township: not on the roster
    assert cadre.mobile not in page


# ---- The paper import ---------------------------------------------------------------


def upload(client, session, text, name="签到表.csv"):
    """The upload, followed to its preview."""
    file = SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")
    return client.post(url("register_import", session), {"file": file}, follow=True)


def test_a_good_file_is_previewed_then_imported(
    client, session, trainer, cadre, batu, namesake
):
    client.force_login(trainer)
    text = (
        "序号,姓名,手机号,考勤状态,备注\n"
        f"1,{cadre.name},,出勤,\n"
        f"2,巴特尔,{batu.mobile},请假,家中有事\n"
        f"3,巴特尔,{namesake.mobile},迟到,\n"
    )
    response = upload(client, session, text)
    assert response.status_code == 200
    assert not AttendanceMark.objects.exists()  # the preview writes nothing
    confirm_url = response.context["confirm_url"]
    assert confirm_url
    response = client.post(confirm_url)
    assert response.status_code == 302
    assert mark_of(session, cadre).state == AttendanceState.PRESENT
    mark = mark_of(session, batu)
    assert (mark.state, mark.note, mark.source) == ("excused", "家中有事", "import")
    assert mark_of(session, namesake).state == AttendanceState.LATE


def test_after_closing_the_import_records_its_reason(client, session, trainer, cadre):
    client.force_login(trainer)
    client.post(url("register_close", session))
    response = upload(client, session, f"姓名,考勤状态\n{cadre.name},迟到\n")
    client.post(response.context["confirm_url"])
    mark = mark_of(session, cadre)
    assert mark.state == AttendanceState.LATE
    assert mark.history.first().history_change_reason == "纸质签到表导入"


def test_a_bad_file_imports_nothing_and_lists_every_bad_row(
    client, session, trainer, cadre, batu, namesake
):
    client.force_login(trainer)
    text = (
        "姓名,手机号,考勤状态,备注\n"
        f"{cadre.name},,出勤,\n"
        "巴特尔,,出勤,\n"
        "查无此人,,出勤,\n"
        f"{cadre.name},,到课,\n"
    )
    response = upload(client, session, text)
    page = response.content.decode()
    assert response.context["confirm_url"] == ""
    assert "未导入任何考勤" in page
    rows = {error["row"] for error in response.context["summary"]["errors"]}
    assert rows == {3, 4, 5}
    assert "同名学员" in page
    assert "不在本场培训名单中" in page
    assert "无法识别的考勤状态" in page
    assert not AttendanceMark.objects.exists()


def test_confirming_twice_imports_once(client, session, trainer, cadre):
    client.force_login(trainer)
    response = upload(client, session, f"姓名,考勤状态\n{cadre.name},迟到\n")
    confirm_url = response.context["confirm_url"]
    client.post(confirm_url)
    mark = mark_of(session, cadre)
    assert mark.state == AttendanceState.LATE
    history = mark.history.count()
    AttendanceMark.objects.filter(pk=mark.pk).update(state=AttendanceState.PRESENT)
    response = client.post(confirm_url, follow=True)
    page = response.content.decode()
    assert "该文件已经导入" in page and "不能再次确认" in page
    assert mark_of(session, cadre).state == AttendanceState.PRESENT  # not set again
    assert mark_of(session, cadre).history.count() == history


def test_an_upload_of_another_session_is_not_found(client, session, trainer, cadre):
    client.force_login(trainer)
    response = upload(client, session, f"姓名,考勤状态\n{cadre.name},迟到\n")
    other = make_session(session.course, trainer, [])
    confirm_url = response.context["confirm_url"]
    elsewhere = confirm_url.replace(
        f"/sessions/{session.pk}/", f"/sessions/{other.pk}/"
    )
    assert client.post(elsewhere).status_code == 404
    assert not AttendanceMark.objects.exists()


def test_a_file_without_the_state_column_is_refused(client, session, trainer):
    client.force_login(trainer)
    page = upload(client, session, "姓名,备注\n乌力吉,\n").content.decode()
    assert "缺少必填列“考勤状态”" in page
    assert not AttendanceMark.objects.exists()


# ---- Queries ------------------------------------------------------------------------


def test_the_register_page_costs_the_same_for_10_and_40_cadres(
    client, trainer, course, township, village
):
    session = make_session(course, trainer, [township])
    client.force_login(trainer)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url("register", session)).status_code == 200
        return [q["sql"][:150] for q in captured.captured_queries]

    for serial in range(100, 110):
        make_cadre(
            village=village, name=f"学员{serial}", serial=serial, with_account=False
        )
    client.post(url("register_all_present", session))
    queries()  # caches the site, its settings and the user's permissions
    few = queries()
    for serial in range(200, 230):
        make_cadre(
            village=village, name=f"学员{serial}", serial=serial, with_account=False
        )
    client.post(url("register_all_present", session))
    many = queries()
    assert len(many) == len(few), "\n".join(many)


# ---- An empty roster says why -------------------------------------------------------


def test_an_empty_roster_says_why_on_the_register(client, trainer, cadre):
    draft = make_course(tracks()[0], title="草稿课程", trainers=[trainer], live=False)
    session = make_session(draft, trainer, [])
    session.roster = TrainingSession.Roster.ENROLLED
    session.save()
    client.force_login(trainer)
    page = client.get(url("register", session)).content.decode()
    assert "本场培训还没有应到学员" in page
    assert "课程尚未发布，报名学员为空：课程发布后，名单按课程的学员生成" in page


def test_a_chosen_roster_matching_nobody_says_which_condition(client, session, trainer):
    session.roster_positions = [Position.SUPERVISION_DIRECTOR]  # nobody's position
    session.save()
    client.force_login(trainer)
    page = client.get(url("register", session)).content.decode()
    assert "课程的面向对象中没有所选职务（村务监督委员会主任）的学员" in page

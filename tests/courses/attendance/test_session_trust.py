"""Sessions that cannot give hours they did not earn (issue 13): the roster
stays within the course's audience, 学时 within the scheduled time, sessions
belong to live courses, and a back-dated or late-closed session waits for an
administrator (待确认) before its hours count."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from courses.attendance.services import (
    marks_all_present,
    session_approval_decide,
    session_close,
)
from courses.models import Enrollment, HoursLedgerEntry, Requirement, TrainingSession
from courses.records.rebuild import records_rebuild
from courses.services import enrollment_choose

from ..factories import make_course, make_session, tracks

Approval = TrainingSession.Approval


@pytest.fixture
def course(trainer, township):
    """An elective for 东明镇's cadres only (cadre; not other_cadre)."""
    return make_course(
        tracks()[0],
        title="村务公开实务",
        requirement=Requirement.ELECTIVE,
        trainers=[trainer],
        audience_townships=[township],
    )


def form_data(course, trainer, *, starts_at, hours="3", minutes=180, **fields):
    local = timezone.localtime(starts_at)
    return {
        "course": course.pk,
        "title": fields.pop("title", "补录场次"),
        "place": "东明镇党群服务中心",
        "starts_at": local.strftime("%Y-%m-%d %H:%M"),
        "ends_at": (local + dt.timedelta(minutes=minutes)).strftime("%Y-%m-%d %H:%M"),
        "credit_hours": hours,
        "trainer": trainer.pk,
        "roster": fields.pop("roster", "enrolled"),
        "checkin_opens_minutes": "30",
        "late_after_minutes": "10",
        **fields,
    }


def add(client, data):
    return client.post(reverse("training_sessions:add"), data)


def tomorrow():
    return timezone.localtime().replace(
        hour=9, minute=0, second=0, microsecond=0
    ) + dt.timedelta(days=1)


def days_ago(days):
    return tomorrow() - dt.timedelta(days=days + 1)


# --- The roster ---------------------------------------------------------------------


def test_a_roster_without_filters_is_the_courses_audience_not_the_banner(
    client, trainer, course, cadre, other_cadre
):
    session = make_session(course, trainer, roster=TrainingSession.Roster.CHOSEN)
    client.force_login(trainer)
    for name in ("register", "sheet"):
        page = client.get(reverse(f"courses:{name}", args=[session.pk]))
        assert page.status_code == 200
        assert cadre.name in page.content.decode()
        assert other_cadre.name not in page.content.decode()  # outside the audience
    response = client.post(
        reverse("courses:register_mark", args=[session.pk]),
        {"cadre": other_cadre.pk, "state": "present"},
    )
    assert "该学员不在本场培训的应到名单中" in client.get(response.url).content.decode()
    assert not session.marks.filter(cadre=other_cadre).exists()


def test_the_paper_import_matches_only_the_roster(
    client, trainer, course, cadre, other_cadre
):
    session = make_session(course, trainer, roster=TrainingSession.Roster.CHOSEN)
    client.force_login(trainer)
    text = (
        "姓名,手机号,考勤状态\n"
        f"{other_cadre.name},{other_cadre.mobile},出勤\n"  # in the Banner, not here
        f"{cadre.name},{other_cadre.mobile},出勤\n"  # a guessed mobile number
    )
    file = SimpleUploadedFile("签到表.csv", text.encode(), content_type="text/csv")
    url = reverse("courses:register_import", args=[session.pk])
    page = client.post(url, {"file": file}, follow=True).content.decode()
    assert "不在本场培训名单中" in page
    assert "手机号不在本场培训名单中" in page
    assert not session.marks.exists()


# --- What the form accepts ----------------------------------------------------------


def test_more_hours_than_the_scheduled_time_allows_are_refused(client, trainer, course):
    client.force_login(trainer)
    data = form_data(course, trainer, starts_at=tomorrow(), hours="999.9")
    response = add(client, data)
    assert response.status_code == 200
    assert "学时不能超过排课时间所允许的 4.0 学时（每 45 分钟计 1 学时）" in (
        response.content.decode()
    )
    assert not TrainingSession.objects.exists()
    response = add(client, {**data, "credit_hours": "4"})
    assert response.status_code == 302
    assert TrainingSession.objects.get().credit_hours == Decimal("4")


def test_a_session_spanning_days_is_refused(client, trainer, course):
    client.force_login(trainer)
    data = form_data(course, trainer, starts_at=tomorrow(), minutes=10 * 24 * 60)
    response = add(client, data)
    assert "一场培训最长 12 小时" in response.content.decode()
    assert not TrainingSession.objects.exists()


def test_a_session_of_a_draft_course_is_refused(client, trainer):
    draft = make_course(tracks()[0], title="草稿课程", trainers=[trainer], live=False)
    client.force_login(trainer)
    response = add(client, form_data(draft, trainer, starts_at=tomorrow()))
    assert response.status_code == 200
    assert "课程“草稿课程”尚未发布：只能为已发布的课程安排培训场次" in (
        response.content.decode()
    )
    assert not TrainingSession.objects.exists()


def test_a_closed_sessions_hours_and_times_are_fixed(client, trainer, course):
    session = make_session(course, trainer, starts_at=days_ago(1))
    TrainingSession.objects.filter(pk=session.pk).update(closed_at=timezone.now())
    client.force_login(trainer)
    data = form_data(
        course, trainer, starts_at=session.starts_at, hours="4", title=session.title
    )
    response = client.post(reverse("training_sessions:edit", args=[session.pk]), data)
    assert "本场培训已结束考勤，不能再修改课程、时间、学时和应到学员" in (
        response.content.decode()
    )
    session.refresh_from_db()
    assert session.credit_hours == Decimal("3")


# --- Back-dated and late-closed sessions wait for an administrator ----------------


def test_a_back_dated_session_gives_no_hours_until_an_administrator_approves(
    client, trainer, administrator, course, cadre
):
    """The dishonest trainer's way: a session dated ten days ago, all present,
    closed at once."""
    enrollment_choose(cadre=cadre, course=course)
    client.force_login(trainer)
    assert add(client, form_data(course, trainer, starts_at=days_ago(10))).status_code
    session = TrainingSession.objects.get()
    assert session.approval == Approval.PENDING
    register = reverse("courses:register", args=[session.pk])
    client.post(reverse("courses:register_all_present", args=[session.pk]))
    client.post(reverse("courses:register_close", args=[session.pk]))
    session.refresh_from_db()
    assert session.closed_at is not None
    assert not HoursLedgerEntry.objects.filter(training_session=session).exists()
    page = client.get(register).content.decode()
    assert "本场培训的学时待管理员确认（补录：开始时间早于录入时间 7 天以上" in page
    assert "培训结束 7 天后才结束考勤" in page
    assert "学时 3：待确认" in page
    assert Enrollment.objects.get(cadre=cadre).completed_at is None

    client.force_login(cadre.user)
    archive = client.get(reverse("courses:my_archive")).content.decode()
    assert "另有 3 学时待确认" in archive and "1 场待确认" in archive
    mine = client.get(reverse("courses:my_learning")).content.decode()
    assert "1 次集中培训的出勤待管理员确认" in mine

    # A trainer cannot approve their own session.
    approve = reverse("training_sessions:approval", args=[session.pk])
    client.force_login(trainer)
    refused = client.post(approve, {"decision": "approve"})
    assert refused.status_code == 302 and refused.url == "/admin/"  # Wagtail's 无权访问
    session.refresh_from_db()
    assert session.approval == Approval.PENDING

    client.force_login(administrator)
    listing = client.get(reverse("training_sessions:approvals")).content.decode()
    assert "补录场次" in listing and "补录：开始时间早于录入时间 7 天以上" in listing
    client.post(approve, {"decision": "approve", "note": "已核对纸质签到表"})
    session.refresh_from_db()
    assert session.approval == Approval.APPROVED
    assert session.approval_by == administrator and session.approval_at is not None
    entry = HoursLedgerEntry.objects.get(training_session=session)
    assert entry.cadre == cadre and entry.hours == Decimal("3")
    assert Enrollment.objects.get(cadre=cadre).completed_at is not None
    listing = client.get(reverse("training_sessions:approvals")).content.decode()
    assert "没有待确认的培训场次" in listing
    assert "已核对纸质签到表" in listing and administrator.name in listing


def test_a_register_closed_weeks_after_the_session_waits_and_may_be_refused(
    client, trainer, administrator, course, cadre
):
    enrollment_choose(cadre=cadre, course=course)
    session = make_session(course, trainer, starts_at=days_ago(20))
    client.force_login(trainer)
    client.post(reverse("courses:register_all_present", args=[session.pk]))
    client.post(reverse("courses:register_close", args=[session.pk]))
    session.refresh_from_db()
    assert session.approval == Approval.PENDING
    assert "培训结束 7 天后才结束考勤" in session.approval_cause
    assert not HoursLedgerEntry.objects.filter(training_session=session).exists()

    client.force_login(administrator)
    approval = reverse("training_sessions:approval", args=[session.pk])
    client.post(approval, {"decision": "refuse", "note": "无签到记录"})
    session.refresh_from_db()
    assert session.approval == Approval.REFUSED and session.approval_by == administrator
    assert not HoursLedgerEntry.objects.filter(training_session=session).exists()
    # Decided once: a second decision is refused with a message.
    response = client.post(approval, {"decision": "approve"}, follow=True)
    assert "该培训场次不在待确认状态" in response.content.decode()
    client.force_login(trainer)
    page = client.get(reverse("courses:register", args=[session.pk])).content.decode()
    assert "未通过本场培训的学时（无签到记录）" in page


def test_an_administrators_own_back_dated_session_is_approved_by_them(
    client, administrator, trainer, course
):
    client.force_login(administrator)
    add(client, form_data(course, trainer, starts_at=days_ago(10)))
    session = TrainingSession.objects.get()
    assert session.approval == Approval.APPROVED
    assert session.approval_by == administrator


def test_a_session_moved_into_the_past_waits_again(client, trainer, course):
    session = make_session(course, trainer, starts_at=tomorrow())
    client.force_login(trainer)
    data = form_data(course, trainer, starts_at=days_ago(10), title=session.title)
    response = client.post(reverse("training_sessions:edit", args=[session.pk]), data)
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.approval == Approval.PENDING


def test_the_records_rebuild_agrees_with_pending_approved_and_refused_sessions(
    trainer, administrator, course, cadre
):
    enrollment_choose(cadre=cadre, course=course)
    sessions = [make_session(course, trainer, starts_at=days_ago(20)) for _ in "ab"]
    now = timezone.now()
    for session in sessions:
        marks_all_present(session=session, by=trainer, now=now)
        session_close(session=session, by=trainer, now=now)
    assert records_rebuild().total == 0
    session_approval_decide(
        session=sessions[0], by=administrator, now=now, approve=True
    )
    assert records_rebuild().total == 0
    session_approval_decide(
        session=sessions[1], by=administrator, now=now, approve=False
    )
    report = records_rebuild()
    assert report.total == 0, dict(report.differences)
    assert HoursLedgerEntry.objects.filter(cadre=cadre).count() >= 1
    assert Enrollment.objects.get(cadre=cadre).completed_at is not None

"""学习进度 of one course in the admin: each enrolled cadre's standing in every
lesson (done, minutes) and quiz (grade), the sessions attended and the
state; filters; who may see whose rows; the Excel export says what the
screen says, masked; the number of queries does not grow with the cadres."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from courses.attendance.services import mark_set, session_close
from courses.models import AttendanceState, CoursePage, ReportExport, Requirement
from courses.services import enrollment_choose
from courses.teaching.exports import row_cells
from lms.demo import make_cadre
from lms.models import VillageClass
from tests.exams.factories import make_question, make_quiz

from .factories import make_course, make_lesson, make_session, study, tracks
from .records.factories import take_quiz


def progress_url(course, **params):
    url = reverse("course_teaching:progress", args=[course.pk])
    return url, params


def get(client, user, course, **params):
    client.force_login(user)
    url, params = progress_url(course, **params)
    return client.get(url, params)


def rows(response):
    """(name, state, sessions, [cells]) of each row on the page."""
    assert response.status_code == 200
    return [
        (
            row.cadre.name,
            str(row.state_label),
            row.sessions_text,
            [c.text for c in row.cells],
        )
        for row in response.context["page_obj"].object_list
    ]


def names(response):
    return [row[0] for row in rows(response)]


@pytest.fixture
def world(trainer, township, village, other_village, cadre, other_cadre):
    """A course of two one-minute lessons, a quiz and a past session.
    东明村: 乌力吉 (cadre) did everything (已结业); 巴特尔 studied half a minute
    of the first lesson and failed the quiz (学习中); an inactive cadre.
    八仙筒村: 张玉兰 (other_cadre) did nothing (未开始). 其木格 is not enrolled."""
    now = timezone.now() - dt.timedelta(hours=2)
    course = make_course(
        tracks()[0],
        title="村级财务管理",
        trainers=[trainer],
        requirement=Requirement.ELECTIVE,
    )
    first = make_lesson(course, title="财务公开", study_minutes=1)
    second = make_lesson(course, title="三资管理", study_minutes=1)
    question = make_question()
    quiz = make_quiz(course, title="财务测验", questions=[(question, Decimal("100"))])
    session = make_session(
        course,
        trainer,
        title="第一期",
        starts_at=now - dt.timedelta(days=2),
        ends_at=now - dt.timedelta(days=2) + dt.timedelta(hours=3),
    )
    studying = make_cadre(village=village, name="巴特尔", serial=3)
    inactive = make_cadre(village=village, name="离任者", serial=4)
    make_cadre(village=village, name="其木格", serial=5)
    for person in (cadre, studying, other_cadre, inactive):
        enrollment_choose(cadre=person, course=course)
    inactive.is_active = False
    inactive.save()

    mark_set(
        session=session,
        cadre=cadre,
        state=AttendanceState.PRESENT,
        by=trainer,
        now=session.starts_at,
    )
    session_close(session=session, by=trainer, now=session.ends_at)
    at = study(cadre, first, now, complete=True)
    at = study(cadre, second, at, complete=True)
    take_quiz(cadre, quiz, question, at)
    at = study(studying, first, at, complete=False)
    take_quiz(studying, quiz, question, at, right=False)
    return {"course": course, "quiz": quiz, "studying": studying}


def test_the_trainer_sees_each_cadre_in_every_part(client, trainer, world):
    response = get(client, trainer, world["course"])
    assert rows(response) == [
        ("乌力吉", "已结业", "1/1", ["已完成 1分钟", "已完成 1分钟", "100分 通过"]),
        ("巴特尔", "学习中", "0/1", ["学习中 1分钟", "未学", "0分"]),
        ("张玉兰", "未开始", "0/1", ["未学", "未学", "未作答"]),
    ]
    html = response.content.decode()
    for title in ("财务公开", "三资管理", "财务测验"):
        assert title in html
    assert "离任者" not in html and "其木格" not in html
    assert "139****0001" in html  # masked mobile numbers only
    assert "13900000001" not in html


def test_sessions_to_come_are_not_counted_against_anyone(client, trainer, world):
    now = timezone.now()
    make_session(
        world["course"],
        trainer,
        title="下月一期",
        starts_at=now + dt.timedelta(days=30),
        ends_at=now + dt.timedelta(days=30, hours=3),
    )
    response = get(client, trainer, world["course"])
    assert [row[2] for row in rows(response)] == ["1/1", "0/1", "0/1"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"state": "studying"}, ["巴特尔"]),
        ({"state": "not_started"}, ["张玉兰"]),
        ({"state": "completed"}, ["乌力吉"]),
        ({"village_class": VillageClass.RECTIFYING}, ["张玉兰"]),
        ({"village_class": VillageClass.ADVANCED, "state": "completed"}, ["乌力吉"]),
    ],
)
def test_filters(client, trainer, world, params, expected):
    assert names(get(client, trainer, world["course"], **params)) == expected


def test_filter_by_township_and_the_state_counts(
    client, trainer, world, other_township
):
    response = get(client, trainer, world["course"], township=other_township.pk)
    assert names(response) == ["张玉兰"]
    counts = {link["label"]: link["count"] for link in response.context["state_links"]}
    assert counts == {"全部": 1, "未开始": 1, "学习中": 0, "已结业": 0}
    html = response.content.decode()
    assert '全部 <span class="teaching-states__count">1</span>' in html


def test_scope_for_each_role(
    client,
    world,
    administrator,
    banner_supervisor,
    township_supervisor,
    other_trainer,
    other_township,
    cadre,
):
    course = world["course"]
    everyone = ["乌力吉", "巴特尔", "张玉兰"]
    assert names(get(client, administrator, course)) == everyone
    assert names(get(client, banner_supervisor, course)) == everyone
    assert names(get(client, township_supervisor, course)) == ["乌力吉", "巴特尔"]
    # Asking for another township shows nobody from it (the choice is refused).
    response = get(client, township_supervisor, course, township=other_township.pk)
    assert "张玉兰" not in names(response)
    assert get(client, other_trainer, course).status_code == 404
    response = get(client, cadre.user, course)
    assert response.status_code == 302  # cadres have no admin: the login page


def test_the_supervisors_dashboard_stays_closed_to_trainers(client, trainer, world):
    client.force_login(trainer)
    assert client.get(reverse("courses:reports:dashboard")).status_code == 403


def export(client, user, course, **params):
    client.force_login(user)
    url = reverse("course_teaching:export_start", args=[course.pk])
    response = client.post(url, params)
    assert response.status_code == 302
    export = ReportExport.objects.latest("pk")
    assert response.url == reverse("course_teaching:export", args=[export.pk])
    return export


def workbook_rows(client, export):
    response = client.get(reverse("course_teaching:export_download", args=[export.pk]))
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(data)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)], data


def test_the_export_matches_the_screen_and_is_masked(client, trainer, world):
    course = world["course"]
    screen = get(client, trainer, course, village_class=VillageClass.ADVANCED)
    made = export(client, trainer, course, village_class=VillageClass.ADVANCED)
    progress = client.get(reverse("course_teaching:export", args=[made.pk]))
    assert progress.status_code == 200
    assert "下载Excel文件" in progress.content.decode()
    status = client.get(reverse("course_teaching:export_status", args=[made.pk]))
    assert status.json()["percent"] == 100
    table, data = workbook_rows(client, made)
    assert table[0] == ["村级财务管理 · 一类（创先进）"] + [None] * (len(table[1]) - 1)
    assert table[1][:8] == [
        "姓名", "手机号", "苏木乡镇", "嘎查村", "村分类", "职务", "学习状态", "出勤场次"
    ]  # fmt: skip
    assert table[1][8:] == ["财务公开", "三资管理", "财务测验"]
    shown = [row_cells(row) for row in screen.context["page_obj"].object_list]
    assert table[2:] == shown
    assert [row[0] for row in table[2:]] == ["乌力吉", "巴特尔"]
    assert table[2][1] == "139****0001"
    assert b"13900000001" not in data


def test_exports_are_served_only_to_who_asked_within_scope(
    client, trainer, other_trainer, banner_supervisor, world
):
    made = export(client, trainer, world["course"])
    client.force_login(other_trainer)
    for name in ("export", "export_status", "export_download"):
        url = reverse(f"course_teaching:{name}", args=[made.pk])
        assert client.get(url).status_code == 404
    # A supervisor's course export is not a dashboard export.
    theirs = export(client, banner_supervisor, world["course"])
    url = reverse("courses:reports:export_download", args=[theirs.pk])
    assert client.get(url).status_code == 404
    # Removed from the course, the trainer may no longer download it.
    CoursePage.trainers.through.objects.filter(user=trainer).delete()
    client.force_login(trainer)
    url = reverse("course_teaching:export_download", args=[made.pk])
    assert client.get(url).status_code == 404


def _enrol(course, village, count, *, first):
    for n in range(first, first + count):
        person = make_cadre(village=village, name=f"学员{n:03d}", serial=100 + n)
        enrollment_choose(cadre=person, course=course)


def _queries(client, course, **params):
    url, params = progress_url(course, **params)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(ctx), response


def test_queries_do_not_grow_with_the_cadres_and_pages_hold_50(
    client, trainer, village, world
):
    course = world["course"]
    client.force_login(trainer)
    _enrol(course, village, 2, first=0)  # 5 cadres in all
    _queries(client, course)  # warm the content type cache
    five, response = _queries(client, course)
    assert len(response.context["page_obj"].object_list) == 5
    _enrol(course, village, 47, first=2)  # 52 cadres
    fifty, response = _queries(client, course)
    assert len(response.context["page_obj"].object_list) == 50
    assert five == fifty
    _count, page_two = _queries(client, course, p=2)
    assert len(page_two.context["page_obj"].object_list) == 2

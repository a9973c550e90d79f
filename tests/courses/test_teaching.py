"""我的课程 on a trainer's admin home page: each course they teach with its
review state (the reviewer's comment when sent back), its numbers, its next
session with the projector and the register, and a link to its 学习进度;
the site summary ("271 个页面") is gone for trainers only; the number of
queries does not grow with the courses."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import querydict_from_html

from courses.attendance.services import mark_set, session_close
from courses.models import AttendanceState, Requirement
from courses.services import enrollment_choose
from lms.demo import make_cadre
from tests.logins import login

from .factories import make_course, make_lesson, make_session, study, tracks
from .publishing.helpers import edit_url

HOME = reverse("wagtailadmin_home")
COMMENT = "第二课时缺少案例材料，请补充东明镇的实例后重新提交。"


def submit(client, course):
    """The trainer presses 提交审核 on the course's edit form."""
    response = client.get(edit_url(course))
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    data["action-submit"] = "1"
    assert client.post(edit_url(course), data).status_code == 302


def reject(client, course, comment):
    """The reviewer asks for changes with a comment (the dashboard's 退回)."""
    course.refresh_from_db()
    state = course.current_workflow_task_state
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=[course.pk, "reject", state.pk]
    )
    assert client.post(url, {"comment": comment}).status_code == 302
    state.refresh_from_db()
    assert state.status == state.STATUS_REJECTED


@pytest.fixture
def world(client, trainer, other_trainer, administrator, village, cadre):
    """The trainer's four courses: a draft, one submitted, one sent back with
    a comment and one published with three enrolled cadres (one completed),
    a past session and the next one; another trainer's course."""
    track = tracks()[0]
    draft = make_course(track, title="草原生态保护", trainers=[trainer], live=False)
    submitted = make_course(track, title="庭院经济", trainers=[trainer], live=False)
    rejected = make_course(track, title="村务监督", trainers=[trainer], live=False)
    published = make_course(
        track,
        title="村级财务管理",
        trainers=[trainer],
        requirement=Requirement.ELECTIVE,
    )
    lesson = make_lesson(published, study_minutes=1)
    make_course(track, title="别人的课程", trainers=[other_trainer])
    login(client, trainer)
    submit(client, submitted)
    submit(client, rejected)
    client.logout()
    login(client, administrator)
    reject(client, rejected, COMMENT)
    client.logout()

    now = timezone.now()
    done = make_cadre(village=village, name="巴特尔", serial=3)
    studying = make_cadre(village=village, name="其木格", serial=4)
    for person in (cadre, done, studying):
        enrollment_choose(cadre=person, course=published)
    study(done, lesson, now - dt.timedelta(hours=1), complete=True)
    past = make_session(
        published,
        trainer,
        title="第一期",
        starts_at=now - dt.timedelta(days=7),
        ends_at=now - dt.timedelta(days=7) + dt.timedelta(hours=3),
    )
    mark_set(
        session=past,
        cadre=studying,
        state=AttendanceState.PRESENT,
        by=trainer,
        now=past.starts_at,
    )
    session_close(session=past, by=trainer, now=past.ends_at)
    upcoming = make_session(
        published,
        trainer,
        title="第二期",
        starts_at=now + dt.timedelta(days=3),
        ends_at=now + dt.timedelta(days=3, hours=3),
    )
    make_session(
        published,
        trainer,
        title="第三期",
        starts_at=now + dt.timedelta(days=10),
        ends_at=now + dt.timedelta(days=10, hours=3),
    )
    return {
        "draft": draft,
        "submitted": submitted,
        "rejected": rejected,
        "published": published,
        "upcoming": upcoming,
    }


def panel(client, user):
    login(client, user)
    response = client.get(HOME)
    assert response.status_code == 200
    return response


def card(html, title):
    """The text of the course's card in 我的课程."""
    start = html.index(f">{title}</a>")
    end = html.find('<li class="teaching-course ', start)
    return html[start : end if end != -1 else html.index("</ul>", start)]


def test_the_trainer_sees_each_course_with_its_state(client, trainer, world):
    html = panel(client, trainer).content.decode()
    assert "我的课程" in html
    assert "已退回" in card(html, "村务监督")
    assert COMMENT in card(html, "村务监督")
    assert "管理员" in card(html, "村务监督")  # who sent it back
    assert "审核中" in card(html, "庭院经济")
    assert "提交审核，等待审核员审核" in card(html, "庭院经济")
    assert "草稿" in card(html, "草原生态保护")
    assert "已发布" in card(html, "村级财务管理")
    assert "别人的课程" not in html
    # What needs the trainer comes first: sent back, draft, in review, live.
    order = [html.index(f">{t}</a>") for t in ("村务监督", "草原生态保护", "庭院经济")]
    assert order == sorted(order) and order[-1] < html.index(">村级财务管理</a>")


def test_the_numbers_and_the_next_session(client, trainer, world):
    text = card(panel(client, trainer).content.decode(), "村级财务管理")
    assert "<dt>已报名</dt><dd>3</dd>" in text
    assert "<dt>已结业</dt><dd>1</dd>" in text  # one lesson: done completes it
    assert "<dt>结业率</dt><dd>33.3%</dd>" in text
    upcoming = world["upcoming"]
    assert "第二期" in text and "第一期" not in text and "第三期" not in text
    assert reverse("courses:projector", args=[upcoming.pk]) in text
    assert reverse("courses:register", args=[upcoming.pk]) in text
    progress = reverse("course_teaching:progress", args=[world["published"].pk])
    assert progress in text
    assert "没有待进行的培训场次" in card(
        panel(client, trainer).content.decode(), "庭院经济"
    )


def test_the_next_session_links_open_for_the_trainer(client, trainer, world):
    login(client, trainer)
    upcoming = world["upcoming"]
    for name in ("courses:projector", "courses:register"):
        assert client.get(reverse(name, args=[upcoming.pk])).status_code == 200


def test_the_site_summary_is_gone_for_trainers_only(
    client, trainer, administrator, world
):
    response = panel(client, trainer)
    assert response.context["site_summary"].summary_items == []
    client.logout()
    response = panel(client, administrator)
    assert response.context["site_summary"].summary_items  # pages, images, …
    assert "我的课程" not in response.content.decode()


def test_not_shown_to_supervisors_or_cadres(client, banner_supervisor, cadre, world):
    html = panel(client, banner_supervisor).content.decode()
    assert "我的课程" not in html
    assert "村级财务管理" not in html
    client.logout()
    client.force_login(cadre.user)
    response = client.get(HOME)
    assert response.status_code == 302  # no admin for cadres: the login page


def test_a_trainer_without_courses_is_told_how_to_start(client, other_trainer, db):
    html = panel(client, other_trainer).content.decode()
    assert "您还没有讲授的课程" in html


def test_the_explorer_offers_the_progress_page(client, trainer, world):
    login(client, trainer)
    course = world["published"]
    track = course.get_parent()
    html = client.get(reverse("wagtailadmin_explore", args=[track.pk])).content
    assert reverse("course_teaching:progress", args=[course.pk]) in html.decode()
    other = world["draft"].get_siblings().get(title="别人的课程")
    assert reverse("course_teaching:progress", args=[other.pk]) not in html.decode()


def _courses(trainer, village, count, now, *, first=0):
    track = tracks()[1]
    for n in range(first, first + count):
        course = make_course(
            track,
            title=f"课程{n}",
            trainers=[trainer],
            requirement=Requirement.ELECTIVE,
        )
        make_lesson(course)
        person = make_cadre(village=village, name=f"学员{n}", serial=100 + n)
        enrollment_choose(cadre=person, course=course)
        make_session(
            course,
            trainer,
            starts_at=now + dt.timedelta(days=n + 1),
            ends_at=now + dt.timedelta(days=n + 1, hours=2),
        )


def _home_queries(client):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(HOME).status_code == 200
    return len(ctx)


def test_the_home_page_queries_do_not_grow_with_the_courses(client, trainer, village):
    now = timezone.now()
    _courses(trainer, village, 2, now)
    login(client, trainer)
    client.get(HOME)  # warm the content type cache
    two = _home_queries(client)
    _courses(trainer, village, 4, now, first=2)
    six = _home_queries(client)
    html = client.get(HOME).content.decode()
    assert html.count('class="teaching-course teaching-course--') == 6
    assert two == six

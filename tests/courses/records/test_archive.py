"""学习档案: a cadre's courses and hours year by year, built from the kept
records that the real services write (studied lessons, passed quizzes,
closed sessions); every scope rule; a query count that does not grow."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.models import Certificate, CourseRecord, LessonPage, Requirement
from courses.services import enrollment_choose
from exams.models import Grading, QuizPage
from tests.clock import T0, at
from tests.exams.factories import make_question, make_quiz

from ..factories import make_course, make_lesson, tracks
from .factories import completed_course, studying_course, take_quiz

MY_ARCHIVE = reverse("courses:my_archive")


def cadre_url(cadre):
    return reverse("courses:cadre_archive", args=[cadre.pk])


@pytest.fixture
def world(cadre, trainer):
    """The cadre's 2025: a required course completed (lesson and quiz), an
    elective being studied (one of two sessions attended); 2024: a required
    course not started."""
    first, _second, third = tracks()
    done = completed_course(cadre, first, title="村集体经济发展")
    studying = studying_course(cadre, third, trainer, title="电商直播带货")
    idle = make_course(
        _second, title="乡村治理实务", year=2024, requirement=Requirement.REQUIRED
    )
    make_lesson(idle)
    enrollment_choose(cadre=cadre, course=idle)
    return done, studying, idle


# ---- Content ----------------------------------------------------------------------


def test_the_records_come_from_the_services(cadre, world):
    done, studying, idle = world
    records = {r.course_id: r for r in CourseRecord.objects.filter(cadre=cadre)}
    assert records[done.pk].status == "completed"
    assert records[studying.pk].status == "studying"
    assert records[idle.pk].status == "not_started"
    assert Certificate.objects.filter(cadre=cadre, course=done).exists()


def test_my_archive_shows_every_year_and_course(client, cadre, world):
    done, studying, idle = world
    client.force_login(cadre.user)
    response = client.get(MY_ARCHIVE)
    assert response.status_code == 200
    html = response.content.decode()
    # The header: name, village, township, position; no ID or mobile.
    for text in [
        "学习档案",
        "乌力吉",
        "东明村",
        "东明镇",
        cadre.get_position_display(),
    ]:
        assert text in html
    assert cadre.mobile not in html
    # Newest year first.
    assert html.index("2025 年度") < html.index("2024 年度")
    # Totals against the targets (50 online, 90 centralised).
    assert "<strong>2</strong> / 50 学时" in html
    assert "<strong>3</strong> / 90 学时" in html
    assert "还差 48 学时" in html
    assert "<strong>1</strong> / 1 门" in html  # 2025: the required course done
    assert "<strong>0</strong> / 1 门" in html  # 2024: not started
    # Each course: status, hours, quiz scores, sessions, certificate.
    for text in ["已结业", "学习中", "未开始", "必修", "选修"]:
        assert text in html
    assert "村集体经济发展测验" in html and "100 分" in html
    assert "电商直播带货测验" in html and "未作答" in html
    assert "1/2 场" in html
    assert "无面授" in html
    code = Certificate.objects.get(cadre=cadre, course=done).code
    assert reverse("courses:certificate", args=[code]) in html
    assert html.count("查看结业证书") == 1
    assert "data-print" in html and "archive.css" in html


def test_course_order_and_years(client, cadre, world):
    done, studying, idle = world
    client.force_login(cadre.user)
    html = client.get(MY_ARCHIVE).content.decode()
    # 2025: the required course first; 2024 after.
    assert html.index(done.title) < html.index(studying.title) < html.index(idle.title)


def test_an_unlisted_quiz_keeps_its_score_a_new_one_without_score_is_hidden(
    client, cadre, world
):
    done, studying, _idle = world
    QuizPage.objects.child_of(done).get().unpublish()
    QuizPage.objects.child_of(studying).get().unpublish()
    client.force_login(cadre.user)
    html = client.get(MY_ARCHIVE).content.decode()
    assert "村集体经济发展测验" in html  # taken: kept in the record
    assert "电商直播带货测验" not in html  # never taken, no longer live


def test_a_cadre_without_courses_sees_an_empty_archive(client, other_cadre):
    client.force_login(other_cadre.user)
    response = client.get(MY_ARCHIVE)
    assert response.status_code == 200
    assert "暂无记录" in response.content.decode()


# ---- The quiz score hook ---------------------------------------------------------


@pytest.mark.parametrize(
    ("grading", "expected"), [(Grading.HIGHEST, "100.0"), (Grading.LAST, "0.0")]
)
def test_quiz_scores_follow_the_grading_rule_in_one_query(cadre, grading, expected):
    course = make_course(tracks()[0], requirement=Requirement.ELECTIVE)
    question = make_question()
    quiz = make_quiz(course, questions=[(question, Decimal("100"))], grading=grading)
    untaken = make_quiz(course, questions=[question])
    enrollment_choose(cadre=cadre, course=course)
    take_quiz(cadre, quiz, question, at(0))
    take_quiz(cadre, quiz, question, at(10), right=False)
    with CaptureQueriesContext(connection) as ctx:
        scores = QuizPage.archive_scores(
            cadre_id=cadre.pk, page_ids=[quiz.pk, untaken.pk]
        )
    assert len(ctx) == 1
    assert scores == {quiz.pk: Decimal(expected), untaken.pk: None}


def test_lessons_keep_no_scores(cadre):
    assert LessonPage.archive_scores(cadre_id=cadre.pk, page_ids=[1, 2]) == {}


# ---- Scope --------------------------------------------------------------------


def test_anonymous_users_are_sent_to_log_in(client, cadre):
    for url in [MY_ARCHIVE, cadre_url(cadre)]:
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("login") in response["Location"]


@pytest.mark.parametrize(
    "role",
    ["administrator", "banner_supervisor", "township_supervisor", "trainer"],
)
def test_my_archive_is_for_cadres_only(client, request, role):
    client.force_login(request.getfixturevalue(role))
    response = client.get(MY_ARCHIVE)
    assert response.status_code == 403
    assert "不是学员账号" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "same_township", "elsewhere"),
    [
        ("administrator", 200, 200),
        ("banner_supervisor", 200, 200),
        ("township_supervisor", 200, 404),  # 东明镇 only
        ("trainer", 404, 404),
    ],
)
def test_who_sees_a_cadres_archive(
    client, request, cadre, other_cadre, role, same_township, elsewhere
):
    client.force_login(request.getfixturevalue(role))
    assert client.get(cadre_url(cadre)).status_code == same_township
    response = client.get(cadre_url(other_cadre))
    assert response.status_code == elsewhere
    if elsewhere == 200:
        assert other_cadre.name in response.content.decode()


def test_a_cadre_opens_their_own_id_only(client, cadre, other_cadre, world):
    client.force_login(cadre.user)
    response = client.get(cadre_url(cadre))
    assert response.status_code == 200
    assert "村集体经济发展" in response.content.decode()
    assert client.get(cadre_url(other_cadre)).status_code == 404


def test_tampered_ids_are_not_found(client, township_supervisor, cadre):
    client.force_login(township_supervisor)
    for cadre_id in [cadre.pk + 1000, 0]:
        url = reverse("courses:cadre_archive", args=[cadre_id])
        assert client.get(url).status_code == 404
    assert client.get("/courses/archive/abc/").status_code == 404


def test_an_inactive_supervisor_sees_nothing(client, banner_supervisor, cadre):
    banner_supervisor.is_active = False
    banner_supervisor.save()
    client.force_login(banner_supervisor)
    assert client.get(cadre_url(cadre)).status_code in (302, 404)


def test_a_supervisor_sees_the_same_archive(client, banner_supervisor, cadre, world):
    client.force_login(banner_supervisor)
    html = client.get(cadre_url(cadre)).content.decode()
    assert "乌力吉的学习档案" in html
    assert "100 分" in html and "1/2 场" in html
    assert cadre.mobile not in html


# ---- Query counts -------------------------------------------------------------

# The session, the user, the cadre, the targets; the archive (course records
# with their certificates, year records, the courses' parts, quiz scores,
# sessions); the page's frame (site, view restrictions, navigation, portal
# settings). The cadre's own archive loads the cadre with the user, then once
# more with the township; supervisors get the Wagtail user bar (four more).
ARCHIVE_QUERIES = {"cadre": 13, "banner_supervisor": 17}


def count_queries(client, url):
    client.get(url)  # warm up: site root paths, settings, content types
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx), [q["sql"] for q in ctx.captured_queries], response


def grow(cadre, trainer):
    """Six more courses over two years, with quizzes and sessions."""
    first, second, third = tracks()
    for n in range(3):
        completed_course(
            cadre, [first, second][n % 2], title=f"新增课程{n}", year=2024 + n % 2
        )
        studying_course(
            cadre,
            third,
            trainer,
            title=f"新增选修{n}",
            year=2024 + n % 2,
            now=T0 + dt.timedelta(days=10 * (n + 1)),
        )


@pytest.mark.parametrize("viewer", ["cadre", "banner_supervisor"])
def test_archive_queries_do_not_grow(client, request, cadre, trainer, viewer):
    first, _second, third = tracks()
    completed_course(cadre, first, title="村集体经济发展")
    studying_course(cadre, third, trainer, title="电商直播带货")
    user = request.getfixturevalue(viewer)
    client.force_login(cadre.user if viewer == "cadre" else user)
    url = MY_ARCHIVE if viewer == "cadre" else cadre_url(cadre)
    small, small_sql, response = count_queries(client, url)
    assert response.content.decode().count('class="archive-course ') == 2
    grow(cadre, trainer)
    large, large_sql, response = count_queries(client, url)
    html = response.content.decode()
    assert html.count('class="archive-course ') == 8
    assert "2024 年度" in html and html.count("查看结业证书") == 4
    assert small == large, "\n".join(large_sql)
    assert small == ARCHIVE_QUERIES[viewer], "\n".join(small_sql)

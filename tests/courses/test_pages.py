"""Track, course and lesson pages: what each role sees, and constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.selectors import FULL, LOGIN, OUTSIDE_AUDIENCE, course_access
from lms.models import Position, VillageClass
from tests.logins import login

from ..conftest import PASSWORD
from .factories import make_course, make_lesson, tracks

OUTSIDE = "您不在学习对象范围内"


@pytest.fixture
def track(db):
    return tracks()[0]


@pytest.fixture
def course(track):
    course = make_course(track, title="村集体经济发展", code="LG-001")
    make_lesson(course, title="第一课", body=[("paragraph", "<p>甲课正文</p>")])
    make_lesson(course, title="第二课", body=[("paragraph", "<p>乙课正文</p>")])
    return course


def lesson_of(course, n=0):
    return course.get_children().specific().order_by("path")[n]


# ---- Access, role by role ----------------------------------------------------


def test_anonymous_sees_summary_and_login_link(client, course):
    lesson = lesson_of(course)
    html = client.get(course.url).content.decode()
    assert course.summary in html
    assert "请先登录" in html
    assert f"/accounts/login/?next={course.url}" in html
    assert "第一课" not in html

    response = client.get(lesson.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "请先登录" in html
    assert f"?next={lesson.url}" in html
    assert "甲课正文" not in html


def test_cadre_in_audience_studies(client, course, cadre):
    login(client, cadre.user)
    html = client.get(course.url).content.decode()
    assert "第一课" in html and "第二课" in html
    assert "全体学员" in html
    response = client.get(lesson_of(course).url)
    assert response.status_code == 200
    assert "甲课正文" in response.content.decode()


@pytest.mark.parametrize(
    "audience",
    [
        {"audience_positions": [Position.PARTY_SECRETARY]},
        {"audience_village_classes": [VillageClass.RECTIFYING]},
        "township",
    ],
    ids=["position", "village_class", "township"],
)
def test_cadre_outside_audience_is_told_why(
    client, track, cadre, other_township, audience
):
    if audience == "township":
        course = make_course(track, audience_townships=[other_township])
    else:
        course = make_course(track, **audience)
    lesson = make_lesson(course, body=[("paragraph", "<p>秘密正文</p>")])
    login(client, cadre.user)

    response = client.get(course.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert OUTSIDE in html
    assert course.summary in html
    assert lesson.title not in html

    response = client.get(lesson.url)
    html = response.content.decode()
    assert response.status_code == 403
    assert OUTSIDE in html
    assert "秘密正文" not in html


def test_audience_matches_each_dimension(track, cadre, other_cadre, other_township):
    # cadre: 东明镇, 一类, 两委委员; other_cadre: 八仙筒镇, 三类, 两委委员.
    course = make_course(
        track,
        audience_positions=[Position.COMMITTEE_MEMBER],
        audience_village_classes=[VillageClass.RECTIFYING],
        audience_townships=[other_township],
    )
    assert course_access(other_cadre.user, course) == FULL
    assert course_access(cadre.user, course) == OUTSIDE_AUDIENCE


def test_audience_in_words(client, track, cadre, township, other_township):
    course = make_course(
        track,
        audience_positions=[Position.COMMITTEE_DIRECTOR, Position.PARTY_SECRETARY],
        audience_village_classes=[VillageClass.RECTIFYING],
        audience_townships=[township],
    )
    login(client, cadre.user)
    html = client.get(course.url).content.decode()
    assert "党支部书记、村委会主任；三类村；东明镇" in html


@pytest.mark.parametrize(
    "role", ["trainer", "banner_supervisor", "township_supervisor", "administrator"]
)
def test_staff_see_everything(client, request, track, other_township, role):
    user = request.getfixturevalue(role)
    course = make_course(
        track,
        audience_positions=[Position.PARTY_SECRETARY],
        audience_townships=[other_township],
    )
    lesson = make_lesson(course, body=[("paragraph", "<p>讲师可见正文</p>")])
    login(client, user)
    assert lesson.title in client.get(course.url).content.decode()
    response = client.get(lesson.url)
    assert response.status_code == 200
    assert "讲师可见正文" in response.content.decode()


def test_cadre_role_without_profile_is_outside(track, django_user_model):
    user = django_user_model.objects.create_user("nobody", password=PASSWORD)
    course = make_course(track)
    assert course_access(user, course) == OUTSIDE_AUDIENCE


def test_anonymous_access_is_login(track, rf):
    from django.contrib.auth.models import AnonymousUser

    assert course_access(AnonymousUser(), make_course(track)) == LOGIN


# ---- What the pages show -----------------------------------------------------


def test_track_lists_only_live_courses(client, track, trainer):
    live = make_course(track, title="已发布课程", requirement="elective")
    make_lesson(live)
    make_lesson(live)
    draft = make_course(track, title="草稿课程")
    draft.unpublish()
    other_track_course = make_course(tracks()[1], title="别的课堂的课程")
    html = client.get(track.url).content.decode()
    assert "已发布课程" in html
    assert live.code in html
    assert "选修" in html
    assert "2 个课时" in html
    assert "草稿课程" not in html
    assert other_track_course.title not in html


def test_course_page_facts(client, track, cadre, trainer):
    course = make_course(track, code="TP-9", year=2026, trainers=[trainer])
    make_lesson(course, title="政策解读", study_minutes=45)
    login(client, cadre.user)
    html = client.get(course.url).content.decode()
    for text in ["TP-9", "2026", "必修", "王讲师", track.title, "政策解读", "45 分钟"]:
        assert text in html


def test_lesson_page_has_breadcrumb_and_neighbours(client, course, cadre):
    login(client, cadre.user)
    first, second = lesson_of(course, 0), lesson_of(course, 1)
    html = client.get(first.url).content.decode()
    assert course.title in html and "学习时长 30 分钟" in html
    assert f'href="{second.url}" rel="next"' in html
    assert 'rel="prev"' not in html
    html = client.get(second.url).content.decode()
    assert f'href="{first.url}" rel="prev"' in html
    assert 'rel="next"' not in html


# ---- Constant queries --------------------------------------------------------


def count_queries(client, url):
    """Queries of a second visit: the first fills caches (a course's contents
    are read afresh after every change to the course or its lessons)."""
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_track_page_queries_do_not_grow(client, track, cadre):
    login(client, cadre.user)
    for _i in range(2):
        make_lesson(make_course(track))
    client.get(track.url)  # warm caches (site root paths)
    before = count_queries(client, track.url)
    for _i in range(5):
        course = make_course(track)
        make_lesson(course)
        make_lesson(course)
    assert count_queries(client, track.url) == before


def test_course_page_queries_do_not_grow(client, track, cadre, trainer):
    login(client, cadre.user)
    course = make_course(track, trainers=[trainer])
    for _i in range(2):
        make_lesson(course)
    client.get(course.url)
    before = count_queries(client, course.url)
    for _i in range(5):
        make_lesson(course)
    assert count_queries(client, course.url) == before


def test_lesson_page_queries_do_not_grow(client, track, cadre):
    login(client, cadre.user)
    course = make_course(track)
    lessons = [make_lesson(course) for _i in range(3)]
    url = lessons[1].url
    client.get(url)
    before = count_queries(client, url)
    for _i in range(5):
        make_lesson(course)
    assert count_queries(client, url) == before

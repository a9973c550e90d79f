"""seed_demo builds a working portal: every page answers every role."""

import pytest
from django.core.management import call_command
from django.db import transaction
from wagtail.models import Page

from courses.models import CoursePartMixin
from courses.selectors import OUTSIDE_AUDIENCE, course_access
from lms.demo import DEMO_PASSWORD, demo_logins
from lms.models import Cadre, Township, User, Village

ROLES = ["anonymous", "admin", "trainer", "supervisor", "sup_dm", "cadre"]
STAFF = {"admin", "trainer", "supervisor", "sup_dm"}


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    # One seed for the module, rolled back at its end like a TestCase class.
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        call_command("seed_demo", stdout=open("/dev/null", "w"))
        yield
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


def response_user(client):
    from django.contrib.auth.models import AnonymousUser

    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else AnonymousUser()


def login_as(client, role):
    if role == "anonymous":
        return
    if role == "cadre":
        username = next(row[1] for row in demo_logins() if row[0] == "学员")
    else:
        username = role
    assert client.login(username=username, password=DEMO_PASSWORD)


def test_seed_demo_builds_the_banner(seeded, db):
    assert Township.objects.count() == 14
    assert 280 <= Village.objects.count() <= 320
    assert Cadre.objects.count() >= 1200
    assert set(Village.objects.values_list("village_class", flat=True)) == {1, 2, 3}
    assert Cadre.objects.filter(village__township__name="东明镇").count() > 150


def test_seed_demo_is_repeat_safe(seeded, db):
    before = (Cadre.objects.count(), Village.objects.count(), Page.objects.count())
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    after = (Cadre.objects.count(), Village.objects.count(), Page.objects.count())
    assert before == after


@pytest.mark.parametrize("role", ROLES)
def test_every_page_as_every_role(seeded, db, client, role):
    login_as(client, role)
    pages = Page.objects.live().filter(depth__gt=1).specific()
    assert {type(p).__name__ for p in pages} >= {
        "HomePage",
        "TrackPage",
        "NoticeIndexPage",
        "NoticePage",
        "StandardPage",
        "CoursePage",
        "LessonPage",
        "QuizPage",
    }
    user = response_user(client)
    for page in pages:
        response = client.get(page.url)
        expected = 200
        if isinstance(page, CoursePartMixin):  # lessons and quizzes
            course = page.get_parent().specific
            if course_access(user, course) == OUTSIDE_AUDIENCE:
                expected = 403
        assert response.status_code == expected, (role, page.url)
        assert page.title in response.content.decode()

    admin = client.get("/admin/")
    if role in STAFF:
        assert admin.status_code == 200
    else:
        assert admin.status_code == 302  # to the admin login page
    assert client.get("/accounts/login/").status_code in (200, 302)
    assert client.get("/no-such-page/").status_code == 404


def test_demo_logins_work(seeded, db):
    for _role, username, password, _note in demo_logins():
        user = User.objects.get(username=username)
        assert user.check_password(password)


def test_a_stale_form_gets_a_chinese_explanation(seeded, db):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "页面已过期" in response.content.decode()


def test_chinese_first_even_for_an_english_browser(seeded, db, client):
    home = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "通知公告" in home.content.decode()
    login_as(client, "supervisor")
    admin = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="zh-hans"' in admin.content.decode()

"""课程搜索 leaves out the courses a user may not open: Wagtail's page view
restrictions (登录后可见, 指定用户组, 密码) on the course or on its classroom."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from wagtail.models import PageViewRestriction

from tests.logins import logged_in

from .factories import make_course, tracks

URL = reverse("courses:search")


@pytest.fixture
def course(db):
    return make_course(tracks()[0], title="扫黑除恶专项斗争内部通报")


@pytest.fixture
def open_course(db):
    return make_course(tracks()[1], title="扫黑除恶政策解读")


def found(client):
    page = client.get(URL, {"q": "扫黑除恶"}).content.decode()
    return {
        title
        for title in ("扫黑除恶专项斗争内部通报", "扫黑除恶政策解读")
        if title in page
    }


def restrict(page, kind, **fields):
    groups = fields.pop("groups", ())
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=kind, **fields
    )
    restriction.groups.set(groups)
    return restriction


def test_a_course_for_logged_in_users_is_not_found_by_visitors(
    course, open_course, cadre
):
    restrict(course, PageViewRestriction.LOGIN)
    assert found(Client()) == {"扫黑除恶政策解读"}
    assert found(logged_in(cadre.user)) == {
        "扫黑除恶专项斗争内部通报",
        "扫黑除恶政策解读",
    }


def test_a_course_for_a_group_is_found_only_by_its_members(
    course, open_course, cadre, other_cadre
):
    members = Group.objects.create(name="东明镇专题班")
    cadre.user.groups.add(members)
    restrict(course, PageViewRestriction.GROUPS, groups=[members])
    assert found(Client()) == {"扫黑除恶政策解读"}
    assert found(logged_in(other_cadre.user)) == {"扫黑除恶政策解读"}
    assert found(logged_in(cadre.user)) == {
        "扫黑除恶专项斗争内部通报",
        "扫黑除恶政策解读",
    }


def test_a_restricted_classroom_hides_its_courses(course, open_course, cadre):
    members = Group.objects.create(name="旗委专题班")
    restrict(tracks()[0], PageViewRestriction.GROUPS, groups=[members])
    assert found(logged_in(cadre.user)) == {"扫黑除恶政策解读"}


def test_a_password_course_is_found_once_its_password_is_given(course, open_course):
    restriction = restrict(course, PageViewRestriction.PASSWORD, password="naiman")
    client = Client()
    assert found(client) == {"扫黑除恶政策解读"}
    # Wagtail's own password form for the page.
    form_url = reverse(
        "wagtailcore_authenticate_with_password", args=[restriction.pk, course.pk]
    )
    response = client.post(form_url, {"password": "naiman", "return_url": course.url})
    assert response.status_code == 302
    assert found(client) == {"扫黑除恶专项斗争内部通报", "扫黑除恶政策解读"}

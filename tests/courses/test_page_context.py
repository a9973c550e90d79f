"""The pages' context is built in courses.page_context, the one place where a
GET writes: a cadre opening a required course meant for them is enrolled."""

from pathlib import Path
from unittest import mock

import pytest

from courses import page_context
from courses.models import Enrollment

from ..conftest import PASSWORD
from .factories import make_course, make_lesson, tracks

APPS = ("lms", "cms", "courses", "exams")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def course(db):
    course = make_course(tracks()[0], title="村集体经济发展")
    make_lesson(course, title="第一课")
    return course


def lesson_of(course):
    return course.get_children().specific().order_by("path").first()


def test_opening_a_required_course_enrols_the_cadre_once(client, course, cadre):
    assert client.login(username=cadre.user.username, password=PASSWORD)
    assert not Enrollment.objects.filter(cadre=cadre).exists()

    client.get(course.url)
    enrolment = Enrollment.objects.get(cadre=cadre)
    assert enrolment.course_id == course.pk
    assert enrolment.source == Enrollment.Source.REQUIRED

    client.get(course.url)
    client.get(lesson_of(course).url)
    assert Enrollment.objects.filter(cadre=cadre).count() == 1


@pytest.mark.parametrize("page", ["course", "lesson"])
def test_each_page_view_enrols_through_enrol_on_visit(client, course, cadre, page):
    assert client.login(username=cadre.user.username, password=PASSWORD)
    url = course.url if page == "course" else lesson_of(course).url
    with mock.patch.object(
        page_context, "enrollment_on_visit", wraps=page_context.enrollment_on_visit
    ) as enrols:
        assert client.get(url).status_code == 200
    enrols.assert_called_once_with(cadre=cadre, course=course)


def test_anonymous_and_staff_views_write_no_enrolment(client, course, trainer):
    client.get(course.url)
    assert client.login(username=trainer.username, password=PASSWORD)
    client.get(course.url)
    client.get(lesson_of(course).url)
    assert not Enrollment.objects.exists()


def test_no_other_code_enrols_on_a_visit():
    """services.enrollment_on_visit is called from page_context alone."""
    callers = {
        str(path.relative_to(ROOT))
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "enrollment_on_visit(" in path.read_text(encoding="utf-8")
    }
    assert callers == {"courses/page_context.py", "courses/services/enrolment.py"}

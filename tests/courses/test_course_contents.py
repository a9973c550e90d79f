"""The course page's cached contents follow every change a trainer makes."""

import pytest
from django.test import Client

from courses.models import Requirement
from lms.models import Township

from .factories import make_course, make_lesson, tracks


@pytest.fixture
def course(db):
    course = make_course(tracks()[0], requirement=Requirement.ELECTIVE)
    make_lesson(course, title="第一讲：基本要求")
    return course


def html_of(client, course):
    response = client.get(course.url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def viewer(administrator):
    client = Client()
    client.force_login(administrator)
    return client


def test_a_new_lesson_appears_at_once(viewer, course):
    assert "第一讲" in html_of(viewer, course)
    make_lesson(course, title="第二讲：村务公开")
    assert "第二讲：村务公开" in html_of(viewer, course)


def test_a_published_title_change_appears(viewer, course):
    lesson = course.get_children().specific().get()
    html_of(viewer, course)
    lesson.title = "第一讲：总体要求"
    lesson.save_revision().publish()
    html = html_of(viewer, course)
    assert "第一讲：总体要求" in html and "基本要求" not in html


def test_an_unpublished_or_deleted_lesson_disappears(viewer, course):
    second = make_lesson(course, title="第二讲：待删除")
    third = make_lesson(course, title="第三讲：待下线")
    assert "第三讲" in html_of(viewer, course)
    third.unpublish()
    second.delete()
    html = html_of(viewer, course)
    assert "第三讲" not in html and "第二讲" not in html


def test_a_moved_lesson_leaves_its_old_course(viewer, course):
    other = make_course(tracks()[0], requirement=Requirement.ELECTIVE)
    lesson = make_lesson(course, title="第二讲：将移走")
    html_of(viewer, course), html_of(viewer, other)
    lesson.move(other, pos="last-child")
    assert "将移走" not in html_of(viewer, course)
    assert "将移走" in html_of(viewer, other)


def test_audience_and_trainers_follow_the_course(viewer, course, trainer):
    html_of(viewer, course)
    course.trainers.set([trainer])
    course.audience_townships.set([Township.objects.create(name="白音他拉苏木")])
    course.save_revision().publish()
    html = html_of(viewer, course)
    assert trainer.get_full_name() in html
    assert "白音他拉苏木" in html


def test_a_new_training_session_appears_at_once(viewer, course, trainer):
    import datetime as dt

    from django.utils import timezone

    from courses.models import TrainingSession

    assert "集中培训" not in html_of(viewer, course)
    start = timezone.now() + dt.timedelta(days=3)
    TrainingSession.objects.create(
        course=course,
        title="现场教学：示范嘎查村观摩",
        place="大沁他拉镇",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        trainer=trainer,
    )
    assert "现场教学：示范嘎查村观摩" in html_of(viewer, course)

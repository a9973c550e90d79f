"""Classrooms, trainers and the courses they teach, for the publishing tests."""

import pytest

from lms.models import Role
from lms.services import user_create

from ...conftest import PASSWORD
from ..factories import make_course, make_lesson, tracks


@pytest.fixture
def track(db):
    return tracks()[0]


@pytest.fixture
def other_trainer(db):
    return user_create(
        username="trainer2", name="李讲师", role=Role.TRAINER, password=PASSWORD
    )


@pytest.fixture
def own_course(track, trainer):
    course = make_course(track, title="村级财务管理", trainers=[trainer])
    make_lesson(course, title="财务公开")
    return course


@pytest.fixture
def other_course(track, other_trainer):
    course = make_course(track, title="草原生态保护", trainers=[other_trainer])
    make_lesson(course, title="禁牧休牧")
    return course

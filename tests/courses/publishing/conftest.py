"""Classrooms, trainers and the courses they teach, for the publishing tests."""

import pytest

from ..factories import make_course, make_lesson, tracks


@pytest.fixture
def track(db):
    return tracks()[0]


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

"""A trainer added to a course teaches it at once, in the same request: the
cached paths of the courses a user teaches are dropped (lms.access
course_paths_forget)."""

from courses.permissions import course_trainer_add
from lms.access import course_paths_taught, is_trainer_of

from .factories import make_course, tracks


def test_an_added_trainer_teaches_the_course_on_the_same_user_object(trainer):
    course = make_course(tracks()[0], title="村务公开实务")
    assert course_paths_taught(trainer) == frozenset()
    course_trainer_add(course=course, user=trainer)
    assert is_trainer_of(trainer, course)

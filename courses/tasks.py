"""Background tasks (Django's tasks API, the django_tasks backport Wagtail
brings). Settings.TASKS picks the backend: the database backend and its
worker (manage.py db_worker) in production, immediate in development and tests.
"""

from functools import partial

from django.db import transaction
from django_tasks import task

from .models import CoursePage, Requirement
from .services import enrollments_sync_required
from .services.enrolment import course_has_live_part


@task()
def sync_required_enrollments(course_id):
    """Enrol every cadre in a live required course's audience (repeat-safe;
    nobody while it has no live part). Returns the number of enrolments
    created."""
    course = CoursePage.objects.filter(pk=course_id).first()
    if course is None:
        return 0
    return enrollments_sync_required(course=course)


def _enqueue_sync(course):
    transaction.on_commit(partial(sync_required_enrollments.enqueue, course.pk))


def course_published(sender, instance, **kwargs):
    """page_published of CoursePage, however it was published (the editor, a
    reviewer's approval, publish_scheduled, a revert): a live required course
    with a live part enrols its audience in the background, once the
    publishing has committed. An empty one waits for its first part."""
    if (
        instance.live
        and instance.requirement == Requirement.REQUIRED
        and course_has_live_part(instance)
    ):
        _enqueue_sync(instance)


def course_part_published(sender, instance, **kwargs):
    """page_published of a course part (lesson, quiz): a live required course
    enrols its audience then, if it was waiting for a live part (repeat-safe:
    those enrolled already are left alone)."""
    course = CoursePage.objects.filter(path=instance.path[: -instance.steplen]).first()
    if (
        course is not None
        and course.live
        and course.requirement == Requirement.REQUIRED
    ):
        _enqueue_sync(course)

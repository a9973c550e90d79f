"""Background tasks (Django's tasks API, the django_tasks backport Wagtail
brings). Settings.TASKS picks the backend: the database backend and its
worker (manage.py db_worker) in production, immediate in development and tests.
"""

from functools import partial

from django.db import transaction
from django_tasks import task

from .models import CoursePage, Requirement
from .services import enrollments_sync_required


@task()
def sync_required_enrollments(course_id):
    """Enrol every cadre in a live required course's audience (repeat-safe).
    Returns the number of enrolments created."""
    course = CoursePage.objects.filter(pk=course_id).first()
    if course is None:
        return 0
    return enrollments_sync_required(course=course)


def course_published(sender, instance, **kwargs):
    """page_published of CoursePage, however it was published (the editor, a
    reviewer's approval, publish_scheduled, a revert): a live required course
    enrols its audience in the background, once the publishing has committed."""
    if instance.live and instance.requirement == Requirement.REQUIRED:
        transaction.on_commit(partial(sync_required_enrollments.enqueue, instance.pk))

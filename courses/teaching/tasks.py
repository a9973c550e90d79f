"""A course's 学习进度 export as a background task (Django's tasks API;
immediate in development and tests, the database worker in production)."""

from django_tasks import task

from ..reports.tasks import export_run
from .exports import course_progress_export_write


@task()
def course_progress_export_build(export_id):
    """Build a pending course progress export (see export_run)."""
    return export_run(export_id, course_progress_export_write)

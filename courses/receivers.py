"""What courses do when the database changes, connected in
CoursesConfig.ready(): after migrate, course publishing is set up; when a
course, one of its parts or sessions is saved, deleted or moved, its cached
contents (selectors.course_contents) are read afresh."""

from django.apps import apps
from django.contrib.auth.management import create_permissions

from .publishing.workflow import course_publishing_ensure
from .services import course_contents_changed


def publishing_ensure(sender, **kwargs):
    # Wagtail's page permissions are created by auth's post_migrate handler for
    # wagtailcore, which comes after this app.
    create_permissions(
        apps.get_app_config("wagtailcore"),
        verbosity=0,
        using=kwargs.get("using", "default"),
    )
    course_publishing_ensure()


def course_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        course_contents_changed(course_path=instance.path)


def course_part_changed(sender, instance, raw=False, **kwargs):
    if not raw and instance.path:
        course_contents_changed(course_path=instance.path[: -instance.steplen])


def page_moved(sender, instance, parent_page_before, parent_page_after, **kwargs):
    for parent in (parent_page_before, parent_page_after):
        course_contents_changed(course_path=parent.path)


def session_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        course_contents_changed(course_id=instance.course_id)

from django.apps import AppConfig, apps
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


def _ensure_publishing(sender, **kwargs):
    from django.contrib.auth.management import create_permissions

    from .publishing.workflow import course_publishing_ensure

    # Wagtail's page permissions are created by auth's post_migrate handler for
    # wagtailcore, which comes after this app.
    create_permissions(
        apps.get_app_config("wagtailcore"),
        verbosity=0,
        using=kwargs.get("using", "default"),
    )
    course_publishing_ensure()


def _course_saved(sender, instance, raw=False, **kwargs):
    from .services import course_contents_changed

    if not raw:
        course_contents_changed(course_path=instance.path)


def _course_part_changed(sender, instance, raw=False, **kwargs):
    from .services import course_contents_changed

    if not raw and instance.path:
        course_contents_changed(course_path=instance.path[: -instance.steplen])


def _page_moved(sender, instance, parent_page_before, parent_page_after, **kwargs):
    from .services import course_contents_changed

    for parent in (parent_page_before, parent_page_after):
        course_contents_changed(course_path=parent.path)


def _session_changed(sender, instance, raw=False, **kwargs):
    from .services import course_contents_changed

    if not raw:
        course_contents_changed(course_id=instance.course_id)


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("课堂与课程")

    def ready(self):
        from wagtail.signals import page_published, post_page_move

        from . import page_context
        from .models import CoursePage, LessonPage, TrackPage, TrainingSession
        from .publishing.workflow import classroom_created
        from .selectors import course_part_models
        from .tasks import course_part_published, course_published

        # The pages' context is built outside the models.
        TrackPage.build_context = page_context.track_context
        CoursePage.build_context = page_context.course_context
        LessonPage.build_context = page_context.lesson_context
        post_migrate.connect(_ensure_publishing, sender=self)
        # Cached course contents (selectors.course_contents) follow changes.
        post_save.connect(_course_saved, sender=CoursePage)
        for model in course_part_models():
            post_save.connect(_course_part_changed, sender=model)
            post_delete.connect(_course_part_changed, sender=model)
            page_published.connect(course_part_published, sender=model)
        post_page_move.connect(_page_moved)
        post_save.connect(_session_changed, sender=TrainingSession)
        post_delete.connect(_session_changed, sender=TrainingSession)
        post_save.connect(classroom_created, sender=TrackPage)
        page_published.connect(course_published, sender=CoursePage)

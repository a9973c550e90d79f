from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("课堂与课程")

    def ready(self):
        from wagtail.signals import page_published, post_page_move

        from . import page_context, receivers
        from .models import CoursePage, LessonPage, TrackPage, TrainingSession
        from .publishing.workflow import classroom_created
        from .selectors import course_part_models
        from .tasks import course_part_published, course_published

        # The pages' context is built outside the models.
        TrackPage.build_context = page_context.track_context
        CoursePage.build_context = page_context.course_context
        LessonPage.build_context = page_context.lesson_context
        post_migrate.connect(receivers.publishing_ensure, sender=self)
        # Cached course contents (selectors.course_contents) follow changes.
        post_save.connect(receivers.course_saved, sender=CoursePage)
        for model in course_part_models():
            post_save.connect(receivers.course_part_changed, sender=model)
            post_delete.connect(receivers.course_part_changed, sender=model)
            page_published.connect(course_part_published, sender=model)
        post_page_move.connect(receivers.page_moved)
        post_save.connect(receivers.session_changed, sender=TrainingSession)
        post_delete.connect(receivers.session_changed, sender=TrainingSession)
        post_save.connect(classroom_created, sender=TrackPage)
        page_published.connect(course_published, sender=CoursePage)

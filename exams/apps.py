from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExamsConfig(AppConfig):
    name = "exams"
    verbose_name = _("测验与考试")

    def ready(self):
        from .models import QuizPage
        from .page_context import quiz_context

        # The page's context is built outside the model.
        QuizPage.build_context = quiz_context

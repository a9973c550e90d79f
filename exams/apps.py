from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExamsConfig(AppConfig):
    name = "exams"
    verbose_name = _("测验与考试")

    def ready(self):
        from .models import QuizPage
        from .page_context import quiz_context
        from .quiz_form import QuizPageForm

        # The page's context is built outside the model.
        QuizPage.build_context = quiz_context
        # A trainer picks within their share of the bank (exams.bank).
        QuizPage.base_form_class = QuizPageForm

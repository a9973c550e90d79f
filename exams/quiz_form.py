"""The quiz's page form: a trainer picks fixed questions and the categories to
draw from only within their share of the bank (exams.bank), besides what the
quiz already has; otherwise a rule drawing from another trainer's category
would open that category's questions (and keys) to them. QuizPage gets it
in exams.apps (as its page context)."""

import copy

from django.db.models import Q
from wagtail.admin.forms import WagtailAdminPageForm

from lms.access import may_edit_whole_question_bank

from .bank import categories_for, questions_for
from .models import Question, QuestionCategory

SCOPED = {"fixed_questions": "question", "random_rules": "category"}


class QuizPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is None or may_edit_whole_question_bank(user):
            return
        quiz = self.instance
        choices = {
            "fixed_questions": Question.objects.filter(
                Q(pk__in=questions_for(user).values("pk"))
                | Q(pk__in=[f.question_id for f in quiz.fixed_questions.all()])
            ),
            "random_rules": QuestionCategory.objects.filter(
                Q(pk__in=categories_for(user).values("pk"))
                | Q(pk__in=[r.category_id for r in quiz.random_rules.all()])
            ),
        }
        for name, field_name in SCOPED.items():
            formset = self.formsets.get(name)
            if formset is None:
                continue
            field = copy.deepcopy(formset.form.base_fields[field_name])
            field.queryset = choices[name]
            # Every child form, the empty one for 添加 included, gets the field.
            scoped = type(formset.form.__name__, (formset.form,), {})
            scoped.base_fields = {**formset.form.base_fields, field_name: field}
            formset.form = scoped

"""The exams app in the Wagtail admin: 题库 (question and category snippets with
the Excel import) and the quiz results views."""

from django.contrib import messages
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path, reverse, reverse_lazy
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.permissions import register_permission_policy

from courses.teaching.progress_selectors import SCORES_HOOK
from lms.access import forbidden, is_trainer, may_import_questions

from . import question_views, results_views
from .bank import categories_for, questions_for
from .bank_viewsets import AdministratorsReadOnly, QuestionBankViewSetGroup
from .models import (
    AttemptAnswer,
    Question,
    QuestionCategory,
    QuizFixedQuestion,
    QuizRandomRule,
    Regrade,
)
from .selectors import (
    most_missed_questions,
    quiz_grades_of_cadres,
    quizzes_visible_to,
)

# Before any viewset asks for it: the regrade record is read-only, for
# administrators only.
register_permission_policy(Regrade, AdministratorsReadOnly(Regrade))


@hooks.register("register_admin_viewset")
def register_question_bank():
    """题库: questions and categories (snippets), and the import."""
    return QuestionBankViewSetGroup()


@hooks.register("insert_global_admin_css")
def question_bank_css():
    return format_html(
        '<link rel="stylesheet" href="{}">', static("exams/css/question-bank.css")
    )


@hooks.register("register_admin_urls")
def register_exams_admin_urls():
    """题库导入 (exams.question_views) and 测验成绩 (exams.results_views)."""
    return [
        path(
            "question-bank/import/",
            include((question_views.urlpatterns, "question_import")),
        ),
        path("exams/results/", include((results_views.urlpatterns, "exam_results"))),
    ]


class QuestionImportMenuItem(MenuItem):
    def is_shown(self, request):
        return may_import_questions(request.user)


@hooks.register("register_question_bank_menu_item")
def register_question_import_menu_item():
    return QuestionImportMenuItem(
        gettext_lazy("从 Excel 导入题目"),
        reverse_lazy("question_import:upload"),
        icon_name="upload",
        order=900,
    )


# What keeps a question or a category from deletion: (model, foreign key) pairs.
IN_USE_BY = {
    Question: ((QuizFixedQuestion, "question"), (AttemptAnswer, "question")),
    QuestionCategory: ((Question, "category"), (QuizRandomRule, "category")),
}


@hooks.register("before_delete_snippet")
def keep_others_questions(request, instances):
    """Deleting (one or several at once) only within the user's share of the
    bank (exams.bank): another trainer's question or category is refused."""
    scopes = {Question: questions_for, QuestionCategory: categories_for}
    if not instances or type(instances[0]) not in scopes:
        return None
    ids = {instance.pk for instance in instances}
    mine = scopes[type(instances[0])](request.user).filter(pk__in=ids)
    if mine.count() == len(ids):
        return None
    return forbidden(request, _("其中有不归您负责的题目或分类，未删除任何项。"))


@hooks.register("before_delete_snippet")
def keep_bank_items_in_use(request, instances):
    """Deleting several questions or categories at once (a bulk action) keeps
    all of them when any is still in use, and says which; deleting one shows
    the same on its own page (exams.viewsets.BankDeleteView)."""
    match = request.resolver_match
    if not instances or not match or match.url_name != "wagtail_bulk_action":
        return None
    model = type(instances[0])
    if model not in IN_USE_BY:
        return None
    ids = [instance.pk for instance in instances]
    used = set()
    for user, field in IN_USE_BY[model]:
        used.update(
            user.objects.filter(**{f"{field}__in": ids}).values_list(
                f"{field}_id", flat=True
            )
        )
    if not used:
        return None
    if model is Question:
        message = _("以下题目已被测验选用或已有人作答，不能删除：%(items)s")
    else:
        message = _("以下分类下还有题目或被测验的抽题规则使用，不能删除：%(items)s")
    items = "、".join(f"“{i}”" for i in instances if i.pk in used)
    messages.error(request, message % {"items": items} + _("。未删除任何项。"))
    return redirect(reverse(model.snippet_viewset.get_url_name("list")))


class ResultsMenuItem(MenuItem):
    def is_shown(self, request):
        return quizzes_visible_to(request.user).exists()


@hooks.register("register_admin_menu_item")
def register_results_menu_item():
    """测验成绩: for trainers (their courses' quizzes) and supervisors."""
    return ResultsMenuItem(
        gettext_lazy("测验成绩"),
        reverse_lazy("exam_results:index"),
        icon_name="tasks",
        order=350,
    )


# --- A trainer's home page and a course's 学习进度 (courses.teaching) ------------


class MostMissedQuestionsPanel(Component):
    """易错题: per course the trainer teaches, the quiz questions most often
    answered wrong, with the share wrong and a link to the quiz's results."""

    name = "most_missed_questions"
    template_name = "exams/admin/teaching_most_missed.html"
    order = 60  # after 我的课程 (50)

    class Media:
        css = {"all": ["courses/css/teaching.css"]}

    def get_context_data(self, parent_context):
        return {"courses": most_missed_questions(parent_context["request"].user)}


@hooks.register("construct_homepage_panels")
def most_missed_questions_panel(request, panels):
    if is_trainer(request.user):
        panels.append(MostMissedQuestionsPanel())


@hooks.register(SCORES_HOOK)
def quiz_scores_for_course_progress(*, cadre_ids, page_ids):
    """A course's 学习进度 shows each cadre's grade in its quizzes."""
    return quiz_grades_of_cadres(cadre_ids=cadre_ids, quiz_ids=page_ids)

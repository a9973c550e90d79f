"""题库's other screens: categories (snippets, scoped as the questions are),
the 重新评分记录 (read-only, administrators only) and the 题库 menu group.

A trainer sees the categories in their charge or drawn by their courses'
quizzes (exams.bank); a category they create is in their charge. Only
administrators choose a category's 负责讲师 (exams.questions.forms)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from lms.access import may_edit_whole_question_bank
from lms.models import Role
from lms.viewsets.display import render_when, user_display

from .bank import categories_for, categories_take_charge
from .models import Question, QuestionCategory, Regrade
from .questions.display import display_field
from .questions.forms import category_edit_handler
from .viewsets import (
    BankScoped,
    BankScopedEdit,
    ProtectedDeleteMixin,
    QuestionViewSet,
)

# --- categories --------------------------------------------------------------


class CategoryIndexView(snippet_views.IndexView):
    @cached_property
    def columns(self):
        bulk, title, *_rest = super().columns
        questions_url = reverse(Question.snippet_viewset.get_url_name("list"))
        return [
            bulk,
            title,
            TitleColumn(
                "question_count",
                label=gettext_lazy("题目数"),
                sort_key="question_count",
                get_url=lambda category: f"{questions_url}?category={category.pk}",
            ),
        ]

    def get_base_queryset(self):
        return categories_for(self.request.user).annotate(
            question_count=Count("questions")
        )


class CategoryCreateView(snippet_views.CreateView):
    def save_instance(self):
        category = super().save_instance()
        categories_take_charge(names=[category.name], user=self.request.user)
        return category


class CategoryEditView(BankScopedEdit, snippet_views.EditView):
    bank_scope = staticmethod(categories_for)


class CategoryUsageView(BankScoped, snippet_views.UsageView):
    bank_scope = staticmethod(categories_for)


class CategoryHistoryView(BankScoped, snippet_views.HistoryView):
    bank_scope = staticmethod(categories_for)


class QuestionCategoryViewSet(ProtectedDeleteMixin, SnippetViewSet):
    model = QuestionCategory
    icon = "folder-open-inverse"
    menu_label = gettext_lazy("题目分类")
    menu_name = "categories"
    url_prefix = "question-bank/categories"
    index_view_class = CategoryIndexView
    add_view_class = CategoryCreateView
    edit_view_class = CategoryEditView
    usage_view_class = CategoryUsageView
    history_view_class = CategoryHistoryView
    bank_scope = staticmethod(categories_for)
    search_fields = ["name"]
    search_backend_name = None
    list_per_page = 50
    ordering = ["name"]
    copy_view_enabled = False
    add_to_reference_index = False

    def get_edit_handler(self):
        return category_edit_handler().bind_to_model(self.model)


# --- the regrade record --------------------------------------------------------


class AdministratorsReadOnly(BasePermissionPolicy):
    """The regrade record is read-only, and only administrators read it."""

    def user_has_permission(self, user, action):
        return action == "view" and may_edit_whole_question_bank(user)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and may_edit_whole_question_bank(user)

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True)
        if "view" not in actions:
            return users.none()
        return users.filter(Q(is_superuser=True) | Q(role=Role.ADMIN))


def _key(field):
    return lambda row: display_field(row.question.kind, "answer", getattr(row, field))


class RegradeIndexView(generic.IndexView):
    @cached_property
    def columns(self):
        return [
            Column(
                "at",
                label=gettext_lazy("时间"),
                accessor=lambda row: render_when(row.at),
                sort_key="at",
            ),
            Column(
                "by",
                label=gettext_lazy("操作人"),
                accessor=lambda row: user_display(row.by) if row.by else "—",
            ),
            Column("question", label=gettext_lazy("题目"), accessor="question"),
            Column("old", label=gettext_lazy("原答案"), accessor=_key("old_answer")),
            Column("new", label=gettext_lazy("新答案"), accessor=_key("new_answer")),
            Column("reason", label=gettext_lazy("原因")),
            Column("attempts_affected", label=gettext_lazy("重新评分的答卷数")),
            Column("scores_changed", label=gettext_lazy("成绩有变化的答卷数")),
        ]

    def get_base_queryset(self):
        return Regrade.objects.select_related("question", "by")


class RegradeViewSet(ModelViewSet):
    model = Regrade
    name = "exams_regrades"
    url_prefix = "question-bank/regrades"
    icon = "history"
    menu_label = gettext_lazy("重新评分记录")
    menu_name = "regrades"
    index_view_class = RegradeIndexView
    search_fields = ["question__stem", "reason"]
    search_backend_name = None
    ordering = "-at"
    copy_view_enabled = False
    inspect_view_enabled = False
    add_to_reference_index = False
    exclude_form_fields = []
    list_per_page = 50

    def get_permissions_to_register(self):
        return Permission.objects.none()


class QuestionBankViewSetGroup(SnippetViewSetGroup):
    menu_label = gettext_lazy("题库")
    menu_icon = "list-ul"
    menu_name = "question_bank"
    menu_order = 250
    items = (QuestionViewSet, QuestionCategoryViewSet, RegradeViewSet)
    # The import's menu item joins this submenu (exams.wagtail_hooks).
    submenu_hook = "register_question_bank_menu_item"

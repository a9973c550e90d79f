"""题库 in the Wagtail admin: questions and their categories as snippets (so a
quiz's 固定题目 picks a question with the snippet chooser), under one menu 题库
with the Excel import (exams.question_views).

Search is a plain substring match on the stem (icontains): the database search
backend splits words on spaces, which Chinese does not have. A question's
变更历史 is its django-simple-history record, the import's changes included.
Deleting a question or category still in use says what uses it instead of
failing. Trainers get the model permissions through their group
(lms.services.ROLE_GROUPS); administrators are superusers. Every view lists
and opens only the user's share of the bank (exams.bank): another trainer's
question is not listed, and its URLs give a 404. Categories, the regrade
record and the 题库 menu: exams.bank_viewsets.
"""

import django_filters
from django import forms
from django.contrib.admin.utils import quote, unquote
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.widgets.button import Button
from wagtail.snippets.views import chooser as snippet_chooser
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from lms.access import (
    AccessRequiredMixin,
    may_import_questions,
    may_use_question_bank,
)
from lms.viewsets.base import ProtectedDeleteView
from lms.viewsets.display import HISTORY_LABEL, NOWRAP
from lms.viewsets.history import ChangeHistoryView

from .bank import categories_for, questions_for
from .models import Difficulty, Question, QuestionCategory, QuestionKind
from .questions.display import display_field
from .questions.forms import question_edit_handler
from .questions.rules import answer_text
from .regrading import question_regrade

STEM_CLASS = "exams-stem"  # exams/static/exams/css/question-bank.css


class BankScoped:
    """A view of one object of the bank (usage, history) that finds it among
    the user's share (exams.bank): anything else is a 404."""

    bank_scope = staticmethod(questions_for)

    def get_base_object_queryset(self):
        return self.bank_scope(self.request.user)


class BankScopedEdit(BankScoped):
    """The same for an edit view (Django's SingleObjectMixin)."""

    def get_queryset(self):
        return self.bank_scope(self.request.user)


# --- questions ---------------------------------------------------------------------


class QuestionFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(
        label=gettext_lazy("题型"),
        choices=QuestionKind.choices,
        empty_label=gettext_lazy("全部"),
    )
    category = django_filters.ModelChoiceFilter(
        label=gettext_lazy("分类"),
        queryset=lambda request: categories_for(request.user),
        empty_label=gettext_lazy("全部"),
    )
    difficulty = django_filters.ChoiceFilter(
        label=gettext_lazy("难度"),
        choices=Difficulty.choices,
        widget=forms.RadioSelect,
        empty_label=gettext_lazy("全部"),
    )

    class Meta:
        model = Question
        fields = []


def question_answer(question):
    return answer_text(question.kind, question.answer)


class QuestionIndexView(snippet_views.IndexView):
    @cached_property
    def columns(self):
        bulk, *_rest = super().columns
        return [
            bulk,
            TitleColumn(
                "stem",
                label=gettext_lazy("题干"),
                sort_key="stem",
                get_url=self.get_edit_url,
                get_title_id=lambda q: f"snippet_{quote(q.pk)}_title",
                classname=STEM_CLASS,
            ),
            Column(
                "kind",
                label=gettext_lazy("题型"),
                accessor="get_kind_display",
                sort_key="kind",
                classname=NOWRAP,
            ),
            Column(
                "category",
                label=gettext_lazy("分类"),
                accessor="category.name",
                sort_key="category__name",
                classname=NOWRAP,
            ),
            Column(
                "difficulty",
                label=gettext_lazy("难度"),
                accessor="get_difficulty_display",
                sort_key="difficulty",
                classname=NOWRAP,
            ),
            Column("answer", label=gettext_lazy("答案"), accessor=question_answer),
            Column("pk", label=gettext_lazy("编号"), sort_key="pk", classname=NOWRAP),
        ]

    def get_base_queryset(self):
        return questions_for(self.request.user).select_related("category")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        buttons.append(
            MenuItem(
                HISTORY_LABEL,
                url=reverse(self.history_url_name, args=(quote(instance.pk),)),
                icon_name="history",
                priority=25,
            )
        )
        return buttons

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        if may_import_questions(self.request.user):
            buttons += [
                Button(
                    _("从 Excel 导入题目"),
                    url=reverse("question_import:upload"),
                    icon_name="upload",
                    priority=50,
                ),
                Button(
                    _("下载题库导入模板"),
                    url=reverse("question_import:template"),
                    icon_name="download",
                    priority=60,
                ),
            ]
        return buttons


class QuestionEditView(BankScopedEdit, snippet_views.EditView):
    """Saving another key grades again the submitted attempts that answered the
    question, with the reason the form asks for (exams.regrading)."""

    regraded = ()

    def save_instance(self):
        question = super().save_instance()
        if self.form.answer_changed:
            self.regraded = question_regrade(
                question=question,
                by=self.request.user,
                reason=self.form.cleaned_data["regrade_reason"],
                old_answer=self.form.stored_answer,
            )
        return question

    def get_success_message(self):
        message = super().get_success_message()
        if self.regraded:
            message += _("；答案已更正，%(count)d 份答卷已重新评分") % {
                "count": len(self.regraded)
            }
        return message


class QuestionCopyView(snippet_views.CopyView):
    def get_object(self, queryset=None):
        return get_object_or_404(
            questions_for(self.request.user), pk=unquote(str(self.kwargs["pk"]))
        )


class QuestionUsageView(BankScoped, snippet_views.UsageView):
    pass


class QuestionHistoryView(ChangeHistoryView):
    """变更历史 of a question: options and keys shown as people type them."""

    # The snippet views' URL names, which this view does not use.
    lock_url_name = unlock_url_name = unpublish_url_name = None
    revisions_view_url_name = revisions_revert_url_name = None
    revisions_compare_url_name = revisions_unschedule_url_name = None

    def display(self, name, value, related):
        if name in ("options", "answer"):
            return display_field(self.object.kind, name, value)
        return super().display(name, value, related)


class BankDeleteView(ProtectedDeleteView, snippet_views.DeleteView):
    """A question used by a quiz or answered in an attempt, or a category that
    still has questions, is kept, with a message saying what uses it (deleting
    several at once: exams.wagtail_hooks)."""


class ProtectedDeleteMixin:
    delete_view_class = BankDeleteView
    bank_scope = staticmethod(questions_for)

    def get_delete_view_kwargs(self, **kwargs):
        kwargs.setdefault("template_name", ProtectedDeleteView.template_name)
        return super().get_delete_view_kwargs(
            queryset_for_user=self.bank_scope, **kwargs
        )


class QuestionChooserFilterForm(BaseFilterForm):
    """The chooser (a quiz's 固定题目): search the stem, filter kind and category."""

    q = forms.CharField(
        label=gettext_lazy("搜索题干"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("题干中的文字")}),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("题型"),
        required=False,
        choices=[("", gettext_lazy("全部")), *QuestionKind.choices],
        widget=forms.Select(attrs={"data-chooser-modal-search-filter": True}),
    )
    category = forms.ModelChoiceField(
        label=gettext_lazy("分类"),
        required=False,
        queryset=QuestionCategory.objects.all(),
        empty_label=gettext_lazy("全部"),
        widget=forms.Select(attrs={"data-chooser-modal-search-filter": True}),
    )

    def filter(self, objects):
        objects = super().filter(objects).select_related("category")
        if kind := self.cleaned_data.get("kind"):
            objects = objects.filter(kind=kind)
        if category := self.cleaned_data.get("category"):
            objects = objects.filter(category=category)
        if query := self.cleaned_data.get("q"):
            objects = objects.filter(stem__icontains=query)
            self.is_searching, self.search_query = True, query
        return objects


class QuestionBankAccess(AccessRequiredMixin):
    """The chooser lists the bank: only for those who may see its list."""

    access_predicate = may_use_question_bank


class QuestionChooseMixin(QuestionBankAccess):
    filter_form_class = QuestionChooserFilterForm

    def get_object_list(self):
        return questions_for(self.request.user)

    @property
    def columns(self):
        return [
            self.title_column,
            Column("kind", label=gettext_lazy("题型"), accessor="get_kind_display"),
            Column("category", label=gettext_lazy("分类"), accessor="category.name"),
        ]


class QuestionChooseView(QuestionChooseMixin, snippet_chooser.ChooseView):
    pass


class QuestionChooseResultsView(QuestionChooseMixin, snippet_chooser.ChooseResultsView):
    pass


class QuestionChosenView(QuestionBankAccess, snippet_chooser.SnippetChosenView):
    def get_object(self, pk):
        return questions_for(self.request.user).get(pk=pk)


class QuestionChosenMultipleView(
    QuestionBankAccess, snippet_chooser.SnippetChosenMultipleView
):
    def get_objects(self, pks):
        return questions_for(self.request.user).filter(pk__in=pks)


class QuestionChooserViewSet(snippet_chooser.SnippetChooserViewSet):
    choose_view_class = QuestionChooseView
    choose_results_view_class = QuestionChooseResultsView
    chosen_view_class = QuestionChosenView
    chosen_multiple_view_class = QuestionChosenMultipleView


class QuestionViewSet(ProtectedDeleteMixin, SnippetViewSet):
    model = Question
    icon = "list-ul"
    menu_label = gettext_lazy("题目")
    menu_name = "questions"
    url_prefix = "question-bank/questions"
    index_view_class = QuestionIndexView
    edit_view_class = QuestionEditView
    copy_view_class = QuestionCopyView
    usage_view_class = QuestionUsageView
    chooser_viewset_class = QuestionChooserViewSet
    filterset_class = QuestionFilterSet
    search_fields = ["stem"]
    search_backend_name = None  # icontains: no word splitting for Chinese
    list_per_page = 50
    chooser_per_page = 20
    add_to_reference_index = False

    def get_edit_handler(self):
        return question_edit_handler().bind_to_model(self.model)

    # 变更历史 reads django-simple-history, as lms's people screens do.

    def get_history_view_kwargs(self, **kwargs):
        kwargs.setdefault("template_name", ChangeHistoryView.template_name)
        return super().get_history_view_kwargs(
            queryset_for_user=questions_for, **kwargs
        )

    @property
    def history_view(self):
        return self.construct_view(
            QuestionHistoryView, **self.get_history_view_kwargs()
        )

    @property
    def history_results_view(self):
        return self.construct_view(
            QuestionHistoryView, **self.get_history_view_kwargs(), results_only=True
        )

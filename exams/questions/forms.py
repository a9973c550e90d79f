"""The admin edit form of a question: options as six text inputs A–F and the key
typed as in the import file ("B", "ACD", 对/错, "村民会议|村民代表会议"), checked
by exams.questions.rules with the reasons in Chinese."""

import json

from django import forms
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
)

from lms.access import may_edit_whole_question_bank

from ..bank import categories_for, key_change_refusal
from ..models import OPTION_LETTERS, Question, QuestionCategory
from ..services import CHOICE_KINDS
from .rules import OPTION_MAX_LENGTH, STEM_MAX_LENGTH, answer_text, clean_key

OPTION_FIELDS = tuple(f"option_{letter.lower()}" for letter in OPTION_LETTERS)
FORM_FIELDS = {
    "answer": "answer_text",
    "options": OPTION_FIELDS[0],
    **{f"option_{letter}": f"option_{letter.lower()}" for letter in OPTION_LETTERS},
}
ANSWER_HELP = gettext_lazy(
    "单选题填一个字母，如 B；多选题填两个或以上的字母，如 ACD；"
    "判断题填 对 或 错；填空题填正确答案，几种都算对的写法用“|”隔开，"
    "如 村民会议|村民代表会议"
)


def _option_field(letter):
    return forms.CharField(
        label=format_lazy("{}{}", gettext_lazy("选项"), letter),
        required=False,
        max_length=OPTION_MAX_LENGTH,
    )


class QuestionForm(WagtailAdminModelForm):
    option_a = _option_field("A")
    option_b = _option_field("B")
    option_c = _option_field("C")
    option_d = _option_field("D")
    option_e = _option_field("E")
    option_f = _option_field("F")
    answer_text = forms.CharField(
        label=gettext_lazy("答案"), max_length=2000, help_text=ANSWER_HELP
    )
    regrade_reason = forms.CharField(
        label=gettext_lazy("更改答案的原因"),
        required=False,
        max_length=500,
        help_text=gettext_lazy(
            "修改已有题目的答案时必填：已交的答卷将按新答案重新评分，"
            "原因记入重新评分记录。"
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        question = self.instance
        for name, text in zip(OPTION_FIELDS, question.options or [], strict=False):
            self.initial.setdefault(name, text)
        if question.answer:
            self.initial.setdefault(
                "answer_text", answer_text(question.kind, question.answer)
            )
        self.stored_answer = None if question._state.adding else list(question.answer)
        self.stored_options = list(question.options or [])
        if self.stored_answer is None:
            self.fields.pop("regrade_reason", None)  # a new question: no attempts
        user = getattr(self, "for_user", None)
        if user is not None and "category" in self.fields:
            # The user's categories, and the one the question is in.
            self.fields["category"].queryset = QuestionCategory.objects.filter(
                Q(pk__in=categories_for(user).values("pk")) | Q(pk=question.category_id)
            )
        if "stem" in self.fields:
            self.fields["stem"].widget.attrs["rows"] = 3

    def clean_stem(self):
        stem = self.cleaned_data["stem"].strip()
        if len(stem) > STEM_MAX_LENGTH:
            raise forms.ValidationError(
                _("题干过长（最多 %(max)d 字）") % {"max": STEM_MAX_LENGTH}
            )
        return stem

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if not kind:
            return cleaned
        typed = [cleaned.get(name) or "" for name in OPTION_FIELDS]
        options, answer, problems = clean_key(kind, typed, cleaned.get("answer_text"))
        for problem in problems:
            field = FORM_FIELDS[problem.field]
            if field not in self.errors:  # "required" says it already
                self.add_error(field, problem.message)
        self.instance.options, self.instance.answer = options, answer
        if not problems:
            self._check_key_change(options, answer, cleaned.get("regrade_reason"))
        stem = cleaned.get("stem")
        if stem:
            same = (
                Question.objects.filter(kind=kind, stem=stem)
                .exclude(pk=self.instance.pk)
                .first()
            )
            if same is not None:
                self.add_error(
                    "stem",
                    _("题库中已有题型和题干都相同的题目（编号 %(pk)d），请勿重复添加")
                    % {"pk": same.pk},
                )
        return cleaned

    def _check_key_change(self, options, answer, reason):
        """Another key (or other options) for a question another trainer's
        quiz uses needs an administrator; another key needs a reason."""
        if self.stored_answer is None:
            return
        answer_changed = list(answer) != self.stored_answer
        if not (answer_changed or list(options) != self.stored_options):
            return
        user = getattr(self, "for_user", None)
        stored = Question.objects.get(pk=self.instance.pk)
        refusal = key_change_refusal(user, stored) if user is not None else None
        if refusal:
            self.add_error("answer_text", refusal)
        elif answer_changed and not (reason or "").strip():
            self.add_error(
                "regrade_reason", _("更改了答案，请填写原因（将记入重新评分记录）")
            )

    @property
    def answer_changed(self):
        """True once saved when an existing question got another key."""
        return self.stored_answer is not None and self.stored_answer != list(
            self.instance.answer
        )


class OptionsPanel(MultiFieldPanel):
    """The options A–F, shown for choice questions only: hidden from the start
    for the other kinds, and shown or hidden as the kind changes (Wagtail's
    w-rules controller on the form)."""

    class BoundPanel(MultiFieldPanel.BoundPanel):
        @property
        def attrs(self):
            attrs = dict(self.panel.attrs)
            kind = self.form["kind"].value() if "kind" in self.form.fields else None
            if kind and kind not in CHOICE_KINDS:
                attrs["hidden"] = True
            return attrs


def question_edit_handler():
    return ObjectList(
        [
            FieldRowPanel(
                [
                    FieldPanel("kind"),
                    # A plain list: a handful of categories need no chooser.
                    FieldPanel("category", widget=forms.Select),
                    FieldPanel("difficulty"),
                ]
            ),
            FieldPanel("stem"),
            OptionsPanel(
                [FieldPanel(name) for name in OPTION_FIELDS],
                heading=gettext_lazy("选项"),
                help_text=gettext_lazy(
                    "选择题从选项A起依次填写，至少两个；判断题和填空题不用填选项。"
                ),
                attrs={
                    "data-w-rules-target": "show",
                    "data-w-rules": json.dumps(
                        {"kind": sorted(kind.value for kind in CHOICE_KINDS)}
                    ),
                },
            ),
            FieldPanel("answer_text"),
            FieldPanel("regrade_reason"),
            FieldPanel("explanation"),
        ],
        base_form_class=QuestionForm,
        attrs={
            "data-controller": "w-rules",
            "data-action": "change->w-rules#resolve",
        },
    )


class CategoryForm(WagtailAdminModelForm):
    """Only administrators choose a category's 负责讲师 (a trainer's new
    category is theirs: exams.viewsets)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self, "for_user", None)
        if user is None or not may_edit_whole_question_bank(user):
            self.fields.pop("trainers", None)


def category_edit_handler():
    return ObjectList(
        [FieldPanel("name"), FieldPanel("trainers")], base_form_class=CategoryForm
    )

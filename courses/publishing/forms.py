"""The admin forms of courses and their parts, and the reviewer's approval."""

import zoneinfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.forms import TaskStateCommentForm

from lms.access import is_trainer
from lms.form_fields import position_field, village_class_field

YEAR_TIME_ZONE = zoneinfo.ZoneInfo("Asia/Shanghai")  # the year a course counts in


class ValidatedPageForm(WagtailAdminPageForm):
    """A page form that checks every required field whenever it is saved.

    Wagtail saves a draft with its required text, rich text and StreamField
    fields empty ("deferred validation") and reports them only when the page
    is submitted or published; a trainer then learns of the gaps at the last
    step. Here saving a draft validates as submitting does.
    """

    def defer_required_fields(self):
        pass


def _is_trainer(user):
    return user is not None and is_trainer(user)


class CoursePageForm(ValidatedPageForm):
    """Audience positions and village classes are ticked, stored as lists. A
    new course is this year's (Asia/Shanghai) and, made by a trainer, theirs:
    they are ticked among its trainers and cannot untick themselves."""

    audience_positions = position_field(
        ticked=True, label=_("面向职务"), help_text=_("不选表示所有职务")
    )
    audience_village_classes = village_class_field(
        ticked=True, label=_("面向村分类"), help_text=_("不选表示所有嘎查村")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None and not self.is_bound:
            if not self.initial.get("year"):
                self.initial["year"] = timezone.localtime(
                    timezone.now(), YEAR_TIME_ZONE
                ).year
            if _is_trainer(self.for_user) and "trainers" in self.fields:
                self.initial["trainers"] = [self.for_user.pk]

    def clean(self):
        cleaned_data = super().clean()
        trainers = cleaned_data.get("trainers")
        if (
            _is_trainer(self.for_user)
            and "trainers" in self.fields
            and "trainers" not in self.errors
            and self.for_user not in (trainers or [])
        ):
            self.add_error(
                "trainers",
                _("请勾选您自己：您须是本课程的授课讲师之一，才能继续编辑本课程。"),
            )
        return cleaned_data


class CourseApproveForm(TaskStateCommentForm):
    """The reviewer's confirmation: what goes live is shown above it."""

    comment = forms.CharField(
        label=_("审核意见（选填）"),
        required=False,
        widget=forms.Textarea({"rows": 2}),
    )

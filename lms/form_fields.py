"""The position and village-class fields that course, session, progress and
report forms share: check boxes (none meaning all) or one value to filter by.

Only Django's forms and lms.models here: course page models import their form
at load time, before the admin's forms can be imported.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Position, VillageClass


def position_field(*, ticked=False, label=None, help_text=""):
    """Positions (Position): check boxes, none meaning all, when ticked; else
    one to filter by, 全部职务 first."""
    label = label or _("职务")
    if ticked:
        return forms.TypedMultipleChoiceField(
            label=label,
            choices=Position.choices,
            widget=forms.CheckboxSelectMultiple,
            required=False,
            help_text=help_text,
        )
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=[("", _("全部职务")), *Position.choices],
    )


def village_class_field(*, ticked=False, label=None, help_text=""):
    """Village classes (VillageClass, as ints): check boxes, none meaning all,
    when ticked; else one to filter by (None for all), 全部村分类 first."""
    label = label or _("村分类")
    if ticked:
        return forms.TypedMultipleChoiceField(
            label=label,
            choices=VillageClass.choices,
            coerce=int,
            widget=forms.CheckboxSelectMultiple,
            required=False,
            help_text=help_text,
        )
    return forms.TypedChoiceField(
        label=label,
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", _("全部村分类")), *VillageClass.choices],
    )

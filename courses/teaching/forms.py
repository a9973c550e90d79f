"""The progress page's filters (GET), also rebuilt from an export's params."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lms.form_fields import village_class_field

from .progress_selectors import ProgressFilters, ProgressState, progress_townships

FILTER_FIELDS = ("township", "village_class", "state")


class ProgressFilterForm(forms.Form):
    """苏木乡镇 (those the user may filter by), 村分类, 学习状态.

    Always bound; an invalid value is shown as an error and left out of the
    filters. Queries: one (the townships)."""

    township = forms.TypedChoiceField(
        label=_("苏木乡镇"), coerce=int, required=False, empty_value=None
    )
    village_class = village_class_field()
    state = forms.ChoiceField(
        label=_("学习状态"),
        required=False,
        choices=[("", _("全部状态"))] + ProgressState.choices,
    )

    def __init__(self, data, *, user):
        data = {name: str(data.get(name) or "") for name in FILTER_FIELDS}
        super().__init__(data)
        townships = list(progress_townships(user).values_list("pk", "name"))
        self.township_names = dict(townships)
        self.fields["township"].choices = [("", _("全部苏木乡镇"))] + townships

    def filters(self):
        self.is_valid()
        value = self.cleaned_data.get
        return ProgressFilters(
            township_id=value("township"),
            village_class=value("village_class"),
            state=value("state") or "",
        )

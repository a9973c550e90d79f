"""List filters; the township and village choices are the user's scope."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.widgets.boolean_radio_select import BooleanRadioSelect
from wagtail.users.views import users as wagtail_users

from ..models import (
    Cadre,
    PersonalDataAccess,
    Position,
    Role,
    Sex,
    Township,
    User,
    Village,
    VillageClass,
)
from ..selectors import townships_visible_to, villages_visible_to


def _townships(request):
    if request is None:
        return Township.objects.none()
    return townships_visible_to(request.user)


def _villages(request):
    if request is None:
        return Village.objects.none()
    return villages_visible_to(request.user).select_related("township")


class CadreFilterSet(WagtailFilterSet):
    township = django_filters.ModelChoiceFilter(
        label=gettext_lazy("苏木乡镇"),
        field_name="village__township",
        queryset=_townships,
        empty_label=gettext_lazy("全部"),
    )
    village = django_filters.ModelChoiceFilter(
        label=gettext_lazy("嘎查村"),
        field_name="village",
        queryset=_villages,
        empty_label=gettext_lazy("全部"),
    )
    village_class = django_filters.ChoiceFilter(
        label=gettext_lazy("村分类"),
        field_name="village__village_class",
        choices=VillageClass.choices,
        widget=forms.RadioSelect,
        empty_label=gettext_lazy("全部"),
    )
    position = django_filters.ChoiceFilter(
        label=gettext_lazy("职务"),
        choices=Position.choices,
        empty_label=gettext_lazy("全部"),
    )
    sex = django_filters.ChoiceFilter(
        label=gettext_lazy("性别"),
        choices=Sex.choices,
        widget=forms.RadioSelect,
        empty_label=gettext_lazy("全部"),
    )
    is_active = django_filters.BooleanFilter(
        label=gettext_lazy("在职"), widget=BooleanRadioSelect
    )

    class Meta:
        model = Cadre
        fields = []


class VillageFilterSet(WagtailFilterSet):
    township = django_filters.ModelChoiceFilter(
        label=gettext_lazy("苏木乡镇"),
        queryset=_townships,
        empty_label=gettext_lazy("全部"),
    )
    village_class = django_filters.ChoiceFilter(
        label=gettext_lazy("村分类"),
        choices=VillageClass.choices,
        widget=forms.RadioSelect,
        empty_label=gettext_lazy("全部"),
    )

    class Meta:
        model = Village
        fields = []


class PersonalDataAccessFilterSet(WagtailFilterSet):
    viewer = django_filters.ModelChoiceFilter(
        label=gettext_lazy("查看人"),
        queryset=User.objects.filter(Q(is_superuser=True) | Q(role=Role.ADMIN)),
        empty_label=gettext_lazy("全部"),
    )
    viewed_at = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("查看时间"), widget=DateRangePickerWidget
    )

    class Meta:
        model = PersonalDataAccess
        fields = []


class LmsUserFilterSet(wagtail_users.UserFilterSet):
    role = django_filters.ChoiceFilter(
        label=gettext_lazy("角色"),
        choices=Role.choices,
        widget=forms.RadioSelect,
        empty_label=gettext_lazy("全部"),
    )
    supervised_township = django_filters.ModelChoiceFilter(
        label=gettext_lazy("督导范围"),
        queryset=Township.objects.all(),
        empty_label=gettext_lazy("全部"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Administrators are a role here; groups follow the role.
        for name in ("is_superuser", "group"):
            self.filters.pop(name, None)

    class Meta(wagtail_users.UserFilterSet.Meta):
        fields = []

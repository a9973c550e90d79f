"""List filters; the township and village choices are the user's scope."""

import re

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
from ..personal_data import MOBILE_RE, normalize_mobile
from ..selectors import townships_visible_to, villages_visible_to

# What a person types for a phone number: digits (also full-width), spaces,
# dashes, brackets and a +86 in front.
_PHONE_TYPED_RE = re.compile(r"[\d０-９\s\u3000\-－+＋()（）]+")


def whole_mobile(query):
    """The 11-digit mobile number the search box holds, or None."""
    if not _PHONE_TYPED_RE.fullmatch(query):
        return None
    mobile = normalize_mobile(query)
    return mobile if MOBILE_RE.fullmatch(mobile) else None


def cadre_search(queryset, query):
    """学员 search: (cadres, mobile). A whole 11-digit mobile number matches
    that number exactly (mobile is then the number, for the personal-data log);
    anything else matches names only, so that typing 139 or the last four
    digits cannot unmask the numbers the list hides."""
    mobile = whole_mobile(query)
    if mobile:
        return queryset.filter(mobile=mobile), mobile
    return queryset.filter(name__icontains=query.strip()), None


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
        # Supervisors too: their whole-number searches of 学员 are recorded.
        queryset=User.objects.filter(
            Q(is_superuser=True) | Q(role__in=[Role.ADMIN, Role.SUPERVISOR])
        ),
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

"""个人信息查看记录: who viewed a cadre's whole personal data (PIPL); read-only,
for administrators only."""

from django.contrib.auth.models import Permission
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy

from ..access import may_see_whole_personal_data
from ..models import PersonalDataAccess, Role, User
from .display import render_when, user_display
from .filters import PersonalDataAccessFilterSet


class AdministratorsViewOnlyPolicy(BasePermissionPolicy):
    """The access log is read-only, and only administrators may read it."""

    def user_has_permission(self, user, action):
        return action == "view" and may_see_whole_personal_data(user)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and may_see_whole_personal_data(user)

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return User.objects.none()
        return User.objects.filter(is_active=True).filter(
            Q(is_superuser=True) | Q(role=Role.ADMIN)
        )


class PersonalDataAccessIndexView(generic.IndexView):
    @cached_property
    def columns(self):
        return [
            Column(
                "viewed_at",
                label=gettext_lazy("查看时间"),
                accessor=lambda row: render_when(row.viewed_at),
                sort_key="viewed_at",
            ),
            Column(
                "viewer",
                label=gettext_lazy("查看人"),
                accessor=lambda row: user_display(row.viewer),
            ),
            Column("cadre", label=gettext_lazy("学员"), accessor="cadre.name"),
            Column(
                "village",
                label=gettext_lazy("嘎查村"),
                accessor=lambda row: str(row.cadre.village),
            ),
            Column("purpose", label=gettext_lazy("用途")),
        ]

    def get_base_queryset(self):
        return PersonalDataAccess.objects.select_related(
            "viewer", "cadre__village__township"
        )


class PersonalDataAccessViewSet(ModelViewSet):
    model = PersonalDataAccess
    name = "lms_personal_data_access"
    url_prefix = "people/personal-data-access"
    icon = "view"
    menu_label = gettext_lazy("个人信息查看记录")
    menu_name = "personal-data-access"
    index_view_class = PersonalDataAccessIndexView
    filterset_class = PersonalDataAccessFilterSet
    search_fields = ["cadre__name", "viewer__name", "viewer__username", "purpose"]
    ordering = "-viewed_at"
    copy_view_enabled = False
    add_to_reference_index = False
    exclude_form_fields = []
    list_per_page = 50

    def get_permissions_to_register(self):
        return Permission.objects.none()

from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy

from . import roster_views
from .access import may_import_roster
from .models import PersonalDataAccess
from .viewsets.access_log import AdministratorsViewOnlyPolicy
from .viewsets.group import PeopleViewSetGroup
from .viewsets.users import AssignLmsRoleBulkAction

# Before any viewset asks for it: the PIPL access log is read-only, for
# administrators only.
register_permission_policy(
    PersonalDataAccess, AdministratorsViewOnlyPolicy(PersonalDataAccess)
)


@hooks.register("register_admin_urls")
def register_roster_urls():
    return [path("roster/", include((roster_views.urlpatterns, "roster")))]


class AdministratorsMenuItem(MenuItem):
    """A menu item only administrators see (the roster views are theirs alone)."""

    def is_shown(self, request):
        return may_import_roster(request.user)


@hooks.register("register_admin_menu_item")
def register_roster_menu_item():
    return AdministratorsMenuItem(
        _("导入学员名册"),
        reverse_lazy("roster:upload"),
        icon_name="upload",
        order=310,
    )


@hooks.register("register_admin_viewset")
def register_people_viewsets():
    """人员与组织: townships, villages, cadres and the personal data access log."""
    return PeopleViewSetGroup()


# Registered after wagtail.users' own "assign_role" (a higher order), so that
# assigning a role in bulk goes through lms.services.user_set_role.
hooks.register("register_bulk_action", AssignLmsRoleBulkAction, order=100)

# Accounts: the admin's 登录锁定 (lms/accounts/wagtail_hooks.py).
from .accounts import wagtail_hooks as accounts_hooks  # noqa: E402, F401

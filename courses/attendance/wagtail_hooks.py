from django.urls import reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy

from lms.access import is_administrator

from ..models import TrainingSession
from .viewsets import TrainingSessionPermissionPolicy, TrainingSessionViewSet

# Before the viewset asks for it: trainers keep the sessions of the courses
# they teach, supervisors view, administrators do everything.
register_permission_policy(
    TrainingSession, TrainingSessionPermissionPolicy(TrainingSession)
)


@hooks.register("register_admin_viewset")
def register_training_sessions():
    """培训场次: the offline sessions, with links to their registers."""
    return TrainingSessionViewSet()


class AdministratorMenuItem(MenuItem):
    def is_shown(self, request):
        return is_administrator(request.user)


@hooks.register("register_admin_menu_item")
def register_session_approvals():
    """待确认培训场次: back-dated or late-closed sessions, for administrators."""
    return AdministratorMenuItem(
        gettext_lazy("待确认培训场次"),
        reverse("training_sessions:approvals"),
        name="session_approvals",
        icon_name="warning",
        order=251,
    )

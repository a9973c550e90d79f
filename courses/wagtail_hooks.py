from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .models import TrainingSession
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


@hooks.register("insert_global_admin_css")
def admin_phone_css():
    """The sessions' state tags and the admin on a phone (360 px)."""
    return format_html(
        '<link rel="stylesheet" href="{}">', static("courses/css/admin-phone.css")
    )


from .publishing import wagtail_hooks as publishing_hooks  # noqa: E402, F401
from .teaching import wagtail_hooks as teaching_hooks  # noqa: E402, F401

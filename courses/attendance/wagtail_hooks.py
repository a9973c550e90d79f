from wagtail import hooks
from wagtail.permissions import register_permission_policy

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

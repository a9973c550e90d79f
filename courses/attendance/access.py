"""Who may run a session (project its check-in code, keep its register,
import its paper register) and which admin role a user acts in."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from lms.models import Role

from ..models import CoursePage, TrainingSession


def admin_role(user):
    """The Role user acts in in the admin (ADMIN for superusers), or None for
    anonymous and deactivated users."""
    if not (user.is_authenticated and user.is_active):
        return None
    if user.is_administrator:
        return Role.ADMIN
    return getattr(user, "role", None)


def run_session(request, session_id):
    """The session, if the user may run it: its trainer, a trainer of its
    course or an administrator; 404 for no such session, PermissionDenied for
    anyone else."""
    session = get_object_or_404(
        TrainingSession.objects.select_related("course", "trainer", "closed_by"),
        pk=session_id,
    )
    user = request.user
    if not user.is_active:
        raise PermissionDenied
    if user.is_administrator or session.trainer_id == user.pk:
        return session
    if CoursePage.objects.filter(pk=session.course_id, trainers=user).exists():
        return session
    raise PermissionDenied

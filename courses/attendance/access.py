"""The one session guard: the session, if the user may run it (project its
check-in code, keep its register, import its paper register). The rule is
lms.access.may_run_session."""

from django.shortcuts import get_object_or_404

from lms.access import deny_unless, may_run_session

from ..models import TrainingSession


def run_session(request, session_id):
    """The session, if the user may run it: its trainer, a trainer of its
    course or an administrator; 404 for no such session, PermissionDenied for
    anyone else."""
    session = get_object_or_404(
        TrainingSession.objects.select_related("course", "trainer", "closed_by"),
        pk=session_id,
    )
    deny_unless(may_run_session(request.user, session))
    return session

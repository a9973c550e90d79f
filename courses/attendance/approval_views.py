"""待确认培训场次 in the Wagtail admin (administrators): the sessions whose
hours wait for approval (courses.attendance.approval), oldest first, each
with why, and the latest decisions with who and when; 确认 or 不通过 with a
note (courses.attendance.services.session_approval_decide)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lms.access import deny_unless, is_administrator

from ..models import TrainingSession
from .services import session_approval_decide

Approval = TrainingSession.Approval
RECENT_DECISIONS = 20


@require_GET
def approvals(request):
    """The sessions waiting for approval and the latest decisions."""
    deny_unless(is_administrator(request.user))
    sessions = TrainingSession.objects.select_related("course", "trainer")
    return TemplateResponse(
        request,
        "courses/admin/session_approvals.html",
        {
            "pending": sessions.filter(approval=Approval.PENDING).order_by(
                "starts_at", "pk"
            ),
            "decided": sessions.filter(
                approval__in=[Approval.APPROVED, Approval.REFUSED],
                approval_at__isnull=False,
            )
            .select_related("approval_by")
            .order_by("-approval_at")[:RECENT_DECISIONS],
        },
    )


@require_POST
def approval(request, session_id):
    """确认 (decision=approve) or 不通过 (decision=refuse) one session."""
    deny_unless(is_administrator(request.user))
    session = get_object_or_404(TrainingSession, pk=session_id)
    approve = request.POST.get("decision") == "approve"
    try:
        session_approval_decide(
            session=session,
            by=request.user,
            now=timezone.now(),
            approve=approve,
            note=request.POST.get("note", ""),
        )
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(
            request,
            (
                _("已确认“%(title)s”的学时，出勤学员的学时已计入。")
                if approve
                else _("已不通过“%(title)s”的学时，本场出勤不计学时。")
            )
            % {"title": session.title},
        )
    return redirect("training_sessions:approvals")

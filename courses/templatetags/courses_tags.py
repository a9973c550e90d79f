"""Template tags of the courses app for other pages (the portal home page)."""

from django import template
from django.utils import timezone

from ..attendance.selectors import UPCOMING_SESSIONS
from ..attendance.selectors import upcoming_sessions as _upcoming_sessions
from ..selectors import viewer_cadre

register = template.Library()


@register.simple_tag(takes_context=True)
def upcoming_sessions(context, limit=UPCOMING_SESSIONS):
    """{"sessions": the next training sessions, "personal": True for a cadre}:
    a cadre's own (the courses they are enrolled in), everyone's for anyone
    else. One query."""
    request = context.get("request")
    if request is None:
        return {"sessions": [], "personal": False}
    sessions = _upcoming_sessions(request.user, timezone.now(), limit=limit)
    return {
        "sessions": sessions,
        "personal": viewer_cadre(request.user) is not None,
    }

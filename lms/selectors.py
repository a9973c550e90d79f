"""Who may see what: one helper per scope, used by every view, export and file.

Rules (issue 2):
- administrators and Banner supervisors see every township, village and cadre;
- a township supervisor sees their own township only;
- a cadre sees their own profile only;
- trainers see no cadre registry (their course rosters come with courses).
"""

from .models import Cadre, Role, Township, Village


def _scope(user):
    """'all', a township id, 'self' or None (nothing)."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_administrator:
        return "all"
    if user.role == Role.SUPERVISOR:
        return user.supervised_township_id or "all"
    if user.role == Role.CADRE:
        return "self"
    return None


def townships_visible_to(user):
    scope = _scope(user)
    if scope == "all":
        return Township.objects.all()
    if isinstance(scope, int):
        return Township.objects.filter(pk=scope)
    if scope == "self":
        return Township.objects.filter(villages__cadres__user=user).distinct()
    return Township.objects.none()


def villages_visible_to(user):
    scope = _scope(user)
    if scope == "all":
        return Village.objects.all()
    if isinstance(scope, int):
        return Village.objects.filter(township_id=scope)
    if scope == "self":
        return Village.objects.filter(cadres__user=user)
    return Village.objects.none()


def cadres_visible_to(user):
    scope = _scope(user)
    if scope == "all":
        return Cadre.objects.all()
    if isinstance(scope, int):
        return Cadre.objects.filter(village__township_id=scope)
    if scope == "self":
        return Cadre.objects.filter(user=user)
    return Cadre.objects.none()


def may_see_whole_personal_data(user):
    """Only administrators see whole ID and mobile numbers, and each view is logged."""
    return user.is_authenticated and user.is_active and user.is_administrator

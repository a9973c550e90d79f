"""Who may see what: one helper per scope, used by every view, export and file.

Rules (issue 2):
- administrators and Banner supervisors see every township, village and cadre;
- a township supervisor sees their own township only;
- a cadre sees their own profile only;
- trainers see no cadre registry (their course rosters come with courses).
The rules themselves are lms.access.people_scope.
"""

from .access import people_scope
from .models import Cadre, Township, Village


def townships_visible_to(user):
    scope = people_scope(user)
    if scope == "all":
        return Township.objects.all()
    if isinstance(scope, int):
        return Township.objects.filter(pk=scope)
    if scope == "self":
        return Township.objects.filter(villages__cadres__user=user).distinct()
    return Township.objects.none()


def villages_visible_to(user):
    scope = people_scope(user)
    if scope == "all":
        return Village.objects.all()
    if isinstance(scope, int):
        return Village.objects.filter(township_id=scope)
    if scope == "self":
        return Village.objects.filter(cadres__user=user)
    return Village.objects.none()


def cadres_visible_to(user):
    scope = people_scope(user)
    if scope == "all":
        return Cadre.objects.all()
    if isinstance(scope, int):
        return Cadre.objects.filter(village__township_id=scope)
    if scope == "self":
        return Cadre.objects.filter(user=user)
    return Cadre.objects.none()

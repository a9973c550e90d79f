"""Who may study a course (course_access), and its audience in words.

Access rule (one place, used by the course, lesson and quiz pages):
- anonymous (or inactive) users must log in first: "login";
- staff (trainers, supervisors, administrators, Django staff) see everything: "full";
- a cadre sees a course and its lessons when the course's audience includes them
  (positions, village classes, townships; an empty list means everyone): "full";
- anyone else logged in (a cadre outside the audience, a cadre role without a
  profile): "outside_audience".
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lms.access import is_course_staff
from lms.models import Cadre, Position, VillageClass

FULL = "full"
LOGIN = "login"
OUTSIDE_AUDIENCE = "outside_audience"

# How an audience names a village class: "三类村", not "三类（抓调整）".
VILLAGE_CLASS_AUDIENCE = {
    VillageClass.ADVANCED: gettext_lazy("一类村"),
    VillageClass.IMPROVING: gettext_lazy("二类村"),
    VillageClass.RECTIFYING: gettext_lazy("三类村"),
}

_UNSET = object()


def viewer_cadre(user):
    """The logged-in user's cadre profile with its village, or None.

    No query when the login backend loaded it with the user
    (lms.auth.UserWithCadreBackend); otherwise one or two.
    """
    if not user.is_authenticated:
        return None
    try:
        return user.cadre
    except Cadre.DoesNotExist:
        return None


def course_access(user, course, *, cadre=_UNSET, township_ids=None):
    """ "full", "login" or "outside_audience" for user on course.

    cadre: the user's profile (or None) when already fetched; township_ids: the
    course's audience township ids when already fetched.
    """
    if not user.is_authenticated or not user.is_active:
        return LOGIN
    if is_course_staff(user):
        return FULL
    if cadre is _UNSET:
        cadre = viewer_cadre(user)
    if cadre is None or cadre.user_id != user.pk:
        return OUTSIDE_AUDIENCE
    if course.audience_includes(cadre, township_ids):
        return FULL
    return OUTSIDE_AUDIENCE


def audience_parts(course, townships):
    """The audience in words, one string per dimension; [] means everyone.

    townships: the course's audience townships (already fetched, in order).
    """
    parts = []
    if course.audience_positions:
        labels = dict(Position.choices)
        parts.append(
            "、".join(
                str(labels.get(p, p))
                for p in Position.values
                if p in course.audience_positions
            )
        )
    if course.audience_village_classes:
        parts.append(
            "、".join(
                str(VILLAGE_CLASS_AUDIENCE[c])
                for c in VillageClass.values
                if c in course.audience_village_classes
            )
        )
    if townships:
        parts.append("、".join(t.name for t in townships))
    return parts


def audience_text(course, townships):
    """面向：党支部书记、村委会主任；三类村；东明镇 — or 全体学员."""
    parts = audience_parts(course, townships)
    return "；".join(parts) if parts else _("全体学员")

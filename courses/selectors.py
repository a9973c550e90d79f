"""Reads for the course pages: who may study a course, and the lists pages show.

Access rule (one place, used by CoursePage and LessonPage):
- anonymous (or inactive) users must log in first: "login";
- staff (trainers, supervisors, administrators, Django staff) see everything: "full";
- a cadre sees a course and its lessons when the course's audience includes them
  (positions, village classes, townships; an empty list means everyone): "full";
- anyone else logged in (a cadre outside the audience, a cadre role without a
  profile): "outside_audience".
"""

from typing import NamedTuple

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    IntegerField,
    OuterRef,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lms.models import Cadre, Position, Role, VillageClass

from .models import CoursePage, Enrollment, LessonPage, LessonProgress

FULL = "full"
LOGIN = "login"
OUTSIDE_AUDIENCE = "outside_audience"

STAFF_ROLES = {Role.TRAINER, Role.SUPERVISOR, Role.ADMIN}

# How an audience names a village class: "三类村", not "三类（抓调整）".
VILLAGE_CLASS_AUDIENCE = {
    VillageClass.ADVANCED: gettext_lazy("一类村"),
    VillageClass.IMPROVING: gettext_lazy("二类村"),
    VillageClass.RECTIFYING: gettext_lazy("三类村"),
}

_UNSET = object()


def is_course_staff(user):
    return user.is_authenticated and (
        user.is_superuser or user.is_staff or user.role in STAFF_ROLES
    )


def viewer_cadre(user):
    """The logged-in user's cadre profile with its village, or None: one query."""
    if not user.is_authenticated:
        return None
    return Cadre.objects.select_related("village").filter(user=user).first()


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


def _live_lesson_count():
    lessons = (
        LessonPage.objects.live()
        .filter(path__startswith=OuterRef("path"), depth=OuterRef("depth") + 1)
        .order_by()
        .values("depth")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(lessons, output_field=IntegerField()), Value(0))


def track_courses(track):
    """The live courses of a track in the editors' order, with lesson_count:
    one query."""
    return list(
        CoursePage.objects.live()
        .child_of(track)
        .annotate(lesson_count=_live_lesson_count())
        .order_by("path")
    )


def _lesson_done(cadre):
    """True on a lesson the cadre has completed (for annotate/filter)."""
    return Exists(
        LessonProgress.objects.filter(
            cadre=cadre, lesson=OuterRef("pk"), completed_at__isnull=False
        )
    )


def course_lessons(course, cadre=None):
    """The live lessons of a course in order, without their bodies: one query.

    With cadre, each lesson carries done (completed by that cadre).
    """
    lessons = LessonPage.objects.live().child_of(course).defer_streamfields()
    if cadre is not None:
        lessons = lessons.annotate(done=_lesson_done(cadre))
    return list(lessons.order_by("path"))


def course_lesson_counts(cadre, course):
    """{"total", "done", "hours"} over the course's live lessons: one query.

    hours is the sum of those lessons' credit hours.
    """
    return (
        LessonPage.objects.live()
        .child_of(course)
        .aggregate(
            total=Count("pk"),
            done=Count("pk", filter=_lesson_done(cadre)),
            hours=Coalesce(
                Sum("credit_hours"),
                Value(0),
                output_field=DecimalField(max_digits=7, decimal_places=1),
            ),
        )
    )


class CourseProgress(NamedTuple):
    lessons_done: int
    lessons_total: int
    completed_at: object  # datetime or None


def course_progress(cadre, course):
    """(lessons_done, lessons_total, completed_at) of a cadre in a course:
    two queries, whatever the number of lessons."""
    counts = course_lesson_counts(cadre, course)
    completed_at = (
        Enrollment.objects.filter(cadre=cadre, course=course)
        .values_list("completed_at", flat=True)
        .first()
    )
    return CourseProgress(counts["done"], counts["total"], completed_at)


def lesson_neighbours(lesson):
    """(previous, next) live lessons of the same course, or None: two queries."""
    siblings = (
        LessonPage.objects.live().sibling_of(lesson, inclusive=False)
    ).defer_streamfields()
    previous = siblings.filter(path__lt=lesson.path).order_by("-path").first()
    following = siblings.filter(path__gt=lesson.path).order_by("path").first()
    return previous, following


def course_page_context(request, course):
    """What CoursePage and LessonPage show about a course, access included."""
    townships = list(course.audience_townships.all())
    access = course_access(request.user, course, township_ids={t.pk for t in townships})
    return {
        "access": access,
        "course": course,
        "audience_text": audience_text(course, townships),
    }

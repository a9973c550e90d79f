"""What a course is made of: its live parts (lessons, quizzes) in order, the
counts and progress the pages show, and the cached contents every page of a
course reads (course_contents; courses.page_context builds the pages' context
from it)."""

from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
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
from wagtail.models import Page, get_page_models

from ..models import (
    CoursePage,
    Enrollment,
    LessonPage,
    LessonProgress,
    PartCompletion,
)
from .access import audience_text


def count_subquery(queryset, by):
    """The number of rows of queryset (filtered on an OuterRef) as an
    annotation, 0 for none; by: a field with one value in all those rows, to
    group by."""
    counted = queryset.order_by().values(by).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def live_lesson_count():
    return count_subquery(
        LessonPage.objects.live().filter(
            path__startswith=OuterRef("path"), depth=OuterRef("depth") + 1
        ),
        "depth",
    )


def track_courses(track):
    """The live courses of a track in the editors' order, with lesson_count:
    one query."""
    return list(
        CoursePage.objects.live()
        .child_of(track)
        .annotate(lesson_count=live_lesson_count())
        .order_by("path")
    )


def _lesson_done(cadre):
    """True on a lesson the cadre has completed (for annotate/filter)."""
    return Exists(
        LessonProgress.objects.filter(
            cadre=cadre, lesson=OuterRef("pk"), completed_at__isnull=False
        )
    )


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


def course_part_models():
    """The page models that are required parts of a course (lessons, quizzes)."""
    return [
        model for model in get_page_models() if getattr(model, "is_course_part", False)
    ]


def course_part_type_ids():
    """Content type ids of the course part models (no query once cached)."""
    return [
        ct.pk
        for ct in ContentType.objects.get_for_models(*course_part_models()).values()
    ]


class PartRow(NamedTuple):
    """One part of a course as its lists show it."""

    pk: int
    slug: str  # its URL is the course's URL and the slug
    title: str
    kind: str  # 课时, 测验
    meta: str  # "30 分钟 · 学时 0.5"


class CourseContents(NamedTuple):
    """What every page of a course shows about it, the same for every viewer."""

    parts: list  # [PartRow] of the live lessons and quizzes in order
    township_ids: frozenset
    audience_text: str
    trainer_names: list
    session_count: int  # its training sessions (集中培训)


CONTENTS_CACHE_SECONDS = 24 * 60 * 60


def course_contents(course):
    """The course's live parts, audience and trainers, from the cache.

    The key changes whenever the course is published (last_published_at) or
    it or one of its parts is saved, deleted or moved (contents_version), so
    a cached entry is never stale; translation_key tells apart courses that
    reuse a database id. A few queries when not cached, none when cached.
    """
    key = "course-contents:{}:{}:{}".format(
        course.translation_key,
        course.last_published_at.timestamp() if course.last_published_at else "",
        course.contents_version,
    )
    contents = cache.get(key)
    if contents is None:
        contents = _course_contents(course)
        cache.set(key, contents, CONTENTS_CACHE_SECONDS)
    return contents


def _course_contents(course):
    townships = list(course.audience_townships.all())
    parts = (
        Page.objects.live()
        .child_of(course)
        .filter(content_type_id__in=course_part_type_ids())
        .order_by("path")
        .specific()
    )
    return CourseContents(
        parts=[
            PartRow(
                pk=part.pk,
                slug=part.slug,
                title=part.title,
                kind=str(part._meta.verbose_name),
                meta=str(part.course_row_meta()),
            )
            for part in parts
        ],
        township_ids=frozenset(t.pk for t in townships),
        audience_text=str(audience_text(course, townships)),
        trainer_names=[
            trainer.get_full_name()
            for trainer in course.trainers.order_by("name", "username")
        ],
        session_count=course.training_sessions.count(),
    )


def part_done_ids(cadre, part_ids):
    """Which of the course parts the cadre has completed: one query."""
    return set(
        PartCompletion.objects.filter(cadre=cadre, page_id__in=part_ids).values_list(
            "page_id", flat=True
        )
    )


def part_neighbours(part, contents):
    """(previous, next) PartRow of a part in its course's contents, or None."""
    rows = contents.parts
    index = next((i for i, row in enumerate(rows) if row.pk == part.pk), None)
    if index is None:  # an unpublished part seen in preview
        return None, None
    previous = rows[index - 1] if index > 0 else None
    following = rows[index + 1] if index + 1 < len(rows) else None
    return previous, following

"""Reads for the course pages: who may study a course, and the lists pages show.

Access rule (one place, used by CoursePage and LessonPage):
- anonymous (or inactive) users must log in first: "login";
- staff (trainers, supervisors, administrators, Django staff) see everything: "full";
- a cadre sees a course and its lessons when the course's audience includes them
  (positions, village classes, townships; an empty list means everyone): "full";
- anyone else logged in (a cadre outside the audience, a cadre role without a
  profile): "outside_audience".
"""

import zoneinfo
from decimal import Decimal
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Page, get_page_models

from lms.access import is_course_staff
from lms.models import Cadre, Position, VillageClass

from .models import (
    AttendanceMark,
    CoursePage,
    Enrollment,
    HoursLedgerEntry,
    LessonPage,
    LessonProgress,
    PartCompletion,
    Requirement,
    TrainingSession,
)

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


def course_page_context(request, course):
    """What CoursePage and its parts show about a course, access included:
    access, course, contents (CourseContents), audience_text and viewer_cadre
    (the user's cadre profile or None). No query when the contents are cached
    and the login backend loaded the cadre."""
    contents = course_contents(course)
    cadre = viewer_cadre(request.user)
    access = course_access(
        request.user, course, cadre=cadre, township_ids=contents.township_ids
    )
    return {
        "access": access,
        "course": course,
        "contents": contents,
        "audience_text": contents.audience_text,
        "viewer_cadre": cadre,
    }


def part_neighbours(part, contents):
    """(previous, next) PartRow of a part in its course's contents, or None."""
    rows = contents.parts
    index = next((i for i, row in enumerate(rows) if row.pk == part.pk), None)
    if index is None:  # an unpublished part seen in preview
        return None, None
    previous = rows[index - 1] if index > 0 else None
    following = rows[index + 1] if index + 1 < len(rows) else None
    return previous, following


# --- 我的学习: a cadre's own courses, hours and next lesson ---------------------

STUDY_TIME_ZONE = zoneinfo.ZoneInfo("Asia/Shanghai")  # the year hours count in


def study_year(now):
    """The year (Asia/Shanghai) that hours earned at now count for."""
    return timezone.localtime(now, STUDY_TIME_ZONE).year


def _course_parts_live():
    """Live parts of the enrolment's course (for subqueries on Enrollment)."""
    return Page.objects.live().filter(
        path__startswith=OuterRef("course__path"),
        depth=OuterRef("course__depth") + 1,
        content_type_id__in=course_part_type_ids(),
    )


def _part_done_by_enrolled_cadre():
    return Exists(
        PartCompletion.objects.filter(
            cadre=OuterRef(OuterRef("cadre_id")), page=OuterRef("pk")
        )
    )


def _count(queryset):
    counted = queryset.order_by().values("depth").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def parent_titles(pages):
    """{page pk: its parent's title} for pages (e.g. a course's track): one query."""
    parent_paths = {page.pk: page.path[: -page.steplen] for page in pages}
    titles = dict(
        Page.objects.filter(path__in=set(parent_paths.values())).values_list(
            "path", "title"
        )
    )
    return {pk: titles.get(path, "") for pk, path in parent_paths.items()}


class MyCourse(NamedTuple):
    enrollment: Enrollment
    course: CoursePage
    track_title: str
    parts_done: int
    parts_total: int
    next_part: Page | None  # the specific page: a lesson or a quiz


def my_courses(cadre):
    """The cadre's enrolments in live courses, each with progress and the next
    part (lesson or quiz) to take; unfinished first (required before elective,
    oldest enrolment first), then completed (newest first). Queries: the
    enrolments, the next parts (one per part type) and the tracks, whatever
    the number of courses and lessons."""
    enrollments = list(
        Enrollment.objects.filter(cadre=cadre, course__live=True)
        .select_related("course")
        .annotate(
            parts_total=_count(_course_parts_live()),
            parts_done=_count(
                _course_parts_live().filter(_part_done_by_enrolled_cadre())
            ),
            next_part_id=Subquery(
                _course_parts_live()
                .exclude(_part_done_by_enrolled_cadre())
                .order_by("path")
                .values("pk")[:1]
            ),
        )
    )
    next_ids = {e.next_part_id for e in enrollments if e.next_part_id}
    parts = {part.pk: part for part in Page.objects.filter(pk__in=next_ids).specific()}
    tracks = parent_titles(e.course for e in enrollments)
    courses = [
        MyCourse(
            enrollment=e,
            course=e.course,
            track_title=tracks.get(e.course.pk, ""),
            parts_done=e.parts_done,
            parts_total=e.parts_total,
            next_part=None if e.completed_at else parts.get(e.next_part_id),
        )
        for e in enrollments
    ]
    unfinished = sorted(
        (c for c in courses if not c.enrollment.completed_at),
        key=lambda c: (
            c.course.requirement != Requirement.REQUIRED,
            c.enrollment.enrolled_at,
            c.enrollment.pk,
        ),
    )
    completed = sorted(
        (c for c in courses if c.enrollment.completed_at),
        key=lambda c: c.enrollment.completed_at,
        reverse=True,
    )
    return unfinished, completed


class YearHours(NamedTuple):
    kind: str
    label: str
    earned: Decimal
    target: Decimal

    @property
    def percent(self):
        if not self.target:
            return 100
        return min(int(self.earned * 100 / self.target), 100)

    @property
    def missing(self):
        return max(self.target - self.earned, Decimal("0"))


def year_hours(cadre, year, targets):
    """Hours a cadre earned in a year, online and centralised, against the
    targets (a StudyHourTargets): one query."""
    totals = HoursLedgerEntry.objects.filter(cadre=cadre, year=year).aggregate(
        **{
            kind: Coalesce(
                Sum("hours", filter=Q(kind=kind)),
                Value(Decimal("0")),
                output_field=DecimalField(max_digits=7, decimal_places=1),
            )
            for kind in HoursLedgerEntry.Kind.values
        }
    )
    return [
        YearHours(
            HoursLedgerEntry.Kind.ONLINE,
            HoursLedgerEntry.Kind.ONLINE.label,
            totals[HoursLedgerEntry.Kind.ONLINE],
            targets.online_hours,
        ),
        YearHours(
            HoursLedgerEntry.Kind.CENTRALISED,
            HoursLedgerEntry.Kind.CENTRALISED.label,
            totals[HoursLedgerEntry.Kind.CENTRALISED],
            targets.centralised_hours,
        ),
    ]


# --- 课程搜索 ------------------------------------------------------------------

SEARCH_MAX_WORDS = 5
SEARCH_MAX_LENGTH = 50


def search_words(query):
    """The words of a search box entry: split on spaces (also full-width ones),
    at most SEARCH_MAX_WORDS, the entry cut to SEARCH_MAX_LENGTH characters."""
    return query[:SEARCH_MAX_LENGTH].replace("\u3000", " ").split()[:SEARCH_MAX_WORDS]


def course_search(words):
    """Live courses whose title or summary contains every word, title matches
    first, each with lesson_count and track_title: two queries.

    A plain substring match: Chinese is written without spaces, so full-text
    indexes that split on spaces (SQLite FTS, PostgreSQL's "simple") miss
    words inside a title; a few hundred courses need no index.
    """
    if not words:
        return []
    courses = CoursePage.objects.live()
    for word in words:
        courses = courses.filter(Q(title__icontains=word) | Q(summary__icontains=word))
    title_match = Q()
    for word in words:
        title_match &= Q(title__icontains=word)
    courses = list(
        courses.annotate(
            lesson_count=_live_lesson_count(),
            in_title=Case(When(title_match, then=Value(0)), default=Value(1)),
        ).order_by("in_title", "path")
    )
    titles = parent_titles(courses)
    for course in courses:
        course.track_title = titles[course.pk]
    return courses


# --- 集中培训: a course's sessions ------------------------------------------------

# A cadre's own state in a session's register, as the course page says it.
MY_SESSION_STATES = {
    "present": gettext_lazy("已签到"),
    "late": gettext_lazy("迟到"),
    "excused": gettext_lazy("请假"),
    "absent": gettext_lazy("缺勤"),
    None: gettext_lazy("未签到"),
}


def with_my_state(sessions, cadre):
    """Annotate my_state: the cadre's attendance state in each session (None
    without a mark), in the same query."""
    mine = AttendanceMark.objects.filter(session=OuterRef("pk"), cadre=cadre)
    return sessions.annotate(my_state=Subquery(mine.values("state")[:1]))


def course_sessions(course, cadre=None):
    """The course's training sessions (集中培训) in time order: one query.

    With cadre (an enrolled cadre), each session has my_state and
    my_state_label (已签到, 迟到, 请假, 缺勤 or 未签到); otherwise my_state
    is None and my_state_label empty.
    """
    sessions = TrainingSession.objects.filter(course=course).order_by("starts_at", "pk")
    if cadre is not None:
        sessions = with_my_state(sessions, cadre)
    sessions = list(sessions)
    for session in sessions:
        if cadre is None:
            session.my_state, session.my_state_label = None, ""
        else:
            session.my_state_label = MY_SESSION_STATES.get(session.my_state, "")
    return sessions

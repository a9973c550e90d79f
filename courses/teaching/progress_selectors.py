"""学习进度: who studied what in one course, one row per enrolled cadre and one
column per live part (lessons, quizzes, in course order), then the sessions
attended and the overall state. The page and its Excel export read the same
rows, so the file says what the screen says.

Rows: the enrolments of active cadres in the course that the user may see
(administrators and the course's trainers: all of them; a supervisor: the
cadres of lms.selectors.cadres_visible_to), filtered by township, village
class and state, ordered by township, village and name.

State (ProgressState), from the raw events:
- 已结业: the enrolment has a completion time;
- 学习中: otherwise, the cadre completed a part, studied one of the lessons
  (credited time), or attended one of the course's sessions;
- 未开始: none of these.

Cells: a lesson shows 已完成 or the minutes credited so far; a scored part
(a quiz) shows the cadre's grade, which the part's app supplies through the
Wagtail hook "register_course_part_scores" (courses does not import exams):
each hook function takes cadre_ids and page_ids and returns {(cadre id, page
id): score}. Sessions: attended (present or late) of the course's sessions
held so far (started by now; those to come are not counted against anyone).

Queries: the parts, the sessions, then for a page (or a chunk) of rows its
count, the rows, their lesson progress, completed parts and attendance, and
one per scores hook: the same for 5 cadres or 5,000.
"""

from dataclasses import dataclass, field
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    OuterRef,
    TextChoices,
    Value,
    When,
)
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.models import Page

from lms.access import is_supervisor, sees_every_enrolment
from lms.models import Township, VillageClass
from lms.selectors import cadres_visible_to, townships_visible_to

from ..models import (
    ATTENDED_STATES,
    AttendanceMark,
    Enrollment,
    LessonPage,
    LessonProgress,
    PartCompletion,
    TrainingSession,
)
from ..selectors import course_part_type_ids

SCORES_HOOK = "register_course_part_scores"
NONE_SHOWN = "—"


class ProgressState(TextChoices):
    NOT_STARTED = "not_started", gettext_lazy("未开始")
    STUDYING = "studying", gettext_lazy("学习中")
    COMPLETED = "completed", gettext_lazy("已结业")


@dataclass(frozen=True)
class ProgressFilters:
    township_id: int | None = None
    village_class: int | None = None
    state: str = ""

    def params(self):
        """The filters as query parameters (links, pages, the export)."""
        params = {
            "township": self.township_id,
            "village_class": self.village_class,
            "state": self.state,
        }
        return {key: value for key, value in params.items() if value not in (None, "")}


@dataclass(frozen=True)
class PartColumn:
    pk: int
    title: str
    is_lesson: bool
    kind: str  # 课时, 测验: the part type's name


@dataclass
class CourseColumns:
    parts: list  # PartColumn, in course order
    session_ids: list

    @property
    def lesson_ids(self):
        return [part.pk for part in self.parts if part.is_lesson]

    @property
    def scored_ids(self):
        return [part.pk for part in self.parts if not part.is_lesson]


class Cell(NamedTuple):
    """One cadre's standing in one part; text is what the screen and the
    export show."""

    part: PartColumn
    done: bool
    text: str
    started: bool


@dataclass
class ProgressRow:
    enrollment: Enrollment
    cells: list = field(default_factory=list)
    sessions_attended: int = 0
    sessions_total: int = 0

    @property
    def cadre(self):
        return self.enrollment.cadre

    @property
    def state(self):
        return self.enrollment.state

    @property
    def state_label(self):
        return ProgressState(self.enrollment.state).label

    @property
    def sessions_text(self):
        if not self.sessions_total:
            return NONE_SHOWN
        return f"{self.sessions_attended}/{self.sessions_total}"


def progress_townships(user):
    """The townships to filter by: a supervisor's scope; everyone for the
    course's trainers and administrators (their rows are every enrolled cadre)."""
    if is_supervisor(user):
        return townships_visible_to(user)
    return Township.objects.all()


def _part_kind(content_type_id):
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    return str(model._meta.verbose_name) if model else ""


def course_columns(course, *, now):
    """The course's live parts in course order and its sessions held by now:
    two queries."""
    lesson_type = ContentType.objects.get_for_model(LessonPage).pk
    parts = (
        Page.objects.live()
        .child_of(course)
        .filter(content_type_id__in=course_part_type_ids())
        .order_by("path")
        .values_list("pk", "title", "content_type_id")
    )
    sessions = TrainingSession.objects.filter(course=course, starts_at__lte=now)
    return CourseColumns(
        parts=[
            PartColumn(pk, title, type_id == lesson_type, _part_kind(type_id))
            for pk, title, type_id in parts
        ],
        session_ids=list(
            sessions.order_by("starts_at", "pk").values_list("pk", flat=True)
        ),
    )


def _state(course, columns):
    cadre = OuterRef("cadre_id")
    started = Exists(PartCompletion.objects.filter(cadre=cadre, course=course))
    if columns.lesson_ids:
        started |= Exists(
            LessonProgress.objects.filter(
                cadre=cadre, lesson_id__in=columns.lesson_ids, seconds_studied__gt=0
            )
        )
    if columns.session_ids:
        started |= Exists(
            AttendanceMark.objects.filter(
                cadre=cadre,
                session_id__in=columns.session_ids,
                state__in=ATTENDED_STATES,
            )
        )
    return Case(
        When(completed_at__isnull=False, then=Value(ProgressState.COMPLETED)),
        When(started, then=Value(ProgressState.STUDYING)),
        default=Value(ProgressState.NOT_STARTED),
        output_field=CharField(),
    )


def progress_enrolments(user, course, columns, filters, *, with_state_filter=True):
    """The enrolments the page lists (see the module docstring), each with
    .state and its cadre, village and township."""
    rows = Enrollment.objects.filter(course=course, cadre__is_active=True)
    if not sees_every_enrolment(user, course):
        rows = rows.filter(cadre__in=cadres_visible_to(user))
    if filters.township_id:
        rows = rows.filter(cadre__village__township_id=filters.township_id)
    if filters.village_class:
        rows = rows.filter(cadre__village__village_class=filters.village_class)
    rows = rows.annotate(state=_state(course, columns))
    if with_state_filter and filters.state:
        rows = rows.filter(state=filters.state)
    return rows.select_related("cadre__village__township").order_by(
        "cadre__village__township__sort_order",
        "cadre__village__township__name",
        "cadre__village__name",
        "cadre__name",
        "pk",
    )


def state_counts(user, course, columns, filters):
    """{state: number of rows} under the other filters (the state chips): one
    query."""
    rows = progress_enrolments(user, course, columns, filters, with_state_filter=False)
    counts = dict(
        rows.order_by()
        .values("state")
        .annotate(n=Count("pk"))
        .values_list("state", "n")
    )
    return {state: counts.get(state, 0) for state in ProgressState.values}


def part_scores(cadre_ids, page_ids):
    """{(cadre id, page id): score} from every scores hook (quizzes)."""
    scores = {}
    if cadre_ids and page_ids:
        for scores_of in hooks.get_hooks(SCORES_HOOK):
            scores.update(scores_of(cadre_ids=cadre_ids, page_ids=page_ids))
    return scores


def _minutes(seconds):
    return (seconds + 59) // 60 if seconds else 0


def lesson_text(done, minutes):
    if done:
        return _("已完成 %(minutes)d分钟") % {"minutes": minutes}
    if minutes:
        return _("学习中 %(minutes)d分钟") % {"minutes": minutes}
    return _("未学")


def scored_text(done, score):
    if score is None:
        return _("已完成") if done else _("未作答")
    shown = f"{score:.1f}".rstrip("0").rstrip(".")
    if done:
        return _("%(score)s分 通过") % {"score": shown}
    return _("%(score)s分") % {"score": shown}


def progress_rows(enrolments, columns):
    """The rows of a page (or a chunk) of enrolments, with their cells."""
    enrolments = list(enrolments)
    cadre_ids = [e.cadre_id for e in enrolments]
    if not cadre_ids:
        return []
    seconds = {}
    if columns.lesson_ids:
        seconds = {
            (cadre_id, lesson_id): studied
            for cadre_id, lesson_id, studied in LessonProgress.objects.filter(
                cadre_id__in=cadre_ids, lesson_id__in=columns.lesson_ids
            ).values_list("cadre_id", "lesson_id", "seconds_studied")
        }
    done = set()
    if columns.parts:
        done = set(
            PartCompletion.objects.filter(
                cadre_id__in=cadre_ids, page_id__in=[p.pk for p in columns.parts]
            ).values_list("cadre_id", "page_id")
        )
    attended = {}
    if columns.session_ids:
        attended = dict(
            AttendanceMark.objects.filter(
                cadre_id__in=cadre_ids,
                session_id__in=columns.session_ids,
                state__in=ATTENDED_STATES,
            )
            .order_by()
            .values("cadre_id")
            .annotate(n=Count("pk"))
            .values_list("cadre_id", "n")
        )
    scores = part_scores(cadre_ids, columns.scored_ids)

    rows = []
    for enrollment in enrolments:
        cadre_id = enrollment.cadre_id
        row = ProgressRow(
            enrollment,
            sessions_attended=attended.get(cadre_id, 0),
            sessions_total=len(columns.session_ids),
        )
        for part in columns.parts:
            key = (cadre_id, part.pk)
            is_done = key in done
            if part.is_lesson:
                minutes = _minutes(seconds.get(key, 0))
                text = lesson_text(is_done, minutes)
                row.cells.append(Cell(part, is_done, text, bool(minutes)))
            else:
                score = scores.get(key)
                text = scored_text(is_done, score)
                row.cells.append(Cell(part, is_done, text, score is not None))
        rows.append(row)
    return rows


def filters_description(course, filters, townships):
    """One line saying what the rows cover, for the screen and the export."""
    parts = [course.title]
    if filters.township_id:
        parts.append(townships.get(filters.township_id, ""))
    if filters.village_class:
        parts.append(str(VillageClass(filters.village_class).label))
    if filters.state:
        parts.append(str(ProgressState(filters.state).label))
    return " · ".join(part for part in parts if part)

"""我的课程: the courses a trainer teaches with their review state, their
numbers and their next session (who may see a course's progress page:
lms.access.may_see_course_progress).

States (CourseState), from Wagtail's moderation of the course page:
- 审核中: a workflow is in progress (the trainer submitted it);
- 已退回: the reviewer asked for changes (the workflow needs changes); the
  reviewer's comment, name and time come from the rejected task state;
- 已发布: the course is live and nothing of it waits for review;
- 草稿: none of these.
A live course whose changes are in review or sent back says so under its state.

Numbers: enrolled = enrolments of active cadres, completed = those with a
completion time; rate = completed / enrolled (one decimal, none when nobody
is enrolled). Next session: the earliest of the course's sessions that has
not ended and whose register is not closed.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import OuterRef, Subquery, TextChoices
from django.utils.translation import gettext_lazy as _
from wagtail.models import WorkflowState, get_default_page_content_type

from ..models import CoursePage, Enrollment, TrainingSession
from ..selectors import count_subquery

ONE_DECIMAL = Decimal("0.1")


class CourseState(TextChoices):
    DRAFT = "draft", _("草稿")
    IN_REVIEW = "in_review", _("审核中")
    PUBLISHED = "published", _("已发布")
    REJECTED = "rejected", _("已退回")


# The order of the trainer's list: what needs them first.
STATE_ORDER = {
    CourseState.REJECTED: 0,
    CourseState.DRAFT: 1,
    CourseState.IN_REVIEW: 2,
    CourseState.PUBLISHED: 3,
}


def percent(part, whole):
    """part / whole in percent with one decimal; None when whole is 0."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(
        ONE_DECIMAL, rounding=ROUND_HALF_UP
    )


@dataclass
class Review:
    """The reviewer's answer to a submission (or the submission waiting)."""

    comment: str = ""
    reviewer: str = ""
    at: object = None


@dataclass
class TaughtCourse:
    course: CoursePage
    state: str
    enrolled: int
    completed: int
    next_session: TrainingSession | None = None
    review: Review | None = None

    @property
    def state_label(self):
        return CourseState(self.state).label

    @property
    def completion_rate(self):
        return percent(self.completed, self.enrolled)

    @property
    def live_version_note(self):
        """What cadres see meanwhile, when it differs from the state."""
        course = self.course
        if course.live and self.state in (CourseState.IN_REVIEW, CourseState.REJECTED):
            return _("学员仍在学习已发布的版本")
        if self.state == CourseState.PUBLISHED and course.has_unpublished_changes:
            return _("有尚未提交审核的修改")
        return ""


def _enrolment_count(**conditions):
    return count_subquery(
        Enrollment.objects.filter(
            course=OuterRef("pk"), cadre__is_active=True, **conditions
        ),
        "course",
    )


def next_sessions(now):
    """The sessions still to come or going on (for OuterRef("pk") a course)."""
    return TrainingSession.objects.filter(
        course=OuterRef("pk"), ends_at__gt=now, closed_at__isnull=True
    ).order_by("starts_at", "pk")


def course_states(course_ids):
    """{course id: (state of the active workflow, its current task state)}
    for the courses in moderation: one query."""
    states = (
        WorkflowState.objects.active()
        .filter(
            base_content_type=get_default_page_content_type(),
            object_id__in=[str(pk) for pk in course_ids],
        )
        .select_related("current_task_state__finished_by")
    )
    return {int(state.object_id): state for state in states}


def _state_and_review(course, workflow_state):
    if workflow_state is None:
        return (CourseState.PUBLISHED if course.live else CourseState.DRAFT), None
    task_state = workflow_state.current_task_state
    if workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        review = Review()
        if task_state is not None:
            reviewer = task_state.finished_by
            review = Review(
                comment=task_state.comment,
                reviewer=reviewer.get_full_name() if reviewer else "",
                at=task_state.finished_at,
            )
        return CourseState.REJECTED, review
    started = task_state.started_at if task_state else workflow_state.created_at
    return CourseState.IN_REVIEW, Review(at=started)


def teaching_overview(user, *, now):
    """The courses user teaches (TaughtCourse), those needing them first.

    Queries: three (the courses with their numbers and next session's id,
    their workflow states, the next sessions), whatever the number of courses.
    """
    courses = list(
        CoursePage.objects.filter(trainers=user)
        .annotate(
            n_enrolled=_enrolment_count(),
            n_completed=_enrolment_count(completed_at__isnull=False),
            next_session_id=Subquery(next_sessions(now).values("pk")[:1]),
        )
        .order_by("path")
    )
    if not courses:
        return []
    states = course_states([course.pk for course in courses])
    session_ids = [c.next_session_id for c in courses if c.next_session_id]
    sessions = TrainingSession.objects.in_bulk(session_ids) if session_ids else {}
    taught = []
    for course in courses:
        state, review = _state_and_review(course, states.get(course.pk))
        taught.append(
            TaughtCourse(
                course=course,
                state=state,
                enrolled=course.n_enrolled,
                completed=course.n_completed,
                next_session=sessions.get(course.next_session_id),
                review=review,
            )
        )
    taught.sort(key=lambda item: STATE_ORDER[item.state])  # stable: path order
    return taught

"""What a course's submission and its approval cover.

A course goes to review whole: submitting it for 课程审核 submits its draft
parts (lessons, quizzes: never published, with unpublished changes, or
returned for changes) too, each in its own workflow state, and the reviewer's
approval or rejection of the course covers them (CourseReviewTask.on_action).
"""

from decimal import Decimal
from typing import NamedTuple

from django.db import transaction
from django.db.models import Sum
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _
from wagtail.models import Page, WorkflowState

from ..models import CoursePage, Requirement, TrainingSession
from ..models.review import part_states_under_review
from ..selectors import course_part_type_ids

IN_REVIEW = WorkflowState.STATUS_IN_PROGRESS
RETURNED = WorkflowState.STATUS_NEEDS_CHANGES


class PartState(NamedTuple):
    """A part of a course as the submit step and the reviewer see it."""

    page: Page  # the specific page
    kind: str  # 课时, 测验
    review: str | None  # IN_REVIEW, RETURNED or None

    @property
    def is_draft(self):
        """Has something to publish: never published or changed since."""
        return not self.page.live or self.page.has_unpublished_changes

    @property
    def state_label(self):
        if self.review == IN_REVIEW:
            return _("审核中")
        if self.review == RETURNED:
            return _("已退回修改")
        if not self.page.live:
            return _("未发布")
        if self.page.has_unpublished_changes:
            return _("有未发布的修改")
        return _("已发布")


def course_parts(course):
    """The course's parts in course (tree) order with their review state:
    two queries."""
    pages = list(
        Page.objects.child_of(course)
        .filter(content_type_id__in=course_part_type_ids())
        .order_by("path")
        .specific()
    )
    if not pages:
        return []
    reviews = dict(
        WorkflowState.objects.filter(
            base_content_type=course.get_base_content_type(),
            object_id__in=[str(page.pk) for page in pages],
            status__in=[IN_REVIEW, RETURNED],
        ).values_list("object_id", "status")
    )
    return [
        PartState(page, str(page._meta.verbose_name), reviews.get(str(page.pk)))
        for page in pages
    ]


def course_parts_to_submit(course, user):
    """The parts user would submit with the course: drafts not already
    under review that they may edit and submit."""
    parts = []
    for part in course_parts(course):
        if not part.is_draft or part.review == IN_REVIEW:
            continue
        permissions = part.page.permissions_for_user(user)
        if permissions.can_edit() and permissions.can_submit_for_moderation():
            parts.append(part)
    return parts


@transaction.atomic
def course_parts_submit(*, course, user, part_ids=None):
    """Submit the course's draft parts (those of part_ids; None: all) for
    moderation on user's behalf, resuming a returned part's workflow.
    Returns the pages submitted."""
    submitted = []
    for part in course_parts_to_submit(course, user):
        page = part.page
        if part_ids is not None and page.pk not in part_ids:
            continue
        workflow = page.get_workflow()
        if workflow is None:
            continue
        if page.latest_revision_id is None:
            page.save_revision(user=user, log_action=True)
        state = page.current_workflow_state
        if state is not None and state.status == RETURNED:
            state.resume(user)
        else:
            workflow.start(page, user)
        submitted.append(page)
    return submitted


# ---- 学时: the course's against its parts' and sessions' --------------------


class HoursCheck(NamedTuple):
    course_hours: Decimal
    by_kind: list  # [(kind, hours)]: 课时, 测验, 培训场次 (those with any)
    total: Decimal

    @property
    def adds_up(self):
        return self.total == self.course_hours


def _hours(value):
    return floatformat(value, -1)


def course_hours_check(course):
    """The course's 学时 against the sum of its parts' (their latest drafts)
    and its sessions'; None while it has neither parts nor sessions."""
    by_kind = {}
    for part in course_parts(course):
        page = part.page
        if page.has_unpublished_changes and page.latest_revision_id:
            page = page.get_latest_revision_as_object()
        hours = getattr(page, "credit_hours", None) or Decimal("0")
        by_kind[part.kind] = by_kind.get(part.kind, Decimal("0")) + hours
    sessions = TrainingSession.objects.filter(course_id=course.pk)
    if sessions.exists():
        by_kind[str(TrainingSession._meta.verbose_name)] = sessions.aggregate(
            h=Sum("credit_hours")
        )["h"] or Decimal("0")
    if not by_kind:
        return None
    return HoursCheck(course.credit_hours, list(by_kind.items()), sum(by_kind.values()))


def course_hours_warning(course):
    """A sentence when the course's 学时 and its parts' do not add up."""
    check = course_hours_check(course)
    if check is None or check.adds_up:
        return None
    params = {
        "course": _hours(check.course_hours),
        "total": _hours(check.total),
        "parts": "、".join(f"{kind} {_hours(h)}" for kind, h in check.by_kind),
        "difference": _hours(abs(check.course_hours - check.total)),
    }
    if check.total < check.course_hours:
        return (
            _(
                "课程学时 %(course)s 与各部分学时之和 %(total)s（%(parts)s）不一致："
                "学员结业时将补计差额 %(difference)s 学时。如非有意，请调整课程学时"
                "或课时、测验、培训场次的学时。"
            )
            % params
        )
    return (
        _(
            "课程学时 %(course)s 少于各部分学时之和 %(total)s（%(parts)s）："
            "学员学完全部内容将获得 %(total)s 学时，比课程学时多 %(difference)s。"
            "请调整课程学时或各部分的学时。"
        )
        % params
    )


# ---- The reviewer's confirmation ---------------------------------------------


class ReviewPart(NamedTuple):
    part: PartState
    task_id: int  # for the preview of the revision under review


class ReviewSummary(NamedTuple):
    """What approving page publishes, for the confirmation."""

    title: str
    kind: str
    is_course: bool
    required: bool
    going_live: list  # [ReviewPart] parts approved with the course
    live_count: int  # parts live already
    left_as_drafts: list  # [PartState] drafts not submitted: stay unpublished
    empty_after: bool  # a required course with no live part after approval
    hours_warning: str | None
    course_title: str  # a part's course
    course_live: bool  # a part's course is live


def course_review_summary(*, page, user):
    """The confirmation's facts for page (a course, a part or any page)."""
    page = page.specific
    kind = str(page._meta.verbose_name)
    title = page.get_admin_display_title()
    if isinstance(page, CoursePage):
        parts = {part.page.pk: part for part in course_parts(page)}
        going_live = [
            ReviewPart(parts[int(state.workflow_state.object_id)], state.task_id)
            for state in part_states_under_review(page, user)
            if int(state.workflow_state.object_id) in parts
        ]
        going_ids = {review.part.page.pk for review in going_live}
        live_count = sum(1 for part in parts.values() if part.page.live)
        required = page.requirement == Requirement.REQUIRED
        return ReviewSummary(
            title=title,
            kind=kind,
            is_course=True,
            required=required,
            going_live=going_live,
            live_count=live_count,
            left_as_drafts=[
                part
                for part in parts.values()
                if part.is_draft and part.page.pk not in going_ids
            ],
            empty_after=required and not (live_count or going_live),
            hours_warning=course_hours_warning(page),
            course_title="",
            course_live=True,
        )
    parent = page.get_parent()
    course = parent.specific if parent.specific_class is CoursePage else None
    return ReviewSummary(
        title=title,
        kind=kind,
        is_course=False,
        required=False,
        going_live=[],
        live_count=0,
        left_as_drafts=[],
        empty_after=False,
        hours_warning=None,
        course_title=course.get_admin_display_title() if course else "",
        course_live=course.live if course else True,
    )

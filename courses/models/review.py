"""课程审核: the reviewers' task of the 课程审核 workflow.

A Wagtail group approval task (its groups approve, everyone else waits) that
reviews a course whole: approving or rejecting a course approves or rejects,
with the same comment, the course's parts (lessons, quizzes) awaiting the
reviewer at the same time (submitted with it, or on their own). Approving
always asks for a confirmation that says what goes live (the modal's template
reads courses.publishing.services.course_review_summary).

A proxy of GroupApprovalTask: the existing task keeps its id, groups and task
states when course_publishing_ensure() turns it into this type.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.models import GroupApprovalTask, Page, TaskState, WorkflowState

from ..publishing.forms import CourseApproveForm
from .pages import CoursePage

APPROVE_TEMPLATE = "courses/admin/approve_modal.html"


class CourseReviewTask(GroupApprovalTask):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.id:
            # Task records the concrete model's type; a proxy keeps its own.
            self.content_type = ContentType.objects.get_for_model(
                self, for_concrete_model=False
            )

    def get_actions(self, obj, user):
        if user.is_superuser or self._user_in_groups(user):
            return [
                ("reject", _("退回修改"), True),
                ("approve", _("批准"), True),  # always through the confirmation
            ]
        return []

    def get_form_for_action(self, action):
        if action == "approve":
            return CourseApproveForm
        return super().get_form_for_action(action)

    def get_template_for_action(self, action):
        if action == "approve":
            return APPROVE_TEMPLATE
        return super().get_template_for_action(action)

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        """Approve or reject the course's parts under review first (so that a
        course published by this approval has its parts live already), then
        the course itself."""
        if action_name in ("approve", "reject"):
            page = task_state.workflow_state.content_object
            comment = kwargs.get("comment", "")
            for part_state in part_states_under_review(page, user):
                if action_name == "approve":
                    part_state.approve(user=user, comment=comment)
                else:
                    part_state.reject(user=user, comment=comment)
        super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return _("所选用户组的成员审核；批准或退回课程时，其待审核的课时与测验一并处理")

    class Meta:
        proxy = True
        verbose_name = _("课程审核任务")
        verbose_name_plural = _("课程审核任务")


def part_states_under_review(page, user):
    """The task states of page's children awaiting user's review, in the
    course's order, when page is a course; none otherwise."""
    if page is None or page.specific_class is not CoursePage:
        return []
    children = {
        str(pk): n
        for n, pk in enumerate(
            Page.objects.child_of(page).order_by("path").values_list("pk", flat=True)
        )
    }
    if not children:
        return []
    states = (
        TaskState.objects.reviewable_by(user)
        .filter(
            workflow_state__status=WorkflowState.STATUS_IN_PROGRESS,
            workflow_state__base_content_type=page.get_base_content_type(),
            workflow_state__object_id__in=list(children),
        )
        .select_related("workflow_state", "revision")
        .specific()
    )
    return sorted(states, key=lambda s: children[s.workflow_state.object_id])

"""The trainer's 提交审核 on a course with draft parts: a step that offers to
submit the parts with it (ticked), rather than the course alone."""

from wagtail.admin.action_menu import SubmitForModerationMenuItem

from .services import IN_REVIEW, course_parts, course_parts_to_submit

SUBMIT_PARTS_FIELD = "submit_parts"  # the ticked parts' ids
SUBMIT_PARTS_OFFERED_FIELD = "submit_parts_offered"  # the step was shown


class CourseSubmitMenuItem(SubmitForModerationMenuItem):
    """提交审核 opening a dialog: the course's draft lessons and quizzes,
    ticked, and the submit button (the form's own action-submit)."""

    template_name = "courses/admin/course_submit_menu_item.html"

    def __init__(self, *, parts, in_review, order):
        super().__init__(order=order)
        self.parts = parts
        self.in_review = in_review

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context.update(
            parts=self.parts,
            in_review=self.in_review,
            parts_field=SUBMIT_PARTS_FIELD,
            offered_field=SUBMIT_PARTS_OFFERED_FIELD,
        )
        return context


def course_submit_menu_item(item, course, user):
    """The submit step replacing item (Wagtail's submit item) on course's
    edit page, or None when the course has no part to submit with it."""
    parts = course_parts_to_submit(course, user)
    if not parts:
        return None
    in_review = [part for part in course_parts(course) if part.review == IN_REVIEW]
    return CourseSubmitMenuItem(parts=parts, in_review=in_review, order=item.order)

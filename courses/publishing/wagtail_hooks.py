"""The admin hooks of course publishing (imported by courses.wagtail_hooks)."""

from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.action_menu import SubmitForModerationMenuItem, WorkflowMenuItem
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.models import WorkflowState

from ..models import CoursePage, CourseReviewTask
from .buttons import course_listing_buttons
from .menu import (
    SUBMIT_PARTS_FIELD,
    SUBMIT_PARTS_OFFERED_FIELD,
    course_submit_menu_item,
)
from .panels import ReviewQueuePanel
from .services import course_hours_warning, course_parts_submit


@hooks.register("construct_page_action_menu")
def submit_course_with_its_parts(menu_items, request, context):
    """On a course's edit page, 提交审核 offers its draft parts too."""
    page = context.get("page")
    if context.get("view") != "edit" or not isinstance(page, CoursePage):
        return
    for index, item in enumerate(menu_items):
        if type(item) is SubmitForModerationMenuItem:
            replacement = course_submit_menu_item(item, page, request.user)
            if replacement is not None:
                menu_items[index] = replacement
            return


@hooks.register("construct_page_action_menu")
def approve_and_publish_label(menu_items, request, context):
    """The reviewer's footer item reads 批准并发布 (Wagtail joins 批准 and
    "and Publish" word by word)."""
    page = context.get("page")
    if page is None or not isinstance(page.current_workflow_task, CourseReviewTask):
        return
    for item in menu_items:
        if isinstance(item, WorkflowMenuItem) and item.name == "approve":
            if str(item.label) != str(_("批准")):  # the last task: it publishes
                item.label = _("批准并发布")


def _in_review(page):
    """Read afresh: the edit view's page may carry its states from before."""
    return (
        WorkflowState.objects.for_instance(page)
        .filter(status=WorkflowState.STATUS_IN_PROGRESS)
        .exists()
    )


def _ids(values):
    return {int(value) for value in values if str(value).isdigit()}


@hooks.register("after_edit_page")
def course_saved(request, page):
    """A course submitted for review takes its parts with it (those ticked in
    the submit step; all its drafts when the step was not shown); a course
    whose 学时 do not add up says so."""
    if not isinstance(page, CoursePage):
        return
    if request.POST.get("action-submit") and _in_review(page):
        part_ids = None
        if request.POST.get(SUBMIT_PARTS_OFFERED_FIELD):
            part_ids = _ids(request.POST.getlist(SUBMIT_PARTS_FIELD))
        submitted = course_parts_submit(
            course=page, user=request.user, part_ids=part_ids
        )
        if submitted:
            messages.success(
                request,
                _("课程的 %(count)s 个课时/测验已随课程一并提交审核：%(titles)s。")
                % {
                    "count": len(submitted),
                    "titles": "、".join(p.get_admin_display_title() for p in submitted),
                },
            )
    _warn_about_hours(request, page)


@hooks.register("after_create_page")
def course_created(request, page):
    if isinstance(page, CoursePage):
        _warn_about_hours(request, page)


def _warn_about_hours(request, course):
    warning = course_hours_warning(course)
    if warning:
        messages.warning(request, warning)


@hooks.register("construct_homepage_panels")
def review_queue_oldest_first(request, panels):
    """Reviewers' and administrators' 待我审核: oldest first, a course's
    parts under it. Only Wagtail's moderation panel is replaced, in place."""
    for index, panel in enumerate(panels):
        if type(panel) is WorkflowObjectsToModeratePanel:
            panels[index] = ReviewQueuePanel()


@hooks.register("construct_page_listing_buttons")
def course_add_buttons_in_listing(buttons, page, user, context=None):
    if page.specific_class is CoursePage:
        course_listing_buttons(buttons, page.specific_deferred, user)

"""The moderation workflow that every page under the home page goes through,
and the groups and permissions course publishing needs.

- The workflow 课程审核 has one task, 审核员审核 (a CourseReviewTask: a
  course is reviewed with its parts), approved by the group 课程审核员;
  administrators are superusers and approve every task anyway.
- Trainers get "add" on every classroom (what they may do below it is
  narrowed by courses.permissions), and may upload and choose images and
  documents; reviewers get "change" and "publish" on every home page.

course_publishing_ensure() sets all this up and is repeat-safe: it runs after
migrate and whenever a classroom is created.
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Task,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from cms.models import HomePage
from lms.models import Role
from lms.services import role_groups_ensure

from ..models import CourseReviewTask, TrackPage

WORKFLOW_NAME = "课程审核"
TASK_NAME = "审核员审核"
REVIEWERS_GROUP = "课程审核员"

TRAINER_TRACK_PERMISSIONS = ["add"]  # on each classroom: add courses
REVIEWER_HOME_PERMISSIONS = ["change", "publish"]  # on the home page's tree
TRAINER_MEDIA_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
]


def _page_permissions(actions):
    return [
        Permission.objects.get(
            content_type__app_label="wagtailcore", codename=f"{action}_page"
        )
        for action in actions
    ]


def _grant(group, page, permissions):
    for permission in permissions:
        GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=permission
        )


@transaction.atomic
def course_publishing_ensure():
    """Create what course publishing needs, repeat-safe: the reviewers' group,
    the 课程审核 workflow on every home page, the trainers' "add" permission
    on every classroom and the reviewers' "change"/"publish" on every home
    page. What an administrator changed in the admin (another workflow on the
    home page, more groups on the task) is left as it is. Returns the workflow.
    """
    trainers = role_groups_ensure()[Role.TRAINER]
    reviewers, _created = Group.objects.get_or_create(name=REVIEWERS_GROUP)
    reviewers.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )

    task = _review_task_ensure()
    task.groups.add(reviewers)
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    if not workflow.workflow_tasks.filter(task=task).exists():
        WorkflowTask.objects.create(
            workflow=workflow, task=task, sort_order=workflow.workflow_tasks.count()
        )

    reviewer_permissions = _page_permissions(REVIEWER_HOME_PERMISSIONS)
    for home in HomePage.objects.all():
        WorkflowPage.objects.get_or_create(page=home, defaults={"workflow": workflow})
        _grant(reviewers, home, reviewer_permissions)

    trainer_permissions = _page_permissions(TRAINER_TRACK_PERMISSIONS)
    for track in TrackPage.objects.all():
        _grant(trainers, track, trainer_permissions)
    _grant_media(trainers)
    return workflow


def _review_task_ensure():
    """The task 审核员审核 as a CourseReviewTask: created, or a group approval
    task of that name (made before the type existed) turned into one in
    place, keeping its id, groups and task states."""
    review_type = ContentType.objects.get_for_model(
        CourseReviewTask, for_concrete_model=False
    )
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        return CourseReviewTask.objects.create(name=TASK_NAME)
    if task.content_type_id != review_type.pk:
        Task.objects.filter(pk=task.pk).update(content_type=review_type)
    return CourseReviewTask.objects.get(pk=task.pk)


def _grant_media(group):
    """Upload images and documents (videos are documents) and choose them in
    the editor; Wagtail lets a user who may add one also edit their own."""
    root = Collection.get_first_root_node()
    if root is None:
        return
    for app_label, codename in TRAINER_MEDIA_PERMISSIONS:
        permission = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if permission is not None:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root, permission=permission
            )


def classroom_created(sender, instance, created, raw=False, **kwargs):
    """post_save of TrackPage: a new classroom gets the trainers' permission
    (and the workflow its home page)."""
    if created and not raw:
        course_publishing_ensure()

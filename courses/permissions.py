"""Who may do what to courses and lessons in the Wagtail admin, and the
moderation workflow that every page under the home page goes through.

- Trainers (讲师) may add courses in every classroom (a GroupPagePermission
  "add" on each TrackPage) and edit a course, and add, edit and delete its
  lessons, only when they are one of the course's trainers
  (CoursePagePermissionTester, returned by CoursePage/LessonPage
  .permissions_for_user, so the edit view, the explorer's menus, add, delete,
  move, copy and Wagtail's page actions all agree). They never publish: they
  submit to the workflow.
- Trainers of a course order its parts (drag in the explorer); elsewhere
  reordering still needs "publish".
- The workflow 课程审核 has one task, 审核员审核 (a CourseReviewTask: a
  course is reviewed with its parts), approved by the group 课程审核员;
  administrators are superusers and approve every task anyway.

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
    PagePermissionTester,
    Task,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from lms.models import Role

WORKFLOW_NAME = "课程审核"
TASK_NAME = "审核员审核"
REVIEWERS_GROUP = "课程审核员"

TRAINER_TRACK_PERMISSIONS = ["add"]  # on each classroom: add courses
REVIEWER_HOME_PERMISSIONS = ["change", "publish"]  # on the home page's tree
TRAINER_OWN_COURSE_PERMISSIONS = {"add", "change"}  # a course they teach
TRAINER_MEDIA_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
]

_PATHS_CACHE = "_course_paths_taught"


def course_paths_taught(user):
    """Tree paths of the courses user is a trainer of (cached on the user object
    for the request, as Wagtail caches page permissions)."""
    from .models import CoursePage

    paths = getattr(user, _PATHS_CACHE, None)
    if paths is None:
        paths = frozenset(
            CoursePage.objects.filter(trainers=user).values_list("path", flat=True)
        )
        setattr(user, _PATHS_CACHE, paths)
    return paths


def _is_trainer(user):
    return (
        user.is_active
        and not user.is_superuser
        and getattr(user, "role", None) == Role.TRAINER
    )


class CoursePagePermissionTester(PagePermissionTester):
    """Wagtail's page permissions, narrowed for trainers to the courses they teach.

    For a trainer, on a course (or one of its lessons) the page permissions are
    exactly "add" and "change" when they are one of the course's trainers
    (edit the course and its lessons, add lessons, delete drafts) and none
    otherwise, whatever their groups grant below the classroom. Never
    "publish": trainers submit for moderation. Everyone else is unchanged.
    The course's trainers are read from the database (the published course,
    or the course as created), not from a draft.
    """

    def __init__(self, user, page, *, course_path):
        super().__init__(user, page)
        self.course_path = course_path
        self.teaches_course = False
        if _is_trainer(user):
            if course_path in course_paths_taught(user):
                self.permissions = set(TRAINER_OWN_COURSE_PERMISSIONS)
                self.teaches_course = True
            else:
                self.permissions = set()

    def can_reorder_children(self):
        """A course's trainers order its parts (Wagtail asks for "publish")."""
        if self.teaches_course and self.page.path == self.course_path:
            return self.user.is_active
        return super().can_reorder_children()

    def can_move_to(self, destination):
        """A part moves within its own course when its trainers reorder it:
        the same pages stay live, so no "publish" is needed. Anywhere else
        Wagtail's rules apply (a trainer has no "add" on courses they do
        not teach)."""
        if (
            self.teaches_course
            and self.user.is_active
            and self.page.path != self.course_path
            and destination.path == self.course_path
        ):
            return True
        return super().can_move_to(destination)


@transaction.atomic
def course_trainer_add(*, course, user):
    """Make user one of course's trainers, in the database and in its latest
    revision (which the edit form and the workflow start from)."""
    from .models import CoursePage

    CoursePage.trainers.through.objects.get_or_create(
        coursepage_id=course.pk, user_id=user.pk
    )
    revision = course.latest_revision
    if revision is not None:
        trainer_ids = list(revision.content.get("trainers") or [])
        if user.pk not in trainer_ids:
            revision.content["trainers"] = [*trainer_ids, user.pk]
            revision.save(update_fields=["content"])
    if hasattr(user, _PATHS_CACHE):
        delattr(user, _PATHS_CACHE)


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
    from cms.models import HomePage
    from lms.services import role_groups_ensure

    from .models import TrackPage

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
    from .models import CourseReviewTask

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

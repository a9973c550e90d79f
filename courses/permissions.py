"""Who may do what to courses and lessons in the Wagtail admin.

Trainers (讲师) may add courses in every classroom (a GroupPagePermission
"add" on each TrackPage, granted by publishing.workflow) and edit a course,
and add, edit and delete its lessons, only when they are one of the course's
trainers (CoursePagePermissionTester, returned by CoursePage/LessonPage
.permissions_for_user, so the edit view, the explorer's menus, add, delete,
move, copy and Wagtail's page actions all agree). They never publish: they
submit to the workflow. Trainers of a course order its parts (drag in the
explorer); elsewhere reordering still needs "publish".

The page models import this module: it imports none of courses' modules.
"""

from django.db import transaction
from wagtail.models import PagePermissionTester

from lms.access import course_paths_forget, course_paths_taught, is_trainer

TRAINER_OWN_COURSE_PERMISSIONS = {"add", "change"}  # a course they teach


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
        if is_trainer(user):
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
    user.courses_taught.add(course)
    revision = course.latest_revision
    if revision is not None:
        trainer_ids = list(revision.content.get("trainers") or [])
        if user.pk not in trainer_ids:
            revision.content["trainers"] = [*trainer_ids, user.pk]
            revision.save(update_fields=["content"])
    course_paths_forget(user)

from wagtail import hooks

from lms.models import Role

from .models import CoursePage
from .permissions import course_trainer_add


@hooks.register("after_create_page")
def trainer_teaches_new_course(request, page):
    """A trainer who creates a course becomes one of its trainers, so they can
    go on editing it."""
    if page.specific_class is CoursePage and request.user.role == Role.TRAINER:
        course_trainer_add(course=page, user=request.user)

from wagtail import hooks

from .models import CoursePage, Requirement
from .services import enrollments_sync_required


@hooks.register("after_publish_page")
def enroll_required_audience(request, page):
    """A published required course enrols its whole audience."""
    if page.specific_class is not CoursePage:
        return
    course = CoursePage.objects.live().filter(pk=page.pk).first()
    if course is not None and course.requirement == Requirement.REQUIRED:
        enrollments_sync_required(course=course)

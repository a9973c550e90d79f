"""Course actions for cadres: choosing an elective (报名学习)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .models import CoursePage
from .selectors import FULL, course_access, viewer_cadre
from .services import enrollment_choose


@login_required
@require_POST
def course_enroll(request, course_id):
    """Enrol the logged-in cadre in a course of their audience, then go back."""
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    cadre = viewer_cadre(request.user)
    if cadre is None or course_access(request.user, course, cadre=cadre) != FULL:
        raise PermissionDenied
    try:
        enrollment_choose(cadre=cadre, course=course)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已报名：%(course)s") % {"course": course.title})
    return redirect(course.url)

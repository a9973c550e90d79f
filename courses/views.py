"""Course actions for cadres: choosing an elective (报名学习), study time (学习计时)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .models import CoursePage, LessonPage
from .selectors import FULL, course_access, viewer_cadre
from .services import (
    HEARTBEAT_SECONDS,
    enrollment_choose,
    lesson_progress_for,
    lesson_required_seconds,
    study_heartbeat,
    study_session_start,
)


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


def _json_error(message, status):
    return JsonResponse({"error": message}, status=status)


def _study_cadre(request):
    """(cadre, None) for a logged-in cadre, else (None, a JSON error response)."""
    if not request.user.is_authenticated or not request.user.is_active:
        return None, _json_error(_("请先登录。"), 401)
    cadre = viewer_cadre(request.user)
    if cadre is None or not cadre.is_active:
        return None, _json_error(_("只有学员可以计入学习时长。"), 403)
    return cadre, None


@require_POST
def study_start(request, lesson_id):
    """Start (or take over) the cadre's study session on a lesson: JSON."""
    cadre, error = _study_cadre(request)
    if error:
        return error
    lesson = LessonPage.objects.live().filter(pk=lesson_id).first()
    if lesson is None:
        return _json_error(_("课时不存在。"), 404)
    course = CoursePage.objects.parent_of(lesson).get()
    if course_access(request.user, course, cadre=cadre) != FULL:
        return _json_error(_("您不在本课程的学习对象范围内。"), 403)
    try:
        session = study_session_start(cadre=cadre, lesson=lesson, now=timezone.now())
    except ValidationError as exc:
        return _json_error(" ".join(exc.messages), 403)
    progress = lesson_progress_for(cadre=cadre, lesson=lesson)
    return JsonResponse(
        {
            "token": session.token,
            "heartbeat_seconds": HEARTBEAT_SECONDS,
            "seconds_studied": progress.seconds_studied if progress else 0,
            "required_seconds": lesson_required_seconds(lesson),
            "completed": bool(progress and progress.completed_at),
        }
    )


@require_POST
def study_beat(request):
    """One heartbeat (token, sequence) from the lesson page: JSON result."""
    cadre, error = _study_cadre(request)
    if error:
        return error
    token = request.POST.get("token", "")
    try:
        sequence = int(request.POST.get("sequence", ""))
    except ValueError:
        sequence = -1
    if not token or len(token) > 32 or not 0 < sequence < 2**31:
        return _json_error(_("请求格式不正确。"), 400)
    result = study_heartbeat(
        cadre=cadre, token=token, sequence=sequence, now=timezone.now()
    )
    return JsonResponse(
        {
            "status": result.status,
            "seconds_studied": result.seconds_studied,
            "required_seconds": result.required_seconds,
            "completed": result.completed,
        }
    )

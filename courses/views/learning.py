"""Course pages outside the page tree: 我的学习, course search, choosing an
elective (报名学习) and study time (学习计时)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..models import CoursePage, LessonPage, StudyHourTargets
from ..selectors import (
    FULL,
    course_access,
    course_search,
    my_courses,
    search_words,
    study_year,
    viewer_cadre,
    year_hours,
)
from ..services import (
    HEARTBEAT_SECONDS,
    enrollment_choose,
    enrollments_ensure_required,
    lesson_progress_for,
    lesson_required_seconds,
    lesson_video_required_seconds,
    study_heartbeat,
    study_session_start,
)

SEARCH_PAGE_SIZE = 20


@login_required
def my_learning(request):
    """我的学习: the cadre's courses with progress, this year's hours against
    the targets, and the lesson to take next."""
    cadre = viewer_cadre(request.user)
    context = {"cadre": cadre}
    if cadre is not None:
        enrollments_ensure_required(cadre=cadre)
        unfinished, completed = my_courses(cadre)
        year = study_year(timezone.now())
        context.update(
            unfinished=unfinished,
            completed=completed,
            year=year,
            hours=year_hours(
                cadre, year, StudyHourTargets.load(request_or_site=request)
            ),
            next_course=next((c for c in unfinished if c.next_part), None),
        )
    return render(request, "courses/my_learning.html", context)


def search(request):
    """课程搜索: live courses whose title or summary contain the words."""
    query = request.GET.get("q", "").strip()
    words = search_words(query)
    results = Paginator(
        course_search(words, request=request), SEARCH_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "courses/search.html",
        {
            "query": query,
            "words": words,
            "results": results,
            "page_query": urlencode({"q": query}) + "&",
        },
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
            "video_seconds_watched": progress.video_seconds_watched if progress else 0,
            "video_required_seconds": lesson_video_required_seconds(lesson),
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
    try:
        video_seconds = int(request.POST.get("video_seconds") or 0)
    except ValueError:
        video_seconds = 0
    result = study_heartbeat(
        cadre=cadre,
        token=token,
        sequence=sequence,
        now=timezone.now(),
        video_seconds=video_seconds,
    )
    return JsonResponse(
        {
            "status": result.status,
            "seconds_studied": result.seconds_studied,
            "required_seconds": result.required_seconds,
            "video_seconds_watched": result.video_seconds_watched,
            "video_required_seconds": result.video_required_seconds,
            "completed": result.completed,
        }
    )

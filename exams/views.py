"""Taking a quiz: start, the attempt page, saving answers, submitting, the result."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses.models import CoursePage
from courses.selectors import FULL, course_access, viewer_cadre
from lms.access import deny_unless

from .models import Attempt, QuizPage
from .selectors import answers_visible, attempt_questions, seconds_left
from .services import (
    answer_save,
    attempt_close_if_overdue,
    attempt_start,
    attempt_submit,
)


def _cadre_or_403(request):
    cadre = viewer_cadre(request.user)
    deny_unless(cadre is not None and cadre.is_active)
    return cadre


def _own_attempt(request, attempt_id):
    """The logged-in cadre's attempt, with its quiz; 404 for anyone else's."""
    cadre = _cadre_or_403(request)
    attempt = (
        Attempt.objects.select_related("quiz")
        .filter(pk=attempt_id, cadre=cadre)
        .first()
    )
    if attempt is None:
        raise Http404
    return attempt


@login_required
@require_POST
def quiz_start(request, quiz_id):
    """Start (or resume) an attempt, then open it."""
    quiz = get_object_or_404(QuizPage.objects.live(), pk=quiz_id)
    cadre = _cadre_or_403(request)
    course = CoursePage.objects.parent_of(quiz).get()
    deny_unless(course_access(request.user, course, cadre=cadre) == FULL)
    try:
        attempt = attempt_start(cadre=cadre, quiz=quiz, now=timezone.now())
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(quiz.url)
    return redirect("exams:attempt", attempt.pk)


@login_required
def attempt_page(request, attempt_id):
    """The questions of an open attempt with a countdown to its deadline."""
    attempt = _own_attempt(request, attempt_id)
    if attempt_close_if_overdue(attempt=attempt, now=timezone.now()):
        return redirect("exams:result", attempt.pk)
    return render(
        request,
        "exams/attempt.html",
        {
            "attempt": attempt,
            "quiz": attempt.quiz,
            "questions": attempt_questions(attempt, review=False),
            "seconds_left": seconds_left(attempt),
        },
    )


@require_POST
def answer(request, attempt_id):
    """Save one answer (question, value…) as the cadre goes: JSON."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": _("登录已过期，请重新登录。")}, status=401)
    attempt = _own_attempt(request, attempt_id)
    try:
        question_id = int(request.POST.get("question", ""))
    except ValueError:
        return JsonResponse({"error": _("请求格式不正确。")}, status=400)
    try:
        saved = answer_save(
            attempt=attempt,
            question_id=question_id,
            raw=request.POST.getlist("value"),
            now=timezone.now(),
        )
    except ValidationError as error:
        status = 409 if error.code in {"late", "submitted"} else 400
        return JsonResponse({"error": " ".join(error.messages)}, status=status)
    return JsonResponse(
        {"saved": True, "saved_at": timezone.localtime(saved.saved_at).isoformat()}
    )


@login_required
@require_POST
def submit(request, attempt_id):
    """Save what the form carries (for pages without the script), then submit.

    Answers the form carries after the deadline (and its grace) are not
    saved; submitting again changes nothing.
    """
    attempt = _own_attempt(request, attempt_id)
    answers = [
        (item["id"], request.POST.getlist(f"q{item['id']}"))
        for item in attempt.questions
        if f"q{item['id']}" in request.POST
    ]
    attempt_submit(attempt=attempt, now=timezone.now(), answers=answers)
    return redirect("exams:result", attempt.pk)


@login_required
def result(request, attempt_id):
    """Score, pass or fail, and the review when the quiz allows it."""
    attempt = _own_attempt(request, attempt_id)
    if attempt.submitted_at is None:
        if not attempt_close_if_overdue(attempt=attempt, now=timezone.now()):
            return redirect("exams:attempt", attempt.pk)
        attempt.refresh_from_db()
    quiz = attempt.quiz
    review = answers_visible(attempt, quiz, timezone.now())
    return render(
        request,
        "exams/result.html",
        {
            "attempt": attempt,
            "quiz": quiz,
            "review": review,
            "questions": attempt_questions(attempt, review=review) if review else [],
            "quiz_url": quiz.url,
            "retry_url": reverse("exams:quiz_start", args=[quiz.pk]),
        },
    )

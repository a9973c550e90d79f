"""Admin views of quiz results (测验成绩): every attempt and the share answering
each question correctly, on screen and as an Excel file.

Mounted under /admin/exams/results/ by wagtail_hooks. Scope comes from
exams.selectors: a trainer sees the quizzes of the courses they teach, a
township supervisor only their township's cadres, and anyone else gets a 404
for a quiz they may not see, whatever the URL.
"""

import io

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from openpyxl import Workbook

from courses.selectors import parent_titles
from lms.imports.views import XLSX_TYPE
from lms.spreadsheets import safe_row

from .selectors import (
    attempts_scope,
    minutes_taken,
    question_stats,
    quiz_attempts_visible_to,
    quizzes_visible_to,
)

ATTEMPTS_PER_PAGE = 100


def results_index(request):
    """The quizzes the user may see, with the attempts and passes they may
    see (a township supervisor: their township's cadres only)."""
    scope = attempts_scope(request.user)
    quizzes = (
        quizzes_visible_to(request.user)
        .annotate(
            attempts_count=Count(
                "attempts", filter=scope & Q(attempts__submitted_at__isnull=False)
            ),
            passed_count=Count("attempts", filter=scope & Q(attempts__passed=True)),
        )
        .order_by("path")
    )
    page = Paginator(quizzes, 50).get_page(request.GET.get("page"))
    course_titles = parent_titles(page)
    for quiz in page:
        quiz.course_title = course_titles[quiz.pk]
    return TemplateResponse(
        request, "exams/admin/results_index.html", {"page_obj": page}
    )


def _visible_quiz(request, quiz_id):
    return get_object_or_404(quizzes_visible_to(request.user), pk=quiz_id)


def quiz_results(request, quiz_id):
    quiz = _visible_quiz(request, quiz_id)
    attempts = quiz_attempts_visible_to(request.user, quiz)
    page = Paginator(attempts, ATTEMPTS_PER_PAGE).get_page(request.GET.get("page"))
    for attempt in page:
        attempt.minutes = minutes_taken(attempt)
    return TemplateResponse(
        request,
        "exams/admin/quiz_results.html",
        {
            "quiz": quiz,
            "page_obj": page,
            "stats": question_stats(attempts),
            "passed": attempts.filter(passed=True).count(),
        },
    )


def quiz_results_export(request, quiz_id):
    """Both tables as one .xlsx: 答题记录 and 逐题正确率."""
    quiz = _visible_quiz(request, quiz_id)
    attempts = quiz_attempts_visible_to(request.user, quiz)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("答题记录"))
    sheet.append(
        [
            _("姓名"),
            _("苏木乡镇"),
            _("嘎查村"),
            _("第几次"),
            _("得分"),
            _("是否及格"),
            _("开始时间"),
            _("交卷时间"),
            _("用时（分钟）"),
        ]
    )
    for attempt in attempts.iterator(chunk_size=500):
        village = attempt.cadre.village
        sheet.append(
            safe_row(
                [
                    attempt.cadre.name,
                    village.township.name,
                    village.name,
                    attempt.number,
                    float(attempt.score),
                    _("及格") if attempt.passed else _("不及格"),
                    timezone.localtime(attempt.started_at).strftime("%Y-%m-%d %H:%M"),
                    timezone.localtime(attempt.submitted_at).strftime("%Y-%m-%d %H:%M"),
                    minutes_taken(attempt),
                ]
            )
        )
    stats_sheet = workbook.create_sheet(_("逐题正确率"))
    stats_sheet.append(
        [
            _("题型"),
            _("题干"),
            _("分类"),
            _("作答人次"),
            _("答对人次"),
            _("正确率（%）"),
        ]
    )
    for stat in question_stats(attempts):
        question = stat.question
        stats_sheet.append(
            safe_row(
                [
                    question.get_kind_display(),
                    question.stem,
                    question.category.name,
                    stat.asked,
                    stat.correct,
                    stat.percent,
                ]
            )
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    filename = _("测验成绩-%(title)s.xlsx") % {"title": quiz.title}
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


urlpatterns = [
    path("", results_index, name="index"),
    path("<int:quiz_id>/", quiz_results, name="quiz"),
    path("<int:quiz_id>/export/", quiz_results_export, name="export"),
]

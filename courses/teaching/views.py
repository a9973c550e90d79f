"""学习进度 in the admin (/admin/courses/<id>/progress/): one course's enrolled
cadres, their standing in every part, the sessions attended and their state,
filtered and paged; its Excel export with a progress page and the download.

Every view checks on the server (lms.access.may_see_course_progress): the
course's trainers and administrators see every enrolled cadre, supervisors
those in their scope; another trainer gets a 404, whatever the URL or the
export. The admin itself asks for a login.
"""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lms.access import may_see_course_progress
from lms.imports.views import XLSX_TYPE
from lms.private_files.services import serve_private

from ..models import CoursePage, ReportExport
from ..reports.views import PROGRESS_POLL_MS, export_state
from .exports import EXPORT_KIND, export_filename, export_params, export_scope
from .forms import ProgressFilterForm
from .progress_selectors import (
    ProgressState,
    course_columns,
    filters_description,
    progress_enrolments,
    progress_rows,
    state_counts,
)
from .tasks import course_progress_export_build

ROWS_PER_PAGE = 50


def _course(request, course_id):
    course = get_object_or_404(CoursePage, pk=course_id)
    if not may_see_course_progress(request.user, course):
        raise Http404
    return course


def _state_links(filters, counts):
    """The state chips: 全部 and each state with its number, as links."""
    others = {k: v for k, v in filters.params().items() if k != "state"}
    links = [
        {
            "label": ProgressState(state).label,
            "count": counts[state],
            "query": urlencode({**others, "state": state}),
            "current": filters.state == state,
            "state": state,
        }
        for state in ProgressState.values
    ]
    everyone = {
        "label": _("全部"),
        "count": sum(counts.values()),
        "query": urlencode(others),
        "current": not filters.state,
        "state": "",
    }
    return [everyone, *links]


@require_GET
def course_progress(request, course_id):
    course = _course(request, course_id)
    user = request.user
    form = ProgressFilterForm(request.GET, user=user)
    filters = form.filters()
    columns = course_columns(course, now=timezone.now())
    enrolments = progress_enrolments(user, course, columns, filters)
    page = Paginator(enrolments, ROWS_PER_PAGE).get_page(request.GET.get("p"))
    page.object_list = progress_rows(page.object_list, columns)
    counts = state_counts(user, course, columns, filters)
    return TemplateResponse(
        request,
        "courses/teaching/progress.html",
        {
            "course": course,
            "form": form,
            "filters": filters,
            "columns": columns,
            "page_obj": page,
            "state_links": _state_links(filters, counts),
            "export_params": filters.params(),
        },
    )


@require_POST
def export_start(request, course_id):
    """导出Excel: the course and the current filters, built in the background;
    the user is sent to its progress page."""
    course = _course(request, course_id)
    filters = ProgressFilterForm(request.POST, user=request.user).filters()
    export = ReportExport.objects.create(
        requested_by=request.user, params=export_params(course, filters)
    )
    course_progress_export_build.enqueue(export.pk)
    return redirect("course_teaching:export", export_id=export.pk)


def _own_export(request, export_id):
    return get_object_or_404(
        ReportExport, pk=export_id, requested_by=request.user, params__kind=EXPORT_KIND
    )


def _state(export):
    return export_state(export, "course_teaching:export_download")


@require_GET
def export_progress(request, export_id):
    export = _own_export(request, export_id)
    course, form = export_scope(export)
    filters = form.filters()
    back_url = reverse("course_teaching:progress", args=[course.pk])
    if filters.params():
        back_url += "?" + urlencode(filters.params())
    return TemplateResponse(
        request,
        "courses/teaching/export.html",
        {
            "course": course,
            "export": export,
            "state": _state(export),
            "description": filters_description(course, filters, form.township_names),
            "back_url": back_url,
            "poll_ms": PROGRESS_POLL_MS,
        },
    )


@require_GET
def export_status(request, export_id):
    return JsonResponse(_state(_own_export(request, export_id)))


@require_GET
def export_download(request, export_id):
    """The file, to the user who asked for it, while they may still see the
    course's progress; 404 for anyone else."""
    export = _own_export(request, export_id)
    course, _form = export_scope(export)
    if not _state(export)["download_url"]:  # not built yet, or expired
        raise Http404
    return serve_private(
        request,
        export.file,
        filename=export_filename(export, course),
        content_type=XLSX_TYPE,
    )

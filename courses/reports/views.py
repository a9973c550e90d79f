"""督导看板: the Banner (rows: townships), a township (rows: villages) and a
village (rows: cadres), with the filters, a chart, those behind, and the
Excel export with its progress page and download.

Every view checks on the server: administrators and supervisors only (403
for cadres and trainers, login for anonymous users); a township or village
outside the user's scope is a 404, whatever the URL or the export's
parameters.
"""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lms.access import access_required, may_see_reports, sees_whole_banner
from lms.imports.views import XLSX_TYPE
from lms.private_files.services import export_expired, serve_private

from ..models import ReportExport, StudyHourTargets
from .exports import export_filename, export_params, export_scope
from .forms import ReportFilterForm, filter_params
from .scope import BANNER, TOWNSHIP, filters_description, report_place
from .selectors import BEHIND_PAGE_SIZE, behind_cadres, behind_with_missing, report
from .tasks import report_export_build

PROGRESS_POLL_MS = 1500


def _child_url(data, row, filter_query):
    if data.level == BANNER:
        return f"?{urlencode({'township': row.key})}&{filter_query}"
    if data.level == TOWNSHIP:
        return f"?{urlencode({'village': row.key})}&{filter_query}"
    return reverse("courses:cadre_archive", kwargs={"cadre_id": row.key})


@access_required(may_see_reports)
@require_GET
def dashboard(request):
    user = request.user
    form = ReportFilterForm(request.GET, now=timezone.now())
    filters = form.filters()
    filter_query = urlencode(filter_params(filters))
    township_id, village_id = request.GET.get("township"), request.GET.get("village")
    if not (township_id or village_id) and not sees_whole_banner(user):
        # A township supervisor's dashboard is their township.
        query = urlencode({"township": user.supervised_township_id})
        return redirect(f"{request.path}?{query}&{filter_query}")
    place = report_place(user, township_id=township_id, village_id=village_id)
    targets = StudyHourTargets.load(request_or_site=request)
    data = report(user, filters, place, targets)
    for row in data.rows:
        row.url = _child_url(data, row, filter_query)
        row.bar = row.completion_rate or 0
    chart_rows = sorted(
        data.rows,
        key=lambda row: (row.completion_rate is None, -(row.completion_rate or 0)),
    )

    paginator = Paginator(
        behind_cadres(user, filters, place, targets), BEHIND_PAGE_SIZE
    )
    paginator.count = data.total.behind  # the same figure, one query fewer
    behind_page = paginator.get_page(request.GET.get("page"))
    behind_page.object_list = behind_with_missing(
        behind_page.object_list, filters, targets
    )
    place_query = urlencode(export_params(filters, place))
    return render(
        request,
        "courses/reports/dashboard.html",
        {
            "form": form,
            "filters": filters,
            "place": place,
            "report": data,
            "chart_rows": chart_rows,
            "targets": targets,
            "description": filters_description(filters, place),
            "sees_whole_banner": sees_whole_banner(user),
            "filter_query": filter_query,
            "export_params": export_params(filters, place),
            "page_obj": behind_page,
            "page_query": f"{place_query}&",
        },
    )


@access_required(may_see_reports)
@require_POST
def export_start(request):
    """导出Excel: the current filters and place, checked like the page, then
    built in the background; the user is sent to its progress page."""
    user = request.user
    filters = ReportFilterForm(request.POST, now=timezone.now()).filters()
    place = report_place(
        user,
        township_id=request.POST.get("township"),
        village_id=request.POST.get("village"),
    )
    export = ReportExport.objects.create(
        requested_by=user, params=export_params(filters, place)
    )
    report_export_build.enqueue(export.pk)
    return redirect("courses:reports:export", export_id=export.pk)


def _own_export(request, export_id):
    """The user's dashboard export (others, e.g. a course's 学习进度, have a
    "kind" in their params and their own pages)."""
    return get_object_or_404(
        ReportExport, pk=export_id, requested_by=request.user, params__kind__isnull=True
    )


def export_state(export, download_url_name="courses:reports:export_download"):
    """What the progress page and its JSON status show of an export; its file
    is deleted after 7 days (lms.private_files), and the page says 已过期."""
    expired = export.status == ReportExport.Status.DONE and (
        export_expired(export) or not export.file
    )
    done = export.status == ReportExport.Status.DONE and not expired
    return {
        "status": export.status,
        "status_label": _("已过期") if expired else export.get_status_display(),
        "percent": export.percent,
        "rows_done": export.rows_done,
        "rows_total": export.rows_total,
        "error": _("文件已过期（保留 7 天），请重新导出。")
        if expired
        else export.error,
        "expired": expired,
        "download_url": reverse(download_url_name, args=[export.pk]) if done else "",
    }


@access_required(may_see_reports)
@require_GET
def export_progress(request, export_id):
    export = _own_export(request, export_id)
    filters, place = export_scope(export)
    return render(
        request,
        "courses/reports/export.html",
        {
            "export": export,
            "state": export_state(export),
            "description": filters_description(filters, place),
            "back_url": "{}?{}".format(
                reverse("courses:reports:dashboard"),
                urlencode(export_params(filters, place)),
            ),
            "poll_ms": PROGRESS_POLL_MS,
        },
    )


@access_required(may_see_reports)
@require_GET
def export_status(request, export_id):
    return JsonResponse(export_state(_own_export(request, export_id)))


@access_required(may_see_reports)
@require_GET
def export_download(request, export_id):
    """The file, to the user who asked for it, while its place is still in
    their scope; 404 for anyone else."""
    export = _own_export(request, export_id)
    export_scope(export)  # Http404 once out of scope
    if export_state(export)["download_url"] == "":  # not built yet, or expired
        raise Http404
    return serve_private(
        request, export.file, filename=export_filename(export), content_type=XLSX_TYPE
    )

"""The dashboard's Excel export as a background task (Django's tasks API;
immediate in development and tests, the database worker in production)."""

import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from ..models import ReportExport
from .exports import report_export_write

logger = logging.getLogger(__name__)


@task()
def report_export_build(export_id):
    """Build a pending ReportExport of the dashboard (see export_run)."""
    return export_run(export_id, report_export_write)


def export_run(export_id, write):
    """Build a pending ReportExport with write(export), which fills it in and
    saves it; on failure it is marked FAILED with a message the progress page
    shows. Returns the number of rows written. Shared by every export that
    reports its progress through ReportExport (the dashboard, a course's
    学习进度)."""
    export = (
        ReportExport.objects.select_related("requested_by")
        .filter(pk=export_id, status=ReportExport.Status.PENDING)
        .first()
    )
    if export is None:
        return 0
    try:
        return write(export)
    except (Http404, PermissionDenied):
        error = _("您已无权导出该范围的数据。")
    except Exception:
        logger.exception("report export %s failed", export_id)
        error = _("生成文件时出错，请稍后重试。")
    ReportExport.objects.filter(pk=export_id).update(
        status=ReportExport.Status.FAILED, error=error, finished_at=timezone.now()
    )
    return 0

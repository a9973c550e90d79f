"""Excel exports of the dashboard: the level's rows, then those behind with
their missing items (mobile numbers masked, no ID numbers), built in the
background by courses.reports.tasks and saved through the default storage.

The export keeps the filters and the place (township, village) it was asked
for; it is built with the requesting user's scope as it is when it runs, and
served only to that user while the place is still in their scope.
"""

import io

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from lms.access import deny_unless, may_see_reports
from lms.spreadsheets import safe_row

from ..models import ReportExport, StudyHourTargets
from .forms import ReportFilterForm, filter_params
from .scope import BANNER, TOWNSHIP, VILLAGE, filters_description, report_place
from .selectors import behind_cadres, behind_with_missing, report

CHUNK_ROWS = 500
NONE_SHOWN = "—"


def export_params(filters, place):
    params = filter_params(filters)
    if place.village is not None:
        params["village"] = place.village.pk
    elif place.township is not None:
        params["township"] = place.township.pk
    return params


def export_scope(export, *, now=None):
    """(filters, place) of an export for its requester now; Http404 when the
    place is no longer in their scope, PermissionDenied when they may no
    longer see reports."""
    user = export.requested_by
    deny_unless(may_see_reports(user))
    params = export.params
    filters = ReportFilterForm(params, now=now or timezone.now()).filters()
    place = report_place(
        user, township_id=params.get("township"), village_id=params.get("village")
    )
    return filters, place


def export_filename(export):
    return _("督导看板-%(year)s-%(id)d.xlsx") % {
        "year": export.params.get("year", ""),
        "id": export.pk,
    }


def _value(value):
    return NONE_SHOWN if value is None else value


def level_header(level):
    if level == VILLAGE:
        return [
            _("姓名"),
            _("职务"),
            _("手机号"),
            _("必修课程（门）"),
            _("已结业（门）"),
            _("必修完成率（%）"),
            _("网络学时"),
            _("集中学时"),
            _("是否达标"),
            _("缺项"),
        ]
    first = [_("苏木乡镇")] if level == BANNER else [_("嘎查村"), _("村分类")]
    return first + [
        _("学员数"),
        _("必修课程（门次）"),
        _("已结业（门次）"),
        _("必修完成率（%）"),
        _("人均网络学时"),
        _("人均集中学时"),
        _("未达标人数"),
        _("未达标占比（%）"),
    ]


def level_cells(level, row):
    """The cells of one row (or of the total), the figures the screen shows."""
    rate = _value(row.completion_rate)
    if level == VILLAGE:
        if row.obj is None:  # the total: averages and the number behind
            first = [row.label, "", ""]
            hours = [_value(row.avg_online_hours), _value(row.avg_centralised_hours)]
            status = _("未达标 %(n)d 人") % {"n": row.behind}
        else:
            cadre = row.obj
            first = [row.label, cadre.get_position_display(), cadre.masked_mobile]
            hours = [row.online_hours, row.centralised_hours]
            status = _("未达标") if row.behind else _("达标")
        return first + [
            row.required_courses,
            row.required_completed,
            rate,
            *hours,
            status,
            "；".join(row.missing),
        ]
    first = [row.label]
    if level == TOWNSHIP:
        first.append(row.obj.get_village_class_display() if row.obj else "")
    return first + [
        row.cadres,
        row.required_courses,
        row.required_completed,
        rate,
        _value(row.avg_online_hours),
        _value(row.avg_centralised_hours),
        row.behind,
        _value(row.behind_share),
    ]


BEHIND_HEADER = (
    gettext_lazy("苏木乡镇"),
    gettext_lazy("嘎查村"),
    gettext_lazy("姓名"),
    gettext_lazy("职务"),
    gettext_lazy("手机号"),
    gettext_lazy("缺项"),
)


def behind_cells(cadre):
    village = cadre.village
    return [
        village.township.name,
        village.name,
        cadre.name,
        cadre.get_position_display(),
        cadre.masked_mobile,
        "；".join(cadre.missing),
    ]


def export_progress(export, rows_done):
    ReportExport.objects.filter(pk=export.pk).update(rows_done=rows_done)


def export_finish(export, workbook, *, name, total, done):
    """Save the built workbook as export's file and mark it done."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    export.file.save(name, ContentFile(buffer.getvalue()), save=False)
    export.status = ReportExport.Status.DONE
    export.rows_total = total
    export.rows_done = done
    export.finished_at = timezone.now()
    export.save(
        update_fields=["file", "status", "rows_total", "rows_done", "finished_at"]
    )
    return done


def report_export_write(export, *, now=None):
    """Build export's workbook, updating rows_done as it goes, and save it."""
    filters, place = export_scope(export, now=now)
    user = export.requested_by
    targets = StudyHourTargets.load()
    data = report(user, filters, place, targets)
    behind = behind_cadres(user, filters, place, targets)
    total = len(data.rows) + data.total.behind
    ReportExport.objects.filter(pk=export.pk).update(
        status=ReportExport.Status.RUNNING, rows_total=total, rows_done=0
    )

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("统计"))
    sheet.append(safe_row([filters_description(filters, place)]))
    sheet.append(safe_row(level_header(data.level)))
    for row in data.rows:
        sheet.append(safe_row(level_cells(data.level, row)))
    sheet.append(safe_row(level_cells(data.level, data.total)))
    done = len(data.rows)
    export_progress(export, done)

    behind_sheet = workbook.create_sheet(_("未达标学员"))
    behind_sheet.append(safe_row(BEHIND_HEADER))
    for start in range(0, data.total.behind, CHUNK_ROWS):
        chunk = behind_with_missing(
            behind[start : start + CHUNK_ROWS], filters, targets
        )
        for cadre in chunk:
            behind_sheet.append(safe_row(behind_cells(cadre)))
        done += len(chunk)
        export_progress(export, done)

    name = f"report-{export.pk}.xlsx"
    return export_finish(export, workbook, name=name, total=total, done=done)

"""A course's 学习进度 as an Excel file: the rows the page shows under the same
filters (every page of them), mobile numbers masked, no ID numbers. Built in
the background by courses.teaching.tasks through the dashboard's export
machinery (ReportExport, courses.reports.tasks.export_run), so the progress
page, its status and the download work the same way.

The export keeps the course and the filters; it is built with the requesting
user's scope as it is when it runs, and served only to that user while they
may still see the course's progress.
"""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from lms.access import may_see_course_progress
from lms.spreadsheets import safe_row

from ..models import CoursePage, ReportExport
from ..reports.exports import export_finish, export_progress
from .forms import ProgressFilterForm
from .progress_selectors import (
    course_columns,
    filters_description,
    progress_enrolments,
    progress_rows,
)

EXPORT_KIND = "course_progress"
CHUNK_ROWS = 500


def export_params(course, filters):
    return {"kind": EXPORT_KIND, "course": course.pk, **filters.params()}


def export_scope(export):
    """(course, filter form) of an export for its requester now; Http404 when
    they may no longer see the course's progress."""
    params = export.params
    if params.get("kind") != EXPORT_KIND:
        raise Http404
    course = CoursePage.objects.filter(pk=params.get("course")).first()
    user = export.requested_by
    if course is None or not may_see_course_progress(user, course):
        raise Http404
    return course, ProgressFilterForm(params, user=user)


def export_filename(export, course):
    return _("学习进度-%(title)s-%(id)d.xlsx") % {
        "title": course.title,
        "id": export.pk,
    }


def header(columns):
    return [
        _("姓名"),
        _("手机号"),
        _("苏木乡镇"),
        _("嘎查村"),
        _("村分类"),
        _("职务"),
        _("学习状态"),
        _("出勤场次"),
        *[part.title for part in columns.parts],
    ]


def person_cells(cadre):
    village = cadre.village
    return [
        cadre.name,
        cadre.masked_mobile,
        village.township.name,
        village.name,
        village.get_village_class_display(),
        cadre.get_position_display(),
    ]


def row_cells(row):
    """The cells of one row, the texts the screen shows."""
    return [
        *person_cells(row.cadre),
        str(row.state_label),
        row.sessions_text,
        *[cell.text for cell in row.cells],
    ]


def course_progress_export_write(export):
    """Build export's workbook, updating rows_done as it goes, and save it."""
    course, form = export_scope(export)
    filters = form.filters()
    user = export.requested_by
    columns = course_columns(course, now=timezone.now())
    enrolments = progress_enrolments(user, course, columns, filters)
    total = enrolments.count()
    ReportExport.objects.filter(pk=export.pk).update(
        status=ReportExport.Status.RUNNING, rows_total=total, rows_done=0
    )

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("学习进度"))
    sheet.append(safe_row([filters_description(course, filters, form.township_names)]))
    sheet.append(safe_row(header(columns)))
    done = 0
    for start in range(0, total, CHUNK_ROWS):
        for row in progress_rows(enrolments[start : start + CHUNK_ROWS], columns):
            sheet.append(safe_row(row_cells(row)))
            done += 1
        export_progress(export, done)

    name = f"course-progress-{export.pk}.xlsx"
    return export_finish(export, workbook, name=name, total=total, done=done)

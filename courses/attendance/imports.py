"""纸质签到表导入: the marks of a session taken on paper, from .xlsx or .csv.

Columns: 姓名 and 考勤状态 (出勤, 迟到, 请假, 缺勤), with 手机号 or 嘎查村 to tell
namesakes apart, and 备注. The columns of the printed sign-in sheet (序号,
苏木乡镇, 职务, 签名) may stay in the file and are ignored. The file is read by
lms.imports' reader (rows numbered as in Excel, errors by row and column) and
checked against the session's roster; ``attendance_import()`` plans again
inside one transaction and sets each mark with ``mark_set``, all or nothing.
The uploaded file waits for confirmation as lms.imports' PendingImport
(courses.attendance.views.imports).
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lms.imports import (
    ImportInvalid,
    ImportPlan,
    RowError,
    TableFormat,
    read_rows,
    typed_text,
)

from ..models import AttendanceMark, AttendanceState, TrainingSession
from .roster import session_roster
from .services import mark_set

NAME = "姓名"
MOBILE = "手机号"
VILLAGE = "嘎查村"
STATE = "考勤状态"
NOTE = "备注"
COLUMNS = (NAME, MOBILE, VILLAGE, STATE, NOTE)
REQUIRED_COLUMNS = (NAME, STATE)
IGNORED_COLUMNS = frozenset({"序号", "苏木乡镇", "职务", "签名", "签到时间"})
HEADER_ALIASES = {
    "手机号码": MOBILE,
    "手机": MOBILE,
    "联系电话": MOBILE,
    "村": VILLAGE,
    "村名": VILLAGE,
    "状态": STATE,
    "考勤": STATE,
    "出勤情况": STATE,
    "考勤情况": STATE,
    "说明": NOTE,
}
# What people write in the state column.
STATE_WORDS = {
    "出勤": AttendanceState.PRESENT,
    "到": AttendanceState.PRESENT,
    "已到": AttendanceState.PRESENT,
    "签到": AttendanceState.PRESENT,
    "√": AttendanceState.PRESENT,
    "迟到": AttendanceState.LATE,
    "请假": AttendanceState.EXCUSED,
    "假": AttendanceState.EXCUSED,
    "缺勤": AttendanceState.ABSENT,
    "未到": AttendanceState.ABSENT,
    "缺席": AttendanceState.ABSENT,
    "旷课": AttendanceState.ABSENT,
    "×": AttendanceState.ABSENT,
}
NOTE_MAX_LENGTH = 200
IMPORT_REASON = "纸质签到表导入"
MARKS_FORMAT = TableFormat(
    columns=COLUMNS,
    required=REQUIRED_COLUMNS,
    aliases=HEADER_ALIASES,
    ignored=IGNORED_COLUMNS,
    too_many_rows=gettext_lazy("行数过多：一个文件最多 %(max)d 行"),
)


@dataclass
class MarkRow:
    row: int
    name: str = ""
    mobile: str = ""
    village: str = ""
    state: str = ""
    note: str = ""

    @property
    def state_label(self):
        return AttendanceState(self.state).label if self.state else ""


@dataclass
class MarkChange:
    row: MarkRow
    cadre: object
    old_state: str | None  # None: no mark yet

    @property
    def old_label(self):
        if self.old_state is None:
            return _("未签到")
        return AttendanceState(self.old_state).label


@dataclass
class AttendancePlan(ImportPlan):
    """rows: MarkRows; updates: MarkChanges (a mark to set); unchanged: rows
    whose cadre already has that state and note."""

    def summary(self, *, max_errors=1000):
        return {**super().summary(max_errors=max_errors), "marks": len(self.updates)}


class AttendanceImportInvalid(ImportInvalid):
    message = gettext_lazy("文件有 %(count)d 处错误，未导入任何考勤")


def _state(text):
    text = re.sub(r"\s", "", text)
    return STATE_WORDS.get(text)


def clean_row(number, cells):
    row = MarkRow(row=number)
    errors = []

    def error(column, message):
        errors.append(RowError(number, column, message))

    row.name = re.sub(r"\s", "", typed_text(cells.get(NAME)))
    if not row.name:
        error(NAME, _("姓名未填写"))
    row.mobile = re.sub(r"[\s-]", "", typed_text(cells.get(MOBILE)))
    if row.mobile and not re.fullmatch(r"1\d{10}", row.mobile):
        error(MOBILE, _("手机号应为 11 位数字"))
    row.village = typed_text(cells.get(VILLAGE))
    typed_state = typed_text(cells.get(STATE))
    if not typed_state:
        error(STATE, _("考勤状态未填写"))
    else:
        row.state = _state(typed_state) or ""
        if not row.state:
            error(
                STATE,
                _("无法识别的考勤状态“%(value)s”，应为出勤、迟到、请假或缺勤")
                % {"value": typed_state[:20]},
            )
    row.note = typed_text(cells.get(NOTE))
    if len(row.note) > NOTE_MAX_LENGTH:
        error(NOTE, _("备注过长（最多 %(max)d 字）") % {"max": NOTE_MAX_LENGTH})
    return row, errors


def _read(data, filename):
    """The file's rows, read and cleaned (no database)."""
    plan = AttendancePlan(filename=filename)
    rows, errors = read_rows(data, filename, MARKS_FORMAT, clean_row)
    plan.rows, plan.errors = rows, list(errors)
    if not rows and not errors:
        plan.error(None, "", _("文件中没有考勤记录"))
    return plan


def plan_marks(*, session, data, filename):
    """What importing the file into session's register would do, or why not."""
    return _match(session, _read(data, filename))


def _match(session, plan):
    """The plan's rows matched to the session's roster only: a name (or a
    mobile number) not on it is an error row, never a guess elsewhere."""
    rows = plan.rows
    if plan.errors and not rows:
        return plan

    by_name = {}
    for cadre in session_roster(session).select_related("village"):
        by_name.setdefault(cadre.name, []).append(cadre)
    marks = dict(
        AttendanceMark.objects.filter(session=session).values_list("cadre_id", "state")
    )
    notes = dict(
        AttendanceMark.objects.filter(session=session).values_list("cadre_id", "note")
    )
    seen = {}
    for row in rows:
        if not row.name:
            continue
        candidates = by_name.get(row.name, [])
        if not candidates:
            plan.error(row.row, NAME, _("不在本场培训名单中"))
            continue
        if row.mobile:
            candidates = [c for c in candidates if c.mobile == row.mobile]
            if not candidates:
                plan.error(
                    row.row,
                    MOBILE,
                    _("手机号不在本场培训名单中（与名单中该姓名的学员不符）"),
                )
                continue
        if row.village:
            candidates = [c for c in candidates if c.village.name == row.village]
            if not candidates:
                plan.error(row.row, VILLAGE, _("嘎查村与名单中该姓名的学员不符"))
                continue
        if len(candidates) > 1:
            plan.error(
                row.row,
                NAME,
                _("名单中有 %(count)d 名同名学员，请填写手机号或嘎查村以区分")
                % {"count": len(candidates)},
            )
            continue
        cadre = candidates[0]
        if cadre.pk in seen:
            plan.error(
                row.row,
                NAME,
                _("与第 %(row)d 行是同一名学员") % {"row": seen[cadre.pk]},
            )
            continue
        seen[cadre.pk] = row.row
        if not row.state:
            continue
        old = marks.get(cadre.pk)
        if old == row.state and (not row.note or row.note == notes.get(cadre.pk)):
            plan.unchanged += 1
        else:
            plan.updates.append(MarkChange(row=row, cadre=cadre, old_state=old))
    return plan


def attendance_import(*, session, data, filename, by, now):
    """Set the marks of the file, all or nothing; returns the plan. Raises
    AttendanceImportInvalid when the file has errors (nothing is written).
    The file is read before the transaction; inside it the session row is
    locked and the rows matched against the roster again."""
    plan = _read(data, filename)
    with transaction.atomic():
        TrainingSession.objects.select_for_update().filter(pk=session.pk).first()
        plan = _match(session, plan)
        if not plan.ok:
            raise AttendanceImportInvalid(plan)
        for change in plan.updates:
            try:
                mark = mark_set(
                    session=session,
                    cadre=change.cadre,
                    state=change.row.state,
                    by=by,
                    now=now,
                    note=change.row.note,
                    reason=IMPORT_REASON,
                )
            except ValidationError as error:
                plan.error(change.row.row, NAME, "；".join(error.messages))
                raise AttendanceImportInvalid(plan) from error
            # Where the mark came from (no history row of its own: the change
            # is recorded above with its reason).
            AttendanceMark.objects.filter(pk=mark.pk).update(
                source=AttendanceMark.Source.IMPORT
            )
    return plan

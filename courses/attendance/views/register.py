"""The trainer's attendance register (考勤), sign-in sheet and paper import.

For a session's trainer, the course's trainers and administrators (others get
a 403, a logged-out user the login page):

- 考勤登记 (register): the roster with each cadre's state and check-in time,
  refreshed by register.js from register_state every REFRESH_SECONDS; 全部标为
  出勤, a change of one cadre's state with a note (and, after closing, a
  reason), 结束考勤, and the latest changes (all of them on register_history).
- 签到表 (sheet): the roster on A4 paper, with an empty 签名 column.
- 纸质签到表导入 is in courses.attendance.views.imports; the reads (roster
  rows, counts, change log) in courses.attendance.selectors, the forms in
  courses.attendance.forms.

The page says the session's state (TrainingSession.state_at) and, for an
empty roster, why (services.session_roster_empty_reasons). Every write goes
through courses.attendance.services, which keeps the history.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from ...models import ATTENDED_STATES, AttendanceState
from ..access import run_session
from ..forms import ImportForm, MarkForm
from ..imports import COLUMNS as IMPORT_COLUMNS
from ..roster import session_roster, session_roster_empty_reasons
from ..selectors import (
    roster_rows,
    session_changes,
    state_counts,
    state_label,
    user_name,
)
from ..services import mark_set, marks_all_present, session_close

REFRESH_SECONDS = 10
RECENT_CHANGES = 10
HISTORY_PAGE_SIZE = 100


# --- The register page --------------------------------------------------------------


def render_register(request, session, *, status=200, **context):
    rows = roster_rows(session)
    changes = session_changes(session, manual_only=True)
    context.setdefault("import_form", ImportForm())
    context.update(
        session=session,
        state=session.state_at(timezone.now()),
        empty_reasons=[] if rows else session_roster_empty_reasons(session),
        rows=rows,
        counts=state_counts(rows),
        total=len(rows),
        states=AttendanceState.choices,
        changes=changes[:RECENT_CHANGES],
        more_changes=len(changes) > RECENT_CHANGES,
        refresh_seconds=REFRESH_SECONDS,
        closed_by=user_name(session.closed_by),
        import_columns=IMPORT_COLUMNS,
        projector_url=reverse("courses:projector", args=[session.pk]),
        suspicions=sum(1 for row in rows if row.mark and row.mark.suspicion_open),
        suspicion_choices=[("confirm", _("确认出勤")), ("absent", _("记为缺勤"))],
        attended_states=ATTENDED_STATES,
        approval_by=user_name(session.approval_by),
    )
    return render(request, "courses/register.html", context, status=status)


@never_cache
@login_required
@require_GET
def register(request, session_id):
    """考勤登记."""
    session = run_session(request, session_id)
    return render_register(request, session)


@never_cache
@login_required
@require_GET
def register_state(request, session_id):
    """The register's states and counts as JSON, for register.js."""
    session = run_session(request, session_id)
    rows = roster_rows(session)
    state = session.state_at(timezone.now())
    return JsonResponse(
        {
            "closed": session.closed_at is not None,
            "state": state,
            "state_label": state.label,
            "counts": {state: count for state, _label, count in state_counts(rows)},
            "total": len(rows),
            "rows": {
                str(row.cadre.pk): {
                    "state": row.state,
                    "label": row.state_label,
                    "time": (
                        timezone.localtime(row.checked_in_at).strftime("%H:%M")
                        if row.checked_in_at
                        else ""
                    ),
                }
                for row in rows
            },
        }
    )


@login_required
@require_POST
def register_all_present(request, session_id):
    """全部标为出勤: every cadre without a mark becomes present."""
    session = run_session(request, session_id)
    try:
        count = marks_all_present(session=session, by=request.user, now=timezone.now())
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(
            request, _("已将 %(count)d 名未签到学员标为出勤。") % {"count": count}
        )
    return redirect("courses:register", session_id=session.pk)


@login_required
@require_POST
def register_mark(request, session_id):
    """One cadre's state, note and (after closing) reason. An error goes back
    next to the cadre's row with what was typed."""
    session = run_session(request, session_id)
    form = MarkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择考勤状态。"))
        return redirect("courses:register", session_id=session.pk)
    cadre = session_roster(session).filter(pk=form.cleaned_data["cadre"]).first()
    if cadre is None:
        messages.error(request, _("该学员不在本场培训的应到名单中。"))
        return redirect("courses:register", session_id=session.pk)
    data = form.cleaned_data
    try:
        mark_set(
            session=session,
            cadre=cadre,
            state=data["state"],
            by=request.user,
            now=timezone.now(),
            note=data["note"],
            reason=data["reason"],
        )
    except ValidationError as error:
        return render_register(
            request,
            session,
            status=400,
            row_error={
                "cadre": cadre.pk,
                "messages": error.messages,
                "state": data["state"],
                "note": data["note"],
                "reason": data["reason"],
            },
        )
    messages.success(
        request,
        _("已将 %(name)s 标为%(state)s。")
        % {"name": cadre.name, "state": state_label(data["state"])},
    )
    return redirect(
        reverse("courses:register", args=[session.pk]) + f"#cadre-{cadre.pk}"
    )


@login_required
@require_POST
def register_close(request, session_id):
    """结束考勤: unmarked cadres become absent, hours are credited."""
    session = run_session(request, session_id)
    if session.closed_at is not None:
        messages.warning(request, _("本场培训已结束考勤。"))
    else:
        try:
            absent = session_close(session=session, by=request.user, now=timezone.now())
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
            return redirect("courses:register", session_id=session.pk)
        messages.success(
            request,
            _("已结束考勤，%(count)d 名未签到学员记为缺勤。") % {"count": absent},
        )
        if session.approval == session.Approval.PENDING:
            messages.warning(request, _("本场培训的学时须经管理员确认后才计入。"))
    return redirect("courses:register", session_id=session.pk)


@never_cache
@login_required
@require_GET
def register_history(request, session_id):
    """考勤变更记录: every change of the session's marks."""
    session = run_session(request, session_id)
    page = Paginator(session_changes(session), HISTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "courses/register_history.html",
        {"session": session, "changes": page.object_list, "page_obj": page},
    )


# --- The sign-in sheet ---------------------------------------------------------------


@never_cache
@login_required
@require_GET
def sheet(request, session_id):
    """签到表: the roster to print on A4 and sign."""
    session = run_session(request, session_id)
    cadres = (
        session_roster(session)
        .select_related("village__township")
        .order_by("village__township__sort_order", "village__name", "name", "pk")
    )
    return render(
        request, "courses/signin_sheet.html", {"session": session, "cadres": cadres}
    )

"""Which sessions wait for an administrator before their hours count: a
session dated more than LMS_SESSION_APPROVAL_DAYS before it was entered
(补录), or whose register was closed more than that after it ended. Their
hours show as 待确认 and count toward nothing (the hours target, course
completion) until an administrator approves them; an administrator's own
back-dating or late closing is approved by them at once (recorded). The
decision itself is courses.attendance.services.session_approval_decide."""

import datetime as dt

from django.conf import settings
from django.utils.translation import gettext as _

from lms.access import is_administrator

from ..models import TrainingSession

Approval = TrainingSession.Approval
# A change of one of these re-opens the question of a back-dated session.
APPROVAL_FIELDS = ("course_id", "starts_at", "ends_at", "credit_hours", "roster")
APPROVAL_STATE_FIELDS = ["approval", "approval_cause", "approval_by", "approval_at"]


def approval_days():
    return settings.LMS_SESSION_APPROVAL_DAYS


def _needs(session, cause, *, by, now):
    """Mark session as waiting for approval (or approved by an
    administrator who made it so), with cause added to the causes that
    still wait."""
    if session.approval == Approval.PENDING and session.approval_cause:
        cause = f"{session.approval_cause}；{cause}"
    session.approval_cause = cause[:200]
    if is_administrator(by):
        session.approval = Approval.APPROVED
        session.approval_by, session.approval_at = by, now
    else:
        session.approval = Approval.PENDING
        session.approval_by, session.approval_at = None, None


def approval_on_save(session, *, original, by, now):
    """Set the approval of session (a form's instance, about to be saved) by
    by at now; original: {field: value} of the saved session, None for a new
    one. A session starting more than the approval days before now waits for
    approval when it is new or its times, hours, course or roster changed."""
    changed = original is None or any(
        original[name] != getattr(session, name) for name in APPROVAL_FIELDS
    )
    if not changed or session.starts_at is None:
        return
    days = approval_days()
    if session.starts_at < now - dt.timedelta(days=days):
        session.approval, session.approval_cause = Approval.NOT_NEEDED, ""
        _needs(
            session,
            _("补录：开始时间早于录入时间 %(days)d 天以上") % {"days": days},
            by=by,
            now=now,
        )
    elif session.approval == Approval.PENDING:
        session.approval, session.approval_cause = Approval.NOT_NEEDED, ""


def approval_on_close(session, *, by, now):
    """Closing session at now: closed more than the approval days after its
    end, it waits for approval. Returns the fields changed."""
    days = approval_days()
    if now <= session.ends_at + dt.timedelta(days=days):
        return []
    _needs(
        session,
        _("培训结束 %(days)d 天后才结束考勤") % {"days": days},
        by=by,
        now=now,
    )
    return APPROVAL_STATE_FIELDS

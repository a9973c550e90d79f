"""The demo's session that waits on trust decisions (issue 13): a trainer's
补录 of a session held ten days ago, waiting for an administrator's approval
(待确认培训场次), with one check-in flagged 疑似代签 — a phone that had already
checked in another cadre — for the trainer to decide on the register."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from .attendance.approval import approval_on_save
from .attendance.checkin import checkin
from .attendance.roster import session_roster
from .attendance.services import mark_set
from .models import AttendanceState, TrainingSession

BACKDATED_DAYS = 10
PHONE = "demo-shared-phone"


def seed_trust_cases(*, stdout, now):
    """Repeat-safe: nothing when the demo already has a session waiting."""
    if TrainingSession.objects.filter(
        approval=TrainingSession.Approval.PENDING
    ).exists():
        return
    model = (
        TrainingSession.objects.filter(closed_at__isnull=False)
        .select_related("course", "trainer")
        .order_by("-starts_at")
        .first()
    )
    if model is None:
        return
    day = timezone.localtime(now).date() - dt.timedelta(days=BACKDATED_DAYS)
    starts_at = timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
    session = TrainingSession(
        course=model.course,
        title=_("%(course)s（补录）") % {"course": model.course.title[:70]},
        place=model.place,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=3),
        credit_hours=Decimal("3"),
        trainer=model.trainer,
        roster=TrainingSession.Roster.ENROLLED,
    )
    approval_on_save(session, original=None, by=model.trainer, now=now)
    session._history_user = model.trainer
    session.save()
    cadres = list(session_roster(session).order_by("mobile")[:12])
    if len(cadres) < 3:
        return
    at = starts_at + dt.timedelta(minutes=5)
    for cadre in cadres[:2]:  # the second from the first one's phone
        checkin(session=session, cadre=cadre, now=at, scanned_at=at, device=PHONE)
    for cadre in cadres[2:]:
        mark_set(
            session=session,
            cadre=cadre,
            state=AttendanceState.PRESENT,
            by=model.trainer,
            now=now,
        )
    stdout.write(
        _("信任演示：补录场次“%(title)s”待管理员确认，其中 1 条疑似代签待讲师处理")
        % {"title": session.title}
    )

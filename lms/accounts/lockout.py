"""Login lockout (django-axes, configured in lms.settings.base): the client's
address, the Chinese refusal with the time left, the log of each lockout, and
the current lockouts that administrators see and lift.

Axes keeps one AccessAttempt per username, address and browser, with the
failures counted since its first one and the time of its last. A username (or
an address) is locked while its records from the last AXES_COOLOFF_TIME add up
to AXES_FAILURE_LIMIT failures; attempts made while locked are not recorded,
so the lockout ends a cool-off after the failure that completed the count.
"""

import logging
import math
from dataclasses import dataclass

from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

security_log = logging.getLogger("lms.security")

ACCOUNT, ADDRESS = "username", "ip_address"
KINDS = (ACCOUNT, ADDRESS)


def client_ip(request):
    """The client's address: REMOTE_ADDR, or behind LMS_PROXY_COUNT proxies
    that append to X-Forwarded-For, the entry the outermost one added (what
    the client sent itself stands to the left of it and is ignored)."""
    count = settings.LMS_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR")


# --- how long a lockout lasts -----------------------------------------------


def _window_start(now):
    return now - settings.AXES_COOLOFF_TIME


def _until(records):
    """When a group's lockout ends: records are (attempt_time, failures) of one
    username or address within the window; None when they do not lock it."""
    total = 0
    for attempt_time, failures in sorted(records, reverse=True):
        total += failures
        if total >= settings.AXES_FAILURE_LIMIT:
            return attempt_time + settings.AXES_COOLOFF_TIME
    return None


def locked_until(kind, value, now=None):
    """When the lockout of this username or address ends, or None."""
    if not value:
        return None
    now = now or timezone.now()
    records = AccessAttempt.objects.filter(
        **{kind: value}, attempt_time__gte=_window_start(now)
    ).values_list("attempt_time", "failures_since_start")
    return _until(list(records))


def minutes_left(until, now=None):
    seconds = (until - (now or timezone.now())).total_seconds()
    return max(1, math.ceil(seconds / 60))


def lockout_message(username, ip_address):
    """The refusal shown on the login page, with the minutes left."""
    now = timezone.now()
    account = locked_until(ACCOUNT, username, now)
    address = locked_until(ADDRESS, ip_address, now)
    if account is None and address is None:  # the count just completed
        account = now + settings.AXES_COOLOFF_TIME
    params = {"minutes": minutes_left(max(filter(None, (account, address))), now)}
    if account is not None:
        return (
            _(
                "登录失败次数过多，该账号已被锁定，请 %(minutes)d 分钟后再试。"
                "如需立即解除，请联系培训管理员。"
            )
            % params
        )
    return (
        _(
            "本设备所在网络登录失败次数过多，已被暂时锁定，请 %(minutes)d 分钟后再试。"
            "如需立即解除，请联系培训管理员。"
        )
        % params
    )


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the login page as the view rendered it (its form
    already says why, see lms.accounts.forms) with HTTP 429; anything else
    (a request that is not a login form's) gets the message as text."""
    if (
        original_response is not None
        and original_response.status_code == 200
        and original_response.get("Content-Type", "").startswith("text/html")
    ):
        original_response.status_code = 429
        return original_response
    username = (credentials or {}).get("username")
    message = lockout_message(username, getattr(request, "axes_ip_address", None))
    return HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")


@receiver(user_locked_out)
def log_lockout(sender, request, username, ip_address, **kwargs):
    """Each lockout in the security log. Axes sends the signal when a failure
    completes the count (it has then counted the failures) and again for each
    attempt refused while locked."""
    path = getattr(request, "path", "")
    failures = getattr(request, "axes_failures_since_start", None)
    if failures is not None:
        security_log.warning(
            "login lockout: username=%s address=%s path=%s failures=%s",
            username,
            ip_address,
            path,
            failures,
        )
    else:
        security_log.info(
            "login refused while locked out: username=%s address=%s path=%s",
            username,
            ip_address,
            path,
        )


# --- the administrators' list -------------------------------------------------


@dataclass(frozen=True)
class Lockout:
    kind: str  # ACCOUNT or ADDRESS
    value: str
    failures: int
    last_failure: object
    until: object

    @property
    def kind_label(self):
        return _("账号") if self.kind == ACCOUNT else _("网络地址")


def current_lockouts(now=None):
    """Every username and address locked now, the latest first."""
    now = now or timezone.now()
    rows = AccessAttempt.objects.filter(
        attempt_time__gte=_window_start(now)
    ).values_list("username", "ip_address", "attempt_time", "failures_since_start")
    lockouts = []
    for index, kind in enumerate(KINDS):
        groups = {}
        for row in rows:
            if row[index]:
                groups.setdefault(row[index], []).append((row[2], row[3]))
        for value, records in groups.items():
            until = _until(records)
            if until is not None and until > now:
                lockouts.append(
                    Lockout(
                        kind=kind,
                        value=value,
                        failures=sum(f for _t, f in records),
                        last_failure=max(t for t, _f in records),
                        until=until,
                    )
                )
    return sorted(lockouts, key=lambda lockout: lockout.last_failure, reverse=True)


def lockout_lift(*, kind, value, by):
    """Forget the failures of this username or address (it may log in again at
    once); returns how many of axes' records were deleted."""
    if kind not in KINDS:
        raise ValueError(kind)
    deleted, _details = AccessAttempt.objects.filter(**{kind: value}).delete()
    security_log.warning(
        "login lockout lifted: %s=%s by=%s records=%d",
        kind,
        value,
        by.get_username(),
        deleted,
    )
    return deleted

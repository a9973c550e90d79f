"""Staff sessions that end when idle, and administrators' second factor before
any page. Both come after Django's AuthenticationMiddleware and django-otp's
OTPMiddleware (lms.settings.base)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from ..access import logs_out_when_idle

# Imported here so that its signal receiver (the lockout log) is connected
# before the first request is handled.
from . import lockout  # noqa: F401
from .otp import confirmed_device, second_factor_required

LAST_ACTIVITY = "lms_last_activity"
# The session is written at most this often for the timestamp's sake.
ACTIVITY_RESOLUTION = 60


def _login_url(request):
    if request.path.startswith(reverse("wagtailadmin_home")):
        return reverse("wagtailadmin_login")
    return settings.LOGIN_URL


class StaffIdleTimeoutMiddleware:
    """Administrators and supervisors (lms.access.logs_out_when_idle) are logged
    out after settings.LMS_STAFF_IDLE_SECONDS without a request: they see
    whole or masked personal data of many cadres, on shared office computers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if logs_out_when_idle(request.user):
            now = int(timezone.now().timestamp())
            last = request.session.get(LAST_ACTIVITY)
            if last is not None and now - last > settings.LMS_STAFF_IDLE_SECONDS:
                logout(request)
                messages.warning(
                    request,
                    _(
                        "您已超过 %(minutes)d 分钟未操作，为保护学员个人信息，"
                        "系统已自动退出登录，请重新登录。"
                    )
                    % {"minutes": settings.LMS_STAFF_IDLE_SECONDS // 60},
                )
                return redirect_to_login(request.get_full_path(), _login_url(request))
            if last is None or now - last >= ACTIVITY_RESOLUTION:
                request.session[LAST_ACTIVITY] = now
        return self.get_response(request)


# Pages an administrator reaches before the second factor: logging in and out,
# the second factor's own pages, and 账号安全's password change, where
# lms.passwords sends a password someone else set from every other page.
SECOND_FACTOR_EXEMPT = frozenset(
    {
        "login",
        "logout",
        "wagtailadmin_login",
        "wagtailadmin_logout",
        "accounts:otp_verify",
        "accounts:otp_setup",
        "passwords:change",
    }
)


class AdminSecondFactorMiddleware:
    """With settings.LMS_ADMIN_OTP_REQUIRED, an administrator whose session has
    not passed the second factor reaches no other page: the code page, or the
    setup page when they have no device yet."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not second_factor_required(request.user):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in SECOND_FACTOR_EXEMPT:
            return None
        if confirmed_device(request.user) is None:
            target = reverse("accounts:otp_setup")
        else:
            target = reverse("accounts:otp_verify")
        return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")

"""The second factor's pages (/accounts/otp/…) and the admin's 登录锁定 list
(/admin/lockouts/, administrators only: lms.access.may_manage_lockouts)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from ..access import access_required, is_administrator, may_manage_lockouts
from .forms import TokenForm
from .lockout import KINDS, current_lockouts, lockout_lift
from .otp import (
    confirmed_device,
    qr_svg,
    refusal,
    secret_text,
    setup_device,
    throttle_seconds,
    token_accept,
)

WRONG_CODE = gettext_lazy("验证码不正确或已过期，请输入身份验证器上当前显示的6位数字。")
TOO_FAST = gettext_lazy("验证码错误次数较多，请 %(seconds)d 秒后再试。")


def _next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("wagtailadmin_home")


def _token_page(request, template, device, *, confirm, context):
    form = TokenForm(request.POST or None)
    status = 200
    locked = refusal(request) if request.method == "POST" else None
    if locked:
        form.is_valid()
        form.add_error(None, locked)
        status = 429
    elif form.is_valid():
        wait = throttle_seconds(device)
        if wait:
            form.add_error("token", TOO_FAST % {"seconds": wait})
        elif token_accept(request, device, form.cleaned_data["token"], confirm=confirm):
            return redirect(_next_url(request))
        elif getattr(request, "axes_locked_out", False):
            form.add_error(None, refusal(request) or "")
        else:
            form.add_error("token", WRONG_CODE)
    return TemplateResponse(
        request,
        template,
        {"form": form, "next": _next_url(request), **context},
        status=status,
    )


@access_required(is_administrator)
@require_http_methods(["GET", "POST"])
def otp_verify(request):
    """After the password: the code from the administrator's authenticator."""
    if request.user.is_verified():
        return redirect(_next_url(request))
    device = confirmed_device(request.user)
    if device is None:
        return redirect(f"{reverse('accounts:otp_setup')}?{request.GET.urlencode()}")
    return _token_page(
        request, "accounts/otp_verify.html", device, confirm=False, context={}
    )


@access_required(is_administrator)
@require_http_methods(["GET", "POST"])
def otp_setup(request):
    """An administrator without a device adds one: QR code, secret, a code."""
    if confirmed_device(request.user) is not None:
        return redirect(f"{reverse('accounts:otp_verify')}?{request.GET.urlencode()}")
    device = setup_device(request.user)
    return _token_page(
        request,
        "accounts/otp_setup.html",
        device,
        confirm=True,
        context={"qr_svg": qr_svg(device), "secret": secret_text(device)},
    )


# --- 登录锁定 in the admin ------------------------------------------------------


@access_required(may_manage_lockouts, _("只有管理员可以查看和解除登录锁定。"))
def lockout_index(request):
    return TemplateResponse(
        request, "accounts/lockouts.html", {"lockouts": current_lockouts()}
    )


@access_required(may_manage_lockouts, _("只有管理员可以查看和解除登录锁定。"))
@require_http_methods(["GET", "POST"])
def lockout_lift_view(request):
    """GET: the confirmation; POST: lift it (kind and value in the query)."""
    kind, value = request.GET.get("kind"), request.GET.get("value")
    lockout = next(
        (lo for lo in current_lockouts() if (lo.kind, lo.value) == (kind, value)),
        None,
    )
    if kind not in KINDS or lockout is None:
        raise Http404
    if request.method == "POST":
        lockout_lift(kind=kind, value=value, by=request.user)
        messages.success(
            request,
            _("已解除“%(value)s”的登录锁定。") % {"value": value},
        )
        return redirect("accounts_lockouts:index")
    return TemplateResponse(request, "accounts/lockout_lift.html", {"lockout": lockout})

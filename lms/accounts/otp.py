"""Administrators' second factor: a TOTP device (django-otp) per administrator,
required when settings.LMS_ADMIN_OTP_REQUIRED (production) is on.

After the password, an administrator with a confirmed device enters its 6-digit
code (otp_verify); one without is sent to set one up first (otp_setup: a QR
code and the secret in text, confirmed with a code). A wrong code counts as a
failed login for django-axes, so codes are refused with the password's lockout.
"""

import base64
import math

import qrcode
import qrcode.image.svg
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..access import is_administrator
from .lockout import lockout_message


def second_factor_required(user):
    """An administrator who must enter a code before any other page."""
    return bool(
        settings.LMS_ADMIN_OTP_REQUIRED
        and is_administrator(user)
        and not user.is_verified()
    )


def confirmed_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def setup_device(user):
    """The device being set up: the same one (and the same QR code) until it
    is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=_("身份验证器"), confirmed=False
        )
    return device


def secret_text(device):
    """The secret in base32 groups of four, for typing into an app."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device):
    """The device's otpauth:// address as an inline SVG QR code."""
    image = qrcode.make(
        device.config_url,
        image_factory=qrcode.image.svg.SvgPathImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
    )
    return image.to_string(encoding="unicode")


def throttle_seconds(device):
    """Seconds before django-otp lets this device check a code again (it
    doubles the wait after each wrong code), or 0."""
    allowed, info = device.verify_is_allowed()
    if allowed:
        return 0
    until = (info or {}).get("locked_until")
    if until is None:
        return 1
    return max(1, math.ceil((until - timezone.now()).total_seconds()))


def _credentials(user):
    return {"username": user.get_username()}


def refusal(request):
    """The lockout message when the account or address is locked, else None."""
    if AxesProxyHandler.is_allowed(request, _credentials(request.user)):
        return None
    return lockout_message(request.user.get_username(), request.axes_ip_address)


def token_accept(request, device, token, *, confirm=False):
    """Check token against device; on success the session is verified (and a
    device being set up becomes the user's). A wrong code is a failed login
    for django-axes. Returns True when accepted."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        accepted = device.verify_token(token)
        if accepted and confirm:
            TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
    if accepted:
        otp_login(request, device)
        return True
    user_login_failed.send(
        sender=__name__, credentials=_credentials(request.user), request=request
    )
    return False

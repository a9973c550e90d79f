"""The login forms' lockout refusal and the second factor's forms."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .lockout import lockout_message


class LockoutRefusalMixin:
    """On a login form (an AuthenticationForm): when django-axes refused the
    account or the address, say so and for how long, instead of "wrong
    password" (which a correct password would otherwise also get)."""

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            request = self.request
            if request is not None and getattr(request, "axes_locked_out", False):
                raise ValidationError(
                    lockout_message(
                        self.cleaned_data.get("username"),
                        getattr(request, "axes_ip_address", None),
                    ),
                    code="locked_out",
                ) from None
            raise


class PortalLoginForm(LockoutRefusalMixin, AuthenticationForm):
    """The portal's login form (/accounts/login/)."""


class TokenForm(forms.Form):
    """A 6-digit code from the authenticator app."""

    token = forms.CharField(
        label=_("动态验证码"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "pattern": "[0-9]{6}",
                "placeholder": _("6位数字"),
                "autofocus": True,
            }
        ),
        error_messages={
            "required": _("请输入身份验证器上显示的6位数字。"),
            "min_length": _("验证码是6位数字。"),
            "max_length": _("验证码是6位数字。"),
        },
    )

    def clean_token(self):
        token = "".join(self.cleaned_data["token"].split())
        if not token.isdigit():
            raise ValidationError(_("验证码是6位数字。"), code="format")
        return token

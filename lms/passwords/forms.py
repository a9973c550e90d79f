"""账号安全's form: the old password and the new one twice, in Chinese."""

from django import forms
from django.contrib.auth.forms import PasswordChangeForm as DjangoPasswordChangeForm
from django.contrib.auth.password_validation import password_validators_help_texts
from django.utils.translation import gettext_lazy as _


class PasswordChangeForm(DjangoPasswordChangeForm):
    error_messages = {
        "password_mismatch": _("两次输入的新密码不一致，请重新输入。"),
        "password_incorrect": _("原密码不正确，请重新输入。"),
        "password_unchanged": _("新密码不能与原密码相同。"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = {
            "old_password": _("原密码"),
            "new_password1": _("新密码"),
            "new_password2": _("再次输入新密码"),
        }
        for name, label in labels.items():
            field = self.fields[name]
            field.label = label
            field.help_text = ""
            field.error_messages["required"] = _("请填写%(label)s。") % {"label": label}
        self.fields["old_password"].widget.attrs.pop("autofocus", None)

    @property
    def rules(self):
        """The rules a new password must meet, one line each."""
        return password_validators_help_texts()

    def clean(self):
        # Django's clean() puts the rules' errors under the second field; here
        # they go under 新密码, where the password was typed.
        self.validate_passwords("new_password1", "new_password2")
        self.validate_password_for_user(self.user, "new_password1")
        old, new = (
            self.cleaned_data.get("old_password"),
            self.cleaned_data.get("new_password1"),
        )
        if old and new and old == new and "new_password1" not in self.errors:
            self.add_error(
                "new_password1",
                forms.ValidationError(
                    self.error_messages["password_unchanged"], code="unchanged"
                ),
            )
        return self.cleaned_data

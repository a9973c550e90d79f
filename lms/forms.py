"""Admin forms for the people core: cadre profiles and user roles.

The forms clean and check input; saving goes through lms.services: cadre_create
and cadre_update (a cadre's login follows the mobile number), user_set_role (it
keeps groups and the superuser flag in step with the role). A service's
ValidationError is shown on the form by the view (see lms.viewsets.cadres).
"""

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm
from wagtail.admin.forms.models import WagtailAdminModelForm
from wagtail.users.forms import UserCreationForm, UserEditForm

from .accounts.forms import LockoutRefusalMixin
from .models import Cadre, Role, Sex, Township, User
from .personal_data import (
    id_birth_date,
    id_sex,
    normalize_id_number,
    normalize_mobile,
    validate_id_number,
    validate_mobile,
)
from .selectors import villages_visible_to
from .services import cadre_create, cadre_update, user_set_role

BIRTH_YEAR_RANGE = (1920, 2020)  # the same as the cadre_birth_year_plausible check


class AdminLoginForm(LockoutRefusalMixin, LoginForm):
    """Wagtail's login form, whose password field has no label of its own (the
    login page showed the English "Password"); a locked-out account or address
    is told for how long (lms.accounts.lockout)."""

    password = forms.CharField(
        label=_("密码"),
        widget=forms.PasswordInput(attrs={"placeholder": _("输入密码")}),
        strip=False,
    )


def allow_typed_spaces(form_field, *, max_length):
    form_field.max_length = max_length
    form_field.validators = [
        v for v in form_field.validators if not isinstance(v, MaxLengthValidator)
    ]
    form_field.widget.attrs["maxlength"] = str(max_length)


class CadreForm(WagtailAdminModelForm):
    """Edit a cadre's profile (administrators only: it shows the whole numbers)."""

    class Meta:
        model = Cadre
        fields = list(Cadre.PROFILE_FIELDS)
        widgets = {"sex": forms.RadioSelect}

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        villages = villages_visible_to(for_user) if for_user else None
        if villages is not None:
            self.fields["village"].queryset = villages.select_related("township")
        # People type "138 0000 1234" or full-width digits: the length is checked
        # after cleaning, not before.
        for name in ("mobile", "id_number"):
            allow_typed_spaces(self.fields[name], max_length=32)
        self.fields["sex"].choices = Sex.choices  # no "---------" radio
        self.fields["mobile"].help_text = _("11位手机号，也是学员的登录账号。")
        self.fields["id_number"].help_text = _("18位居民身份证号，可留空。")
        self.fields["is_active"].help_text = _(
            "离任的学员请取消勾选，而不要删除：培训档案需要保留。"
        )

    def clean_mobile(self):
        mobile = normalize_mobile(self.cleaned_data.get("mobile"))
        validate_mobile(mobile)
        return mobile

    def clean_id_number(self):
        number = normalize_id_number(self.cleaned_data.get("id_number"))
        if not number:
            return None  # NULL, so that many cadres may have none (unique column)
        validate_id_number(number)
        return number

    def clean_birth_year(self):
        year = self.cleaned_data.get("birth_year")
        low, high = BIRTH_YEAR_RANGE
        if year is not None and not low <= year <= high:
            raise forms.ValidationError(
                _("出生年份应在 %(low)d 到 %(high)d 之间。"),
                params={"low": low, "high": high},
            )
        return year

    def clean(self):
        cleaned = super().clean()
        number = cleaned.get("id_number")
        birth_date = cleaned.get("birth_date")
        if number:
            if not birth_date:
                birth_date = cleaned["birth_date"] = id_birth_date(number)
            if cleaned.get("sex") and cleaned["sex"] != id_sex(number):
                self.add_error("sex", _("性别与身份证号不符。"))
        if birth_date:
            if not cleaned.get("birth_year"):
                cleaned["birth_year"] = birth_date.year
            elif cleaned["birth_year"] != birth_date.year:
                self.add_error("birth_year", _("出生年份与出生日期不一致。"))
        return cleaned

    def profile_values(self):
        return {
            name: self.cleaned_data[name]
            for name in Cadre.PROFILE_FIELDS
            if name in self.cleaned_data
        }

    def save(self, commit=True):
        if not commit:
            return super().save(commit=False)
        self.instance = cadre_update(
            cadre=self.instance, by=self.for_user, changes=self.profile_values()
        )
        self._save_m2m()
        return self.instance


class CadreCreateForm(CadreForm):
    create_account = forms.BooleanField(
        label=_("同时开通登录账号"),
        required=False,
        initial=True,
        help_text=_("用户名为手机号；学员首次登录前需由管理员设置密码。"),
    )

    def clean(self):
        cleaned = super().clean()
        mobile = cleaned.get("mobile")
        if (
            cleaned.get("create_account")
            and mobile
            and User.objects.filter(username=mobile).exists()
        ):
            self.add_error("mobile", _("已有以此手机号为用户名的登录账号。"))
        return cleaned

    def save(self, commit=True):
        if not commit:
            return super().save(commit=False)
        self.instance = cadre_create(
            by=self.for_user,
            values=self.profile_values(),
            create_account=self.cleaned_data.get("create_account", False),
        )
        self._save_m2m()
        return self.instance


# --- Users: role and supervisor scope ---------------------------------------


USERNAME_HELP = _("必填。可用字母、数字和 @/./+/-/_；学员的用户名是手机号。")


class RoleFieldsMixin:
    """Role and township scope fields, written through user_set_role."""

    def add_role_fields(self):
        instance = self.instance
        self.fields["role"] = forms.ChoiceField(
            label=_("角色"),
            choices=Role.choices,
            initial=(
                Role.ADMIN
                if instance.pk and instance.is_superuser
                else (instance.role or Role.CADRE)
            ),
            help_text=_(
                "学员：参加培训；讲师：在后台发布课程；督导：查看学习档案；"
                "管理员：全部权限。"
            ),
        )
        self.fields["supervised_township"] = forms.ModelChoiceField(
            label=_("督导范围"),
            queryset=Township.objects.all(),
            required=False,
            empty_label=_("全旗（不限苏木乡镇）"),
            initial=instance.supervised_township_id,
            help_text=_("仅对督导有效：选择苏木乡镇后，该督导只能看到这个苏木乡镇。"),
        )

    def clean_role_fields(self, cleaned):
        role = cleaned.get("role")
        township = cleaned.get("supervised_township")
        if role and role != Role.SUPERVISOR and township is not None:
            self.add_error(
                "supervised_township",
                _("只有督导可以设置督导范围：请清空督导范围，或把角色改为督导。"),
            )
        return cleaned

    def save_with_role(self, user, commit):
        if "role" not in self.fields:
            if commit:
                user.save()
                self.save_m2m()
            return user
        role = self.cleaned_data["role"]
        township = self.cleaned_data.get("supervised_township")
        if commit:
            user_set_role(user=user, role=role, supervised_township=township)
            self.save_m2m()
        else:
            user.role, user.supervised_township = role, township
        return user


class LmsUserCreationForm(RoleFieldsMixin, UserCreationForm):
    email = forms.EmailField(required=False, label=_("电子邮箱"))
    first_name = None
    last_name = None
    is_superuser = None

    class Meta:
        model = User
        fields = ["username", "name", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True
        self.fields["username"].help_text = USERNAME_HELP
        self.add_role_fields()

    def clean(self):
        return self.clean_role_fields(super().clean())

    def save(self, commit=True):
        return self.save_with_role(super().save(commit=False), commit)


class LmsUserEditForm(RoleFieldsMixin, UserEditForm):
    email = forms.EmailField(required=False, label=_("电子邮箱"))
    first_name = None
    last_name = None
    is_superuser = None

    class Meta:
        model = User
        fields = ["username", "name", "email", "is_active"]

    def __init__(self, *args, editing_self=False, **kwargs):
        # Wagtail's form would delete its is_superuser field, which the role replaces.
        super().__init__(*args, editing_self=False, **kwargs)
        self.fields["username"].help_text = USERNAME_HELP
        # Administrators cannot deactivate themselves or change their own role
        # (no locking oneself out).
        if editing_self:
            del self.fields["is_active"]
        else:
            self.add_role_fields()

    def clean(self):
        return self.clean_role_fields(super().clean())

    def save(self, commit=True):
        return self.save_with_role(super().save(commit=False), commit)


class BulkRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)
    supervised_township = forms.ModelChoiceField(
        label=_("督导范围"),
        queryset=Township.objects.all(),
        required=False,
        empty_label=_("全旗（不限苏木乡镇）"),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") != Role.SUPERVISOR and cleaned.get(
            "supervised_township"
        ):
            self.add_error("supervised_township", _("只有督导可以设置督导范围。"))
        return cleaned

"""Users: the LMS role and a supervisor's township in Wagtail's Users admin;
roles are written through lms.services.user_set_role."""

from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.admin.ui.tables import (
    BulkActionsCheckboxColumn,
    Column,
    DateColumn,
)
from wagtail.users.views import users as wagtail_users
from wagtail.users.views.bulk_actions.user_bulk_action import UserBulkAction

from ..access import may_see_whole_personal_data
from ..forms import BulkRoleForm, LmsUserCreationForm, LmsUserEditForm
from ..models import Cadre, Role
from ..passwords.services import password_set_by_other
from ..services import record_personal_data_access, user_set_role
from .display import NOWRAP, YesNoColumn, masked_username, user_display
from .filters import LmsUserFilterSet

PURPOSE_EDIT_ACCOUNT = "编辑登录账号"


class LmsUserIndexView(wagtail_users.IndexView):
    @cached_property
    def columns(self):
        name_column_class = self._get_title_column_class(wagtail_users.UserColumn)
        return [
            BulkActionsCheckboxColumn("bulk_actions", obj_type="user"),
            name_column_class(
                "name",
                accessor=user_display,
                label=gettext_lazy("姓名"),
                sort_key="name",
                get_url=self.get_edit_url,
                classname=f"name {NOWRAP}",
            ),
            Column(
                "username",
                label=gettext_lazy("用户名"),
                accessor=masked_username,
                sort_key="username",
                width="18%",
            ),
            Column(
                "role",
                label=gettext_lazy("角色"),
                accessor=lambda u: (
                    Role.ADMIN.label if u.is_superuser else u.get_role_display()
                ),
                sort_key="role",
                width="10%",
            ),
            Column(
                "supervised_township",
                label=gettext_lazy("督导范围"),
                accessor=lambda u: (
                    u.supervised_township.name
                    if u.supervised_township
                    else (_("全旗") if u.role == Role.SUPERVISOR else "")
                ),
                width="12%",
            ),
            YesNoColumn(
                "is_active",
                label=gettext_lazy("启用"),
                sort_key="is_active",
                width="8%",
            ),
            DateColumn(
                "last_login",
                label=gettext_lazy("最近登录"),
                sort_key="last_login",
                width="14%",
            ),
        ]

    @cached_property
    def search_fields(self):
        return ["username", "name", "email"]

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("supervised_township")

    def order_queryset(self, queryset):
        if self.ordering in ("name", "-name"):
            return queryset.order_by(self.ordering, "username")
        return super().order_queryset(queryset)


class PasswordSetByOtherMixin:
    """A password an administrator types into the user form is theirs, not the
    user's: the user chooses a new one at the next login (lms.passwords)."""

    def save_instance(self):
        form = self.form
        if form.cleaned_data.get("password1") and form.instance != self.request.user:
            password_set_by_other(form.instance)
        return super().save_instance()


class LmsUserCreateView(PasswordSetByOtherMixin, wagtail_users.CreateView):
    pass


class LmsUserEditView(PasswordSetByOtherMixin, wagtail_users.EditView):
    """The username of a cadre's account is their whole mobile number: opening the
    form is recorded like the cadre's own edit page."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        cadre = Cadre.objects.filter(user=self.object).first()
        if cadre is not None and may_see_whole_personal_data(request.user):
            record_personal_data_access(
                viewer=request.user, cadre=cadre, purpose=PURPOSE_EDIT_ACCOUNT
            )
        return response


class LmsUserViewSet(wagtail_users.UserViewSet):
    """Wagtail's Users admin with the LMS role (学员/讲师/督导/管理员) and the
    supervisor's township; saving goes through lms.services.user_set_role."""

    index_view_class = LmsUserIndexView
    add_view_class = LmsUserCreateView
    edit_view_class = LmsUserEditView
    filterset_class = LmsUserFilterSet
    create_template_name = "lms/admin/user_create.html"
    edit_template_name = "lms/admin/user_edit.html"

    def get_form_class(self, for_update=False):
        return LmsUserEditForm if for_update else LmsUserCreationForm


class AssignLmsRoleBulkAction(UserBulkAction):
    """Replaces Wagtail's "assign role" (add to a group) with the LMS role."""

    display_name = gettext_lazy("设置角色")
    action_type = "assign_role"
    aria_label = gettext_lazy("为所选用户设置角色")
    template_name = "wagtailusers/bulk_actions/confirm_bulk_assign_role.html"
    action_priority = 30
    form_class = BulkRoleForm

    def check_perm(self, obj):
        return self.request.user.has_perm(wagtail_users.change_user_perm)

    def get_actionable_objects(self):
        objects, without_access = super().get_actionable_objects()
        users = [u for u in objects if u.pk != self.request.user.pk]
        if len(users) != len(objects):  # no changing one's own role
            without_access["items_with_no_access"].append(self.request.user)
        return users, without_access

    def get_execution_context(self):
        return {
            "role": self.cleaned_form.cleaned_data["role"],
            "supervised_township": self.cleaned_form.cleaned_data[
                "supervised_township"
            ],
        }

    @classmethod
    def execute_action(cls, objects, role=None, supervised_township=None, **kwargs):
        if role is None:
            return 0, 0
        for user in objects:
            user_set_role(user=user, role=role, supervised_township=supervised_township)
        return len(objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "已为 %(count)d 个用户设置角色：%(role)s",
            "已为 %(count)d 个用户设置角色：%(role)s",
            num_parent_objects,
        ) % {
            "count": num_parent_objects,
            "role": Role(self.cleaned_form.cleaned_data["role"]).label,
        }

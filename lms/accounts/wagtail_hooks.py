"""The admin's 登录锁定 (under 设置, administrators only); imported by
lms.wagtail_hooks."""

from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from ..access import may_manage_lockouts
from .urls import admin_urlpatterns


@hooks.register("register_admin_urls")
def register_lockout_urls():
    return [path("lockouts/", include((admin_urlpatterns, "accounts_lockouts")))]


class LockoutsMenuItem(MenuItem):
    def is_shown(self, request):
        return may_manage_lockouts(request.user)


@hooks.register("register_settings_menu_item")
def register_lockouts_menu_item():
    return LockoutsMenuItem(
        _("登录锁定"),
        reverse_lazy("accounts_lockouts:index"),
        icon_name="lock",
        order=900,
    )

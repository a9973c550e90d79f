from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import roster_views


@hooks.register("register_admin_urls")
def register_roster_urls():
    return [path("roster/", include((roster_views.urlpatterns, "roster")))]


@hooks.register("register_admin_menu_item")
def register_roster_menu_item():
    return MenuItem(
        _("导入学员名册"),
        reverse_lazy("roster:upload"),
        icon_name="upload",
        order=310,
    )

"""Wagtail's Users app, with the LMS user viewset (role and supervisor scope).

Installed in place of "wagtail.users" (see INSTALLED_APPS in lms/settings/base.py).
"""

from wagtail.users.apps import WagtailUsersAppConfig


class LmsUsersAppConfig(WagtailUsersAppConfig):
    user_viewset = "lms.viewsets.users.LmsUserViewSet"

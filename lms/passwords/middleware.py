"""A user whose password someone else set (password_must_change) goes to
账号安全 from every portal and admin page until they have chosen their own."""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from lms.http import wants_json


class PasswordMustChangeMiddleware:
    """After AuthenticationMiddleware. Left alone: the change page itself,
    logging out, static files and media."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.passed_prefixes = tuple(
            prefix for prefix in (settings.STATIC_URL, settings.MEDIA_URL) if prefix
        )

    def __call__(self, request):
        if self._passes(request):
            return self.get_response(request)
        user = request.user
        if not (user.is_authenticated and user.password_must_change):
            return self.get_response(request)
        if wants_json(request):
            return JsonResponse(
                {"error": _("您的密码由他人设置，请先在“账号安全”页面设置新密码。")},
                status=403,
            )
        target = reverse("passwords:change")
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(target)

    def _passes(self, request):
        path = request.path_info
        return path.startswith(self.passed_prefixes) or path in {
            reverse("passwords:change"),
            reverse("logout"),
            reverse("wagtailadmin_logout"),
        }

"""The test settings' lockout backend (lms.settings.test)."""

from axes.backends import AxesStandaloneBackend


class ClientLoginLockoutBackend(AxesStandaloneBackend):
    """django-axes' backend, except for authenticate() called without a request
    (Django's test Client.login()), which it lets through unchecked: there is
    no address to count. Every login page passes its request, so a login
    through a page is checked exactly as in production."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from lms.accounts.forms import PortalLoginForm

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            # Accounts: says how long a locked-out account waits.
            authentication_form=PortalLoginForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # 账号安全: changing one's password (lms.passwords)
    path("accounts/security/", include("lms.passwords.urls")),
    path("accounts/", include("lms.accounts.urls")),  # second factor
]

# A busy database outside a view (say the session saved after it) is a 503
# too, not a 500 (lms.busy, issue 13).
handler500 = "lms.busy.server_error"

if settings.DEBUG:
    # Only MEDIA_ROOT's public folders (issue 13: private files, documents).
    from lms.private_files.urls import public_media_urls

    urlpatterns += public_media_urls()

urlpatterns += [
    path("courses/", include("courses.urls")),
    path("exams/", include("exams.urls")),
    path("", include(wagtail_urls)),
]

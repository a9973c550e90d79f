"""Settings shared by every environment. See dev.py, test.py and production.py."""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.utils.translation import gettext_lazy as _
from wagtail.embeds import oembed_providers as oembed  # plain dicts (issue 13 CSP)

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("LMS_VAR_DIR", BASE_DIR / "var"))

INSTALLED_APPS = [
    "lms",
    "cms",
    "courses",
    "exams",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "lms.users_admin.LmsUsersAppConfig",  # wagtail.users with LMS roles
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "simple_history",
    "django_tasks",
    "django_tasks_db",  # the database task backend and its db_worker command
    # Accounts (lms.accounts): login lockout, administrators' TOTP.
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A busy database answers 503 请稍后重试, never 500 (lms.busy, issue 13).
    "lms.busy.BusyDatabaseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Passwords set by someone else are changed first (lms.passwords).
    "lms.passwords.middleware.PasswordMustChangeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Accounts (lms.accounts): staff idle timeout, administrators' second factor
    # (after messages: the timeout says why on the login page).
    "django_otp.middleware.OTPMiddleware",
    "lms.accounts.middleware.StaffIdleTimeoutMiddleware",
    "lms.accounts.middleware.AdminSecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "lms.content_security.SiteCSPMiddleware",  # Content-Security-Policy (issue 13)
    "simple_history.middleware.HistoryRequestMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Accounts: last, as django-axes asks (turns a lockout into its answer).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "lms.wsgi.application"


def database_from_env():
    """SQLite under var/ by default; DATABASE_URL=postgres://user:pw@host:port/name
    switches to PostgreSQL (psycopg 3)."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        parts = urlparse(url)
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")) or "lms",
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": int(os.environ.get("DB_CONN_MAX_AGE", "60")),
            "CONN_HEALTH_CHECKS": True,
        }
    if url:
        raise ValueError("DATABASE_URL must start with postgres:// or postgresql://")
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": VAR_DIR / "db.sqlite3",
        "OPTIONS": {
            # Concurrent writers wait for the lock instead of failing with
            # "database is locked"; WAL lets readers go on while one writes.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA busy_timeout=20000;"
            ),
        },
    }


DATABASES = {"default": database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "lms.User"

# Wagtail 8's autosave made stray drafts of half-filled "add page" forms and
# answered 400 on invalid ones; editors save drafts themselves.
WAGTAIL_AUTOSAVE_INTERVAL = 0

AUTHENTICATION_BACKENDS = [
    # Accounts: refuses a locked-out account or address before the password
    # is checked (django-axes; it needs the request, as every login page gives).
    "axes.backends.AxesStandaloneBackend",
    "lms.auth.UserWithCadreBackend",
]

# Passwords (lms.passwords.validators): at least 8 characters, not common, not
# the person's mobile number, ID number (or its last digits) or birth date.
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "lms.passwords.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "lms.passwords.validators.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "lms.passwords.validators.PersonalDataValidator"},
]
# seed_demo marks the demo logins (password naiman333) to be changed at their
# first login (lms.passwords).
LMS_DEMO_PASSWORD_MUST_CHANGE = True

CSRF_FAILURE_VIEW = "lms.views.csrf_failure"
# Accounts: scripts read the token from the page's form, never the cookie.
CSRF_COOKIE_HTTPONLY = True
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # Private files (issue 13): uploaded imports and report exports, outside
    # MEDIA_ROOT, served only by views that check the user (lms.private_files).
    "private": {"BACKEND": "lms.private_files.storage.PrivateFileStorage"},
}
LMS_PRIVATE_ROOT = Path(os.environ.get("LMS_PRIVATE_ROOT", VAR_DIR / "private"))
# They are sent by django-sendfile2 through lms.private_files.sendfile (Wagtail's
# document view reads SENDFILE_BACKEND too): LMS_SENDFILE "simple" sends them
# from Django, "nginx" answers with X-Accel-Redirect to SENDFILE_URL (private
# files, root SENDFILE_ROOT) or LMS_DOCUMENTS_SENDFILE_URL (MEDIA_ROOT/documents),
# internal locations of the proxy. Documents never come from /media/ directly:
# a collection's privacy is checked by Wagtail's serve view.
SENDFILE_BACKEND = "lms.private_files.sendfile"
LMS_SENDFILE = os.environ.get("LMS_SENDFILE", "simple")
SENDFILE_ROOT = LMS_PRIVATE_ROOT
SENDFILE_URL = os.environ.get("SENDFILE_URL", "/protected/private/")
LMS_DOCUMENTS_SENDFILE_URL = os.environ.get(
    "LMS_DOCUMENTS_SENDFILE_URL", "/protected/documents/"
)
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# What `manage.py purge_private_files` runs besides the uploads' purge.
LMS_PRIVATE_FILE_PURGES = ["courses.reports.expiry.purge_expired_exports"]

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

WAGTAIL_SITE_NAME = _("奈曼旗嘎查村干部培训")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = [("zh-hans", "简体中文")]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAILADMIN_USER_LOGIN_FORM = "lms.forms.AdminLoginForm"
WAGTAIL_USER_TIME_ZONES = ["Asia/Shanghai"]
# The admin's upgrade notice fetches releases.wagtail.org from the browser: an
# outside request from every administrator's home page, and an English notice.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = [
    "pdf",
    "doc",
    "docx",
    "xls",
    "xlsx",
    "ppt",
    "pptx",
    "txt",
    "csv",
    "zip",
    # Videos (cms/videos): checked with PyAV on upload, whatever their extension.
    "mp4",
    "mov",
    "m4v",
    "webm",
]
# The document library checks videos with PyAV as the lesson editor does.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "cms.videos.forms.DocumentForm"
# Largest video a trainer may upload; the proxy in front must allow as much.
LMS_VIDEO_MAX_UPLOAD_MB = float(os.environ.get("LMS_VIDEO_MAX_UPLOAD_MB", "500"))

# Background tasks (courses/tasks.py) run at once in development and tests;
# production stores them for `manage.py db_worker` (see production.py).
# seed_demo (size S) adds a year of study activity for the dashboards to show.
LMS_DEMO_ACTIVITY = True

# Videos convert in a worker even in development (`make run` starts one:
# `db_worker --backend videos`), so the editor shows 转码中 NN% while it works.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "videos": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# --- Accounts (lms.accounts) ---------------------------------------------------
# Login lockout (django-axes): 5 failures within 15 minutes refuse the account,
# and separately the address, for 15 minutes from the fifth failure (attempts
# made while refused do not prolong it). A success does not reset the count:
# logging into one's own account would otherwise wipe the address's failures.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = False
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "lms.accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "lms.accounts.lockout.client_ip"
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # every failure kept, with locked_out
# How many reverse proxies in front append to X-Forwarded-For; 0 (development)
# reads REMOTE_ADDR. Behind a proxy REMOTE_ADDR is the proxy: every user would
# share one address and five failures anywhere would lock the whole site out.
LMS_PROXY_COUNT = int(os.environ.get("LMS_PROXY_COUNT", "0"))
# Administrators' second factor (TOTP, django-otp): on in production.
LMS_ADMIN_OTP_REQUIRED = False
OTP_TOTP_ISSUER = "奈曼旗嘎查村干部培训"  # the name authenticator apps show
# Administrators and supervisors are logged out after this long idle.
LMS_STAFF_IDLE_SECONDS = 2 * 60 * 60
# production.py sets it: seed_demo refuses to run there (its demo logins).
LMS_PRODUCTION = False

# --- Content Security Policy (issue 13, django-csp 4) -------------------------
# Scripts and styles from the site only (no inline ones), no plugins, no
# framing by other sites. lms.content_security adjusts it per response (the
# admin's preview frames, the admin's own inline scripts).
INSTALLED_APPS += ["csp"]  # its system checks catch pre-4.0 CSP_* settings
# Sites whose video players a lesson may embed (frame-src, and the embed block
# refuses iframes from anywhere else). Comma-separated host names.
LMS_VIDEO_EMBED_HOSTS = [
    host.strip()
    for host in os.environ.get(
        "LMS_VIDEO_EMBED_HOSTS",
        "www.youtube.com,www.youtube-nocookie.com,player.vimeo.com,"
        "embed.ted.com,www.dailymotion.com,geo.dailymotion.com",
    ).split(",")
    if host.strip()
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # data: for Wagtail's inline SVGs, blob: for the image upload previews
        "img-src": ["'self'", "data:", "blob:"],
        "media-src": ["'self'"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'", *(f"https://{h}" for h in LMS_VIDEO_EMBED_HOSTS)],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    },
}
# Only the oEmbed providers whose players are iframes from the hosts above.
WAGTAILEMBEDS_FINDERS = [
    {
        "class": "wagtail.embeds.finders.oembed",
        "providers": [oembed.youtube, oembed.vimeo, oembed.ted, oembed.dailymotion],
    }
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"lms": {"level": "INFO"}},
}

# Training sessions (issue 13, "attendance"): a session's 学时 may not exceed
# its scheduled minutes / LMS_SESSION_MINUTES_PER_HOUR; one session lasts at
# most LMS_SESSION_MAX_MINUTES; a session dated (or closed) more than
# LMS_SESSION_APPROVAL_DAYS in the past waits for an administrator.
LMS_SESSION_MINUTES_PER_HOUR = 45
LMS_SESSION_MAX_MINUTES = 12 * 60
LMS_SESSION_APPROVAL_DAYS = 7

"""Production: every secret and host comes from the environment (see README)."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403


def env(name, default=None):
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"Set the {name} environment variable.")
    return value


DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = [h.strip() for h in env("DJANGO_ALLOWED_HOSTS").split(",") if h]
CSRF_TRUSTED_ORIGINS = [f"https://{h}" for h in ALLOWED_HOSTS]
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", f"https://{ALLOWED_HOSTS[0]}")

# TLS ends at the reverse proxy, which sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env("DJANGO_SECURE_SSL_REDIRECT", "true").lower() == "true"
SECURE_HSTS_SECONDS = int(env("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
# includeSubDomains and preload are the operator's choice (opt-in): the first
# makes every subdomain HTTPS-only for as long as the header says, the second
# asks browsers to build that in, and neither is quickly undone.
SECURE_HSTS_INCLUDE_SUBDOMAINS = (
    env("DJANGO_HSTS_INCLUDE_SUBDOMAINS", "false").lower() == "true"
)
SECURE_HSTS_PRELOAD = env("DJANGO_HSTS_PRELOAD", "false").lower() == "true"
# check --deploy warns of either left off (W005, W021); off is then a decision
# made above, so only that warning is silenced, only while it is off.
SILENCED_SYSTEM_CHECKS = [
    *([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
    *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# --- Accounts (lms.accounts) ---------------------------------------------------
# A marker for what must never run here (seed_demo's demo logins).
LMS_PRODUCTION = True
# Administrators log in with a TOTP code too; LMS_ADMIN_OTP_REQUIRED=false
# switches it off (a staging copy, never the real site).
LMS_ADMIN_OTP_REQUIRED = env("LMS_ADMIN_OTP_REQUIRED", "true").lower() == "true"
# The reverse proxy in front appends the client's address to X-Forwarded-For.
LMS_PROXY_COUNT = int(env("LMS_PROXY_COUNT", "1"))

# Background tasks are stored in the database and run by `manage.py db_worker`.
TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
    "videos": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
}

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
    "private": STORAGES["private"],  # noqa: F405 (issue 13: lms.private_files)
}
# Private files and documents are sent by nginx (X-Accel-Redirect; README).
LMS_SENDFILE = env("LMS_SENDFILE", "nginx")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
}

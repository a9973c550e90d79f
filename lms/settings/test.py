import os
from pathlib import Path

from .base import *  # noqa: F403
from .base import VAR_DIR

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = VAR_DIR / "test-media"
LMS_PRIVATE_ROOT = SENDFILE_ROOT = VAR_DIR / "test-private"  # issue 13
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run at once, so a test sees what a task did (after on_commit callbacks).
# seed_demo without the year of study activity (a minute and a half of writes);
# tests/courses/test_demo_activity.py seeds it on a smaller Banner of its own.
LMS_DEMO_ACTIVITY = False
# Tests log in as seed_demo's accounts with the demo password; the first-login
# change is tested in tests/lms/passwords/ with this setting on.
LMS_DEMO_PASSWORD_MUST_CHANGE = False
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "videos": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}

SHM = Path("/dev/shm")  # memory-backed where Linux has it: fast, still a file

# A file, not SQLite's shared in-memory database: concurrency tests need the
# real locking (IMMEDIATE transactions waiting on the busy timeout), which
# in-memory shared-cache tables do not do. One file per test run.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": (SHM if SHM.is_dir() else VAR_DIR) / f"lms-test-{os.getpid()}.sqlite3"
    }

# A bare page type (title only) for tests and `make bench`; not in production.
INSTALLED_APPS = [*INSTALLED_APPS, "tests.bench_pages"]  # noqa: F405

# Accounts: Django's test Client.login() authenticates without a request, which
# django-axes' own backend refuses; this one lets it through unchecked. The
# lockout tests log in through the login pages, as in every other setting.
AUTHENTICATION_BACKENDS = [
    "tests.lms.accounts.backends.ClientLoginLockoutBackend",
    "lms.auth.UserWithCadreBackend",
]

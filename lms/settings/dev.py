from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "dev-only-not-secret-4b8e1c2d"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

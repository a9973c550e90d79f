"""`make bench`: development settings plus the bare page type (tests.bench_pages)
the benchmark compares the course page with. Never used to serve the site."""

from .dev import *  # noqa: F403
from .dev import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.bench_pages"]
DEBUG = False  # no query log, as in production

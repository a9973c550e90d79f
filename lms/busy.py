"""A database too busy to answer in time gives a "请稍后重试" page (or JSON
error), HTTP 503 with Retry-After, never a 500.

Busy means: SQLite's "database is locked" (another writer held the lock past
the busy timeout), PostgreSQL's lock_not_available (lock_timeout) or
query_canceled (statement_timeout). BusyDatabaseMiddleware answers for the
views (process_exception); ``server_error``, the site's handler500, answers for
what fails outside a view (say the session saved after the response). Each is
logged as a warning with the path.

A request wants JSON when it asks for it (Accept: application/json, or
X-Requested-With) or is a script's (an X-CSRFToken header: the site's own
fetch() calls send one, forms never do); it gets {"error": …}.
"""

import logging
import sys

from django.db import OperationalError
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.defaults import server_error as default_server_error

from lms.http import wants_json

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 10
SQLITE_BUSY = ("database is locked", "database table is locked")
# SQLSTATE: lock_not_available, query_canceled (lock_timeout, statement_timeout)
POSTGRES_BUSY = frozenset({"55P03", "57014"})


def is_busy(exc):
    """Whether exc says the database was too busy, not that something is wrong."""
    if not isinstance(exc, OperationalError):
        return False
    cause = exc.__cause__ or exc
    if getattr(cause, "sqlstate", None) in POSTGRES_BUSY:
        return True
    text = str(exc).lower()
    return any(message in text for message in SQLITE_BUSY)


def busy_response(request, exc):
    logger.warning(
        "database busy: %s %s (%s)", request.method, request.path, exc or "-"
    )
    message = _("系统繁忙，请稍后重试。")
    if wants_json(request):
        response = JsonResponse({"error": message, "retry": True}, status=503)
    else:
        response = TemplateResponse(request, "503.html", {"message": message})
        response.status_code = 503
        response.render()
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class BusyDatabaseMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_busy(exception):
            return busy_response(request, exception)
        return None


def server_error(request, template_name="500.html"):
    """handler500: a busy database's 503, otherwise Django's own 500 page."""
    exc = sys.exception()
    if is_busy(exc):
        return busy_response(request, exc)
    return default_server_error(request, template_name)

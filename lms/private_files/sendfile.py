"""The site's SENDFILE_BACKEND, for both readers of that setting:
django-sendfile2 (the private files' views, lms.private_files.services) and
Wagtail's document serve view (wagtail.utils.sendfile, which passes a str).

settings.LMS_SENDFILE "simple": Django streams the file (development, tests;
Wagtail's own streaming backend, which Wagtail uses when SENDFILE_BACKEND is unset).
"nginx": an empty response with X-Accel-Redirect to the file's internal URL,
and nginx sends it; a private file maps to SENDFILE_URL (root SENDFILE_ROOT),
a Wagtail document to LMS_DOCUMENTS_SENDFILE_URL (root MEDIA_ROOT/documents).
Both URLs must be `internal` locations of the proxy (see README).
"""

from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.http import Http404, HttpResponse
from wagtail.utils import sendfile_streaming_backend


def internal_url(path):
    """The proxy's internal URL of a file under one of the served roots."""
    path = Path(path).resolve()
    for root, url in (
        (settings.SENDFILE_ROOT, settings.SENDFILE_URL),
        (Path(settings.MEDIA_ROOT) / "documents", settings.LMS_DOCUMENTS_SENDFILE_URL),
    ):
        try:
            relative = path.relative_to(Path(root).resolve())
        except ValueError:
            continue
        return quote(f"{url.rstrip('/')}/{relative.as_posix()}")
    raise Http404


def sendfile(request, filename, **kwargs):
    if settings.LMS_SENDFILE == "nginx":
        response = HttpResponse()
        response["X-Accel-Redirect"] = internal_url(filename)
        return response
    return sendfile_streaming_backend.sendfile(request, str(filename), **kwargs)

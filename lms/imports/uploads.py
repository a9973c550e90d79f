"""An import's upload is bounded before its body is read: a request whose
Content-Length is over MAX_UPLOAD_BYTES (and room for the form's other fields)
is answered at once (HTTP 413, the form shown again with 文件超过 5 MB…); below
that, a file over the limit is stopped as its bytes stream in (BoundedUpload),
before Django keeps it. The proxy in front refuses larger bodies still (nginx
``client_max_body_size 6m`` on the import URLs; see README).

The handler has to be in place before request.POST is read, which Django's CSRF
check does: the upload view is csrf_exempt and checks CSRF itself after
``bound_upload()`` (as Django's documentation of upload handlers says).
"""

import logging

from django.core.files.uploadhandler import FileUploadHandler, StopUpload

from .limits import MAX_UPLOAD_BYTES

logger = logging.getLogger(__name__)

# The multipart envelope, the CSRF token and the form's other fields.
FORM_OVERHEAD_BYTES = 64 * 1024


class BoundedUpload(FileUploadHandler):
    """Stops the upload once a file passes ``limit`` bytes; the request is
    marked (``upload_too_large``) for the view to say so."""

    def __init__(self, request=None, limit=MAX_UPLOAD_BYTES):
        super().__init__(request)
        self.limit = limit

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            self.request.upload_too_large = True
            # The rest (under FORM_OVERHEAD_BYTES) is read and dropped, so the
            # browser gets the answer rather than a reset connection.
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None


def bound_upload(request, limit=MAX_UPLOAD_BYTES):
    """True when the request is too large to read at all; otherwise the
    BoundedUpload handler is put first. Call before request.POST is read."""
    request.upload_too_large = False
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > limit + FORM_OVERHEAD_BYTES:
        logger.warning(
            "import upload refused: %s bytes to %s", length, request.path_info
        )
        request.upload_too_large = True
        return True
    request.upload_handlers.insert(0, BoundedUpload(request, limit))
    return False

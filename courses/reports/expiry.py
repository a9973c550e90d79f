"""Report exports expire: their file is deleted EXPORT_LIFETIME after it was
built (the row stays, so its page says 已过期 and offers to export again).
Run by `manage.py purge_private_files` (settings.LMS_PRIVATE_FILE_PURGES)."""

from lms.private_files.services import (
    EXPORT_LIFETIME,
    UPLOAD_LIFETIME,
    delete_files,
    stray_files,
)

from ..models import ReportExport


def purge_expired_exports(*, now):
    expired = ReportExport.objects.filter(finished_at__lte=now - EXPORT_LIFETIME)
    expired = expired.exclude(file="")
    files = delete_files(expired.values_list("file", flat=True))
    expired.update(file="")
    known = set(ReportExport.objects.values_list("file", flat=True))
    files += delete_files(
        list(stray_files("report_exports", known, now - UPLOAD_LIFETIME))
    )
    return {"export_files": files}

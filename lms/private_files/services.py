"""How long private files live, how they are served, and their purge.

An uploaded import (PendingImport) is deleted once confirmed, its file at
once and the whole row (with the check's summary) after UPLOAD_LIFETIME;
a rejected upload's file is never kept. A report export's file is deleted
after EXPORT_LIFETIME; its row stays, so its page says 已过期.
"""

from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_sendfile import sendfile

from ..models import PendingImport
from .storage import private_storage

# `purge_private_files` runs hourly: an upload, which may hold whole ID
# numbers, is gone between 23 and 24 hours after it was sent.
UPLOAD_LIFETIME = timedelta(hours=23)
EXPORT_LIFETIME = timedelta(days=7)
# Folders of MEDIA_ROOT where these files were kept before they were private.
PUBLIC_LEFTOVERS = ("imports", "report_exports")


def serve_private(request, field_file, *, filename, content_type=None):
    """The response sending a private file as a download named filename (the
    caller has checked the user); X-Accel-Redirect behind nginx."""
    return sendfile(
        request,
        field_file.name,  # relative to SENDFILE_ROOT, the private storage's root
        attachment=True,
        attachment_filename=filename,
        mimetype=content_type,
    )


def export_expired(export, *, now=None):
    finished = export.finished_at
    return finished is not None and finished <= (now or timezone.now()) - (
        EXPORT_LIFETIME
    )


def discard_upload_file(upload):
    """Delete an upload's file (after the transaction that confirmed it)."""
    name = upload.file.name
    if not name:
        return

    def delete():
        private_storage().delete(name)
        PendingImport.objects.filter(pk=upload.pk, file=name).update(file="")

    transaction.on_commit(delete)


def delete_files(names):
    """Delete these files of the private storage; the number deleted."""
    storage, count = private_storage(), 0
    for name in names:
        if name and storage.exists(name):
            storage.delete(name)
            count += 1
    return count


def stray_files(folder, known, cutoff):
    """Files in a folder of the private storage that no row names (known),
    older than cutoff: say one saved by a request that failed before its row."""
    location = Path(private_storage().location)
    root = location / folder
    for path in root.rglob("*") if root.is_dir() else ():
        name = path.relative_to(location).as_posix()
        if path.is_file() and name not in known:
            if path.stat().st_mtime <= cutoff.timestamp():
                yield name


def _public_leftovers():
    count = 0
    for folder in PUBLIC_LEFTOVERS:
        root = Path(settings.MEDIA_ROOT) / folder
        for path in root.rglob("*") if root.is_dir() else ():
            if path.is_file():
                path.unlink()
                count += 1
    return count


def purge_uploads(*, now):
    """Uploads past UPLOAD_LIFETIME (file and row), files of uploads no longer
    waiting for confirmation, and stray files."""
    old = PendingImport.objects.filter(uploaded_at__lte=now - UPLOAD_LIFETIME)
    files = delete_files(old.exclude(file="").values_list("file", flat=True))
    rows = old.delete()[0]
    done = PendingImport.objects.exclude(status=PendingImport.Status.PREVIEWED)
    done = done.exclude(file="")
    files += delete_files(done.values_list("file", flat=True))
    done.update(file="")
    known = set(PendingImport.objects.values_list("file", flat=True))
    files += delete_files(list(stray_files("imports", known, now - UPLOAD_LIFETIME)))
    return {"uploads": rows, "upload_files": files}


def purge_private_files(*, now=None):
    """Delete what has outlived its time: the uploads, then each purge of
    settings.LMS_PRIVATE_FILE_PURGES (the apps' own, say report exports), and
    files left in MEDIA_ROOT from before. Returns the counts by kind; running
    it again deletes nothing more."""
    now = now or timezone.now()
    counts = purge_uploads(now=now)
    for path in settings.LMS_PRIVATE_FILE_PURGES:
        counts.update(import_string(path)(now=now))
    counts["public_leftovers"] = _public_leftovers()
    return counts

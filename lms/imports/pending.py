"""The one stored pending upload of every import: kept with the check of it,
checked again for the preview, and imported when confirmed, exactly once.

A PendingImport is claimed by a conditional update of its status (previewed →
imported) inside the transaction that imports it, so a second confirmation,
even one at the same moment, finds nothing to claim: ImportNotPending, nothing
changed. A file that no longer imports cleanly rolls the claim back and is
marked rejected.

The import itself is the caller's: ``plan(upload, data)`` checks a file and
``apply(upload, data, user)`` imports it, each returning an ImportPlan (apply
raises ImportInvalid, carrying the plan, and writes nothing when the file has
errors).
"""

from pathlib import PurePath

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import PendingImport
from ..private_files.services import discard_upload_file
from .plan import ImportInvalid, ImportPlan


class ImportNotPending(Exception):
    """The upload was imported already, or rejected: ``upload`` says which."""

    def __init__(self, upload):
        self.upload = upload
        super().__init__(upload.status)


def pending_save(*, kind, data, filename, plan, user=None, options=None):
    """Keep an uploaded file (through the storage API) with its check ``plan``:
    a PendingImport waiting for confirmation, or rejected when the file has
    errors."""
    upload = PendingImport(
        kind=kind,
        original_name=filename[-255:],
        options=options or {},
        uploaded_by=user if user is not None and user.is_authenticated else None,
        status=(
            PendingImport.Status.REJECTED
            if plan.errors
            else PendingImport.Status.PREVIEWED
        ),
        summary=plan.summary(),
    )
    if not plan.errors:
        # Only a file that may be confirmed is kept (privately, for at most a
        # day: lms.private_files); a rejected one is not needed again.
        suffix = PurePath(filename).suffix.lower()[:8]
        upload.file.save(f"upload{suffix}", ContentFile(data), save=False)
    upload.save()
    return upload


def pending_data(upload):
    """The stored file's bytes; ImportInvalid saying so when it cannot be read."""
    try:
        with upload.file.open("rb") as stored:
            return stored.read()
    except OSError:
        plan = ImportPlan(filename=upload.original_name)
        plan.error(None, "", _("无法读取已上传的文件，请重新上传"))
        raise ImportInvalid(plan) from None


def pending_plan(upload, plan):
    """Check a stored upload again (the database may have changed since):
    ``plan(upload, data)``, or the plan saying the file cannot be read."""
    try:
        data = pending_data(upload)
    except ImportInvalid as exc:
        return exc.plan
    return plan(upload, data)


def pending_confirm(*, upload, apply, user):
    """Import a previewed upload, checked again, once: returns the applied plan.
    Raises ImportNotPending when it was imported or rejected already (or is
    being imported this moment), ImportInvalid (and marks it rejected) when it
    no longer imports cleanly."""
    claim = PendingImport.objects.filter(
        pk=upload.pk, status=PendingImport.Status.PREVIEWED
    )
    try:
        with transaction.atomic():
            if not claim.update(status=PendingImport.Status.IMPORTED):
                upload.refresh_from_db()
                raise ImportNotPending(upload)
            plan = apply(upload, pending_data(upload), user)
            summary = plan.summary()
            summary["imported_by"] = str(user) if user is not None else ""
            summary["imported_at"] = timezone.now().isoformat()
            upload.status, upload.summary = PendingImport.Status.IMPORTED, summary
            upload.save(update_fields=["summary"])
            discard_upload_file(upload)  # once the import is committed
    except ImportInvalid as exc:
        claim.update(status=PendingImport.Status.REJECTED, summary=exc.plan.summary())
        upload.status = PendingImport.Status.REJECTED
        upload.summary = exc.plan.summary()
        discard_upload_file(upload)
        raise
    return plan

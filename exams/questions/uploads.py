"""Question files uploaded in the admin and waiting for confirmation.

Each upload is kept through Django's storage API (so every worker and app server
sees it): the file itself and, beside it, a small JSON record (original name, who
uploaded it and when, its status and the summary of its check). The preview
checks the stored file again, since the bank may have changed; confirming imports
it (exams.questions.importing) and marks it imported, once.
"""

import json
import re
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from .importing import question_import
from .plan import QuestionPlan, QuestionsInvalid
from .planning import plan_questions

UPLOAD_DIR = "question_imports"
TOKEN_RE = re.compile(r"[0-9a-f]{32}")
PREVIEWED, REJECTED, IMPORTED = "previewed", "rejected", "imported"
STATUS_LABELS = {
    PREVIEWED: _("待确认"),
    REJECTED: _("有错误，未导入"),
    IMPORTED: _("已导入"),
}


class UploadNotPending(Exception):
    """The upload was already imported, or was rejected."""


@dataclass
class QuestionUpload:
    token: str
    filename: str
    suffix: str
    user_id: int | None
    uploaded_by: str
    uploaded_at: str
    status: str
    summary: dict = field(default_factory=dict)

    @property
    def data_name(self):
        return f"{UPLOAD_DIR}/{self.token}{self.suffix}"

    @property
    def record_name(self):
        return f"{UPLOAD_DIR}/{self.token}.json"

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]

    @property
    def uploaded(self):
        return parse_datetime(self.uploaded_at)

    def visible_to(self, user):
        """Its uploader and administrators see an upload."""
        return user.is_superuser or user.pk == self.user_id


def upload_save(*, data, filename, user):
    """Keep an uploaded file with the check of it: (QuestionUpload, plan)."""
    plan = plan_questions(data=data, filename=filename)
    upload = QuestionUpload(
        token=uuid.uuid4().hex,
        filename=filename[-255:],
        suffix=PurePath(filename).suffix.lower()[:8],
        user_id=user.pk if user is not None else None,
        uploaded_by=str(user) if user is not None else "",
        uploaded_at=timezone.now().isoformat(),
        status=REJECTED if plan.errors else PREVIEWED,
        summary=plan.summary(),
    )
    default_storage.save(upload.data_name, ContentFile(data))
    _write_record(upload)
    return upload, plan


def upload_get(token):
    """The upload of a token, or None."""
    if not TOKEN_RE.fullmatch(token or ""):
        return None
    name = f"{UPLOAD_DIR}/{token}.json"
    try:
        with default_storage.open(name, "rb") as stored:
            record = json.loads(stored.read().decode())
    except (OSError, ValueError):
        return None
    return QuestionUpload(**record)


def upload_plan(upload):
    """Check a stored upload again: the bank may have changed."""
    try:
        data = _read_data(upload)
    except QuestionsInvalid as exc:
        return exc.plan
    return plan_questions(data=data, filename=upload.filename)


def upload_confirm(*, upload, user):
    """Import a previewed upload, checked again. Raises UploadNotPending when it
    was imported or rejected already, QuestionsInvalid (and marks it rejected)
    when it no longer imports cleanly. A second confirmation racing the first
    changes nothing: the import matches questions by kind and stem."""
    if upload.status != PREVIEWED:
        raise UploadNotPending
    try:
        plan = question_import(
            data=_read_data(upload), filename=upload.filename, user=user
        )
    except QuestionsInvalid as exc:
        upload.status, upload.summary = REJECTED, exc.plan.summary()
        _write_record(upload)
        raise
    summary = plan.summary()
    summary["imported_by"] = str(user) if user is not None else ""
    summary["imported_at"] = timezone.now().isoformat()
    upload.status, upload.summary = IMPORTED, summary
    _write_record(upload)
    return plan


def _read_data(upload):
    """The stored file's bytes, or QuestionsInvalid saying it cannot be read."""
    try:
        with default_storage.open(upload.data_name, "rb") as stored:
            return stored.read()
    except OSError:
        plan = QuestionPlan(filename=upload.filename)
        plan.error(None, "", str(_("无法读取已上传的文件，请重新上传")))
        raise QuestionsInvalid(plan) from None


def _write_record(upload):
    record = json.dumps(asdict(upload), ensure_ascii=False).encode()
    default_storage.delete(upload.record_name)
    saved = default_storage.save(upload.record_name, ContentFile(record))
    if saved != upload.record_name:  # a storage that would not reuse the name
        raise OSError(f"question upload record saved as {saved}")

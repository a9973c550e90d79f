"""The document library's upload form checks videos as the editor does, so a
text file renamed .mp4 is refused there too (WAGTAILDOCS_DOCUMENT_FORM_BASE)."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from wagtail.documents.forms import BaseDocumentForm

from .services import (
    VIDEO_EXTENSIONS,
    VideoRejected,
    video_check_file,
    video_extension,
)


class DocumentForm(BaseDocumentForm):
    def clean_file(self):
        file = self.cleaned_data.get("file")
        is_upload = isinstance(file, UploadedFile)
        if is_upload and video_extension(file.name) in VIDEO_EXTENSIONS:
            try:
                video_check_file(file)
            except VideoRejected as error:
                raise ValidationError(str(error)) from error
            file.seek(0)
        return file

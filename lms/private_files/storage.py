"""The private storage: a folder outside MEDIA_ROOT (settings.LMS_PRIVATE_ROOT,
STORAGES["private"]) that no URL maps to. Its files are named by a random
token, never by the uploader's filename."""

import secrets
from pathlib import PurePath

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property


class PrivateFileStorage(FileSystemStorage):
    """FileSystemStorage at settings.LMS_PRIVATE_ROOT with no public URL: a
    private file is fetched through its own view, which checks the user."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.LMS_PRIVATE_ROOT)

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "LMS_PRIVATE_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name):
        raise ValueError("A private file has no public URL; serve it through its view.")


def private_storage():
    """The storage of private FileFields (a callable, so migrations name this
    function rather than the settings of the day)."""
    return storages["private"]


@deconstructible
class TokenPath:
    """upload_to of a private file: ``<folder>/<yyyy>/<mm>/<random token><ext>``,
    so a name cannot be guessed or derived from the original filename."""

    def __init__(self, folder):
        self.folder = folder

    def __call__(self, instance, filename):
        suffix = PurePath(filename).suffix.lower()[:8]
        month = timezone.localdate().strftime("%Y/%m")
        return f"{self.folder}/{month}/{secrets.token_urlsafe(24)}{suffix}"

    def __eq__(self, other):
        return isinstance(other, TokenPath) and other.folder == self.folder

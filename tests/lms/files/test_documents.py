"""Wagtail documents come only through Wagtail's serve view, which checks a
collection's privacy (issue 13): never from /media/documents/, neither in
development nor (README) behind the production proxy, which is handed the
file by X-Accel-Redirect once the view has checked."""

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import Resolver404, URLResolver
from django.urls.resolvers import RegexPattern
from wagtail.documents.models import Document
from wagtail.models import Collection, CollectionViewRestriction

from lms.private_files.urls import public_media_urls

pytestmark = pytest.mark.usefixtures("media_root")


@pytest.fixture
def private_document(db):
    collection = Collection.get_first_root_node().add_child(name="内部资料")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    document = Document(title="内部通知", collection=collection)
    document.file.save("notice.pdf", ContentFile(b"%PDF-1.4 secret"), save=False)
    document.save()
    return document


def test_a_private_document_is_served_only_after_its_check(
    private_document, cadre, settings
):
    url = private_document.url
    assert url.startswith("/documents/")  # the serve view, not /media/documents/
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and "/login" in anonymous["Location"]

    client = Client()
    client.force_login(cadre.user)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 secret"

    settings.LMS_SENDFILE = "nginx"
    response = client.get(url)
    assert response["X-Accel-Redirect"] == (
        f"/protected/{private_document.file.name}"  # documents/notice….pdf
    )
    assert response.content == b""


def test_development_serves_only_the_public_media_folders():
    resolver = URLResolver(RegexPattern(r"^/"), public_media_urls())
    for path in ("/media/original_images/a.jpg", "/media/images/a.max-800x600.jpg"):
        assert resolver.resolve(path).func.__name__ == "serve"
    for path in (
        "/media/documents/notice.pdf",
        "/media/imports/2026/01/x.xlsx",
        "/media/report_exports/2026/01/report-1.xlsx",
        "/media/../db.sqlite3",
    ):
        with pytest.raises(Resolver404):
            resolver.resolve(path)

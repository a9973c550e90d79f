"""Uploaded imports are private files (issue 13): kept outside MEDIA_ROOT
under a random name, never given a URL, deleted once confirmed (a rejected
file is not kept at all), and within 24 hours otherwise, row and summary
included: a roster, which holds whole ID numbers, never outlives a day."""

import io
import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from lms.models import PendingImport
from tests.lms.roster_factories import good_rows
from tests.lms.roster_files import roster_xlsx

pytestmark = pytest.mark.usefixtures("media_root")


def files_under(root):
    root = Path(root)
    return [p for p in root.rglob("*") if p.is_file()] if root.is_dir() else []


def upload(client, rows):
    file = io.BytesIO(roster_xlsx(rows))
    file.name = "东明镇学员名册.xlsx"
    response = client.post(reverse("roster:upload"), {"file": file})
    assert response.status_code == 302
    return PendingImport.objects.latest("pk")


def purge():
    out = io.StringIO()
    call_command("purge_private_files", stdout=out)
    return out.getvalue()


def test_a_roster_upload_is_private_and_named_by_a_random_token(
    client, banner, administrator
):
    client.force_login(administrator)
    roster = upload(client, good_rows(3))
    assert files_under(settings.MEDIA_ROOT) == []  # before: /media/imports/…
    stored = files_under(settings.LMS_PRIVATE_ROOT)
    assert [p.relative_to(settings.LMS_PRIVATE_ROOT).as_posix() for p in stored] == [
        roster.file.name
    ]
    assert "名册" not in roster.file.name and len(Path(roster.file.name).stem) >= 32
    with pytest.raises(ValueError):
        roster.file.url  # noqa: B018
    assert client.get(f"/media/{roster.file.name}").status_code == 404


def test_a_confirmed_upload_is_deleted(
    client, banner, administrator, django_capture_on_commit_callbacks
):
    client.force_login(administrator)
    roster = upload(client, good_rows(2))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("roster:confirm", args=[roster.pk]), follow=True)
    assert "名册导入完成" in response.content.decode()
    roster.refresh_from_db()
    assert roster.status == PendingImport.Status.IMPORTED and roster.file.name == ""
    assert files_under(settings.LMS_PRIVATE_ROOT) == []
    # The result page still shows what was imported.
    page = client.get(reverse("roster:preview", args=[roster.pk])).content.decode()
    assert "已导入" in page


def test_a_rejected_upload_keeps_no_file(client, banner, administrator):
    client.force_login(administrator)
    rows = good_rows(2)
    rows[1]["身份证号"] = rows[0]["身份证号"]
    roster = upload(client, rows)
    assert roster.status == PendingImport.Status.REJECTED
    assert roster.file.name == ""
    assert files_under(settings.LMS_PRIVATE_ROOT) == []
    assert files_under(settings.MEDIA_ROOT) == []


def test_an_unconfirmed_roster_is_gone_within_a_day(client, banner, administrator):
    client.force_login(administrator)
    fresh = upload(client, good_rows(1))
    old = upload(client, good_rows(1, start=5))
    PendingImport.objects.filter(pk=old.pk).update(
        uploaded_at=timezone.now() - timedelta(hours=23, minutes=1)
    )
    output = purge()
    assert "已删除待确认的导入：1" in output and "已删除上传的文件：1" in output
    # The row goes too: its summary names the cadres.
    assert list(PendingImport.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert [p.name for p in files_under(settings.LMS_PRIVATE_ROOT)] == [
        Path(fresh.file.name).name
    ]
    preview = client.get(reverse("roster:preview", args=[old.pk]))
    assert preview.status_code == 404

    output = purge()  # idempotent
    assert "已删除待确认的导入：0" in output and "已删除上传的文件：0" in output
    fresh.refresh_from_db()
    assert fresh.status == PendingImport.Status.PREVIEWED


def test_the_purge_removes_stray_and_formerly_public_files(db):
    """A file saved by a request that failed before its row, and the files
    left in MEDIA_ROOT from before they were private."""
    stray = Path(settings.LMS_PRIVATE_ROOT) / "imports" / "2026" / "01" / "x.csv"
    leftover = Path(settings.MEDIA_ROOT) / "report_exports" / "2026" / "01" / "r-1.xlsx"
    for path in (stray, leftover):
        path.parent.mkdir(parents=True)
        path.write_bytes(b"x")
    day_old = (timezone.now() - timedelta(days=1)).timestamp()
    os.utime(stray, (day_old, day_old))
    output = purge()
    assert "已删除上传的文件：1" in output
    assert "已删除MEDIA_ROOT 中遗留的导入和导出文件：1" in output
    assert not stray.exists() and not leftover.exists()

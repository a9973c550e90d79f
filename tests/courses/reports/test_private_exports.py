"""A report export is a private file (issue 13): kept outside MEDIA_ROOT under
a random name, sent only to the user who asked for it (X-Accel-Redirect
behind nginx), and gone after 7 days: its page then says 已过期 and offers to
export again."""

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from courses.models import ReportExport

from .conftest import YEAR

pytestmark = pytest.mark.usefixtures("media_root")

EXPORT_URL = reverse("courses:reports:export_start")


def files_under(root):
    root = Path(root)
    return [p for p in root.rglob("*") if p.is_file()] if root.is_dir() else []


def exported(client, user):
    client.force_login(user)
    response = client.post(EXPORT_URL, {"year": YEAR}, follow=True)
    assert response.status_code == 200
    return ReportExport.objects.latest("pk")


def download_url(report_export):
    return reverse("courses:reports:export_download", args=[report_export.pk])


def test_an_export_has_no_public_url_and_only_its_requester_gets_it(
    client, banner_supervisor, township_supervisor, trainer, world
):
    report_export = exported(client, banner_supervisor)
    # Before: MEDIA_ROOT/report_exports/<yyyy>/<mm>/report-<pk>.xlsx, served
    # by /media/ to anyone who counted the ids.
    assert files_under(settings.MEDIA_ROOT) == []
    name = report_export.file.name
    assert name.startswith("report_exports/") and f"-{report_export.pk}." not in name
    assert len(Path(name).stem) >= 32  # a random token
    assert (Path(settings.LMS_PRIVATE_ROOT) / name).is_file()
    with pytest.raises(ValueError):
        report_export.file.url  # noqa: B018
    assert Client().get(f"/media/{name}").status_code == 404

    url = download_url(report_export)
    assert Client().get(url).status_code == 302  # to the login page
    client.force_login(trainer)
    assert client.get(url).status_code == 403
    client.force_login(township_supervisor)
    assert client.get(url).status_code == 404

    client.force_login(banner_supervisor)
    response = client.get(url)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames == ["统计", "未达标学员"]


def test_behind_nginx_the_proxy_sends_the_export(
    client, settings, banner_supervisor, world
):
    report_export = exported(client, banner_supervisor)
    settings.LMS_SENDFILE = "nginx"
    response = client.get(download_url(report_export))
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == (
        f"/protected/private/{report_export.file.name}"
    )
    assert response.content == b""
    assert "attachment" in response["Content-Disposition"]


def test_an_export_expires_after_seven_days(client, banner_supervisor, world):
    report_export = exported(client, banner_supervisor)
    progress_url = reverse("courses:reports:export", args=[report_export.pk])
    ReportExport.objects.filter(pk=report_export.pk).update(
        finished_at=timezone.now() - timedelta(days=7, minutes=1)
    )
    assert client.get(download_url(report_export)).status_code == 404
    page = client.get(progress_url).content.decode()
    assert "已过期" in page and "请重新导出" in page
    assert "下载Excel文件" in page  # the link, hidden
    assert f'href="{download_url(report_export)}"' not in page

    out = io.StringIO()
    call_command("purge_private_files", stdout=out)
    assert "已删除导出的文件：1" in out.getvalue()
    assert files_under(settings.LMS_PRIVATE_ROOT) == []
    report_export.refresh_from_db()
    assert report_export.file.name == ""
    out = io.StringIO()
    call_command("purge_private_files", stdout=out)  # again: nothing more
    assert "已删除导出的文件：0" in out.getvalue()

    page = client.get(progress_url).content.decode()
    assert "已过期" in page and "重新导出" in page
    # 重新导出 posts the same filters and place again.
    assert client.post(EXPORT_URL, report_export.params).status_code == 302
    again = ReportExport.objects.latest("pk")
    assert again.pk != report_export.pk and again.params == report_export.params
    assert client.get(download_url(again)).status_code == 200


def test_a_recent_export_is_kept_by_the_purge(client, banner_supervisor, world):
    report_export = exported(client, banner_supervisor)
    call_command("purge_private_files", stdout=io.StringIO())
    assert client.get(download_url(report_export)).status_code == 200

"""督导看板's Excel export: the same rows as the screen, masked personal data,
progress kept as it goes, a background task, and the file served only to
the user who asked for it while it is still in their scope."""

import io

import pytest
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from courses.models import ReportExport
from courses.reports.tasks import report_export_build
from lms.models import Role

from .conftest import URL, YEAR

EXPORT_URL = reverse("courses:reports:export_start")


def screen(client, user, **params):
    client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.context


def export(client, params):
    """Post the export form as the page does; return the ReportExport and the
    progress page's response."""
    response = client.post(EXPORT_URL, params, follow=True)
    assert response.status_code == 200
    return ReportExport.objects.latest("pk"), response


def download(client, report_export):
    response = client.get(
        reverse("courses:reports:export_download", args=[report_export.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "attachment" in response["Content-Disposition"]
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def number(value):
    return "—" if value is None else float(value)


def sheet_rows(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def assert_behind_sheet_matches(sheet, page):
    rows = sheet_rows(sheet)
    assert rows[0] == ["苏木乡镇", "嘎查村", "姓名", "职务", "手机号", "缺项"]
    assert rows[1:] == [
        [
            c.village.township.name,
            c.village.name,
            c.name,
            c.get_position_display(),
            c.masked_mobile,
            "；".join(c.missing),
        ]
        for c in page
    ]


def all_cells(workbook):
    return [
        str(cell)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    ]


def test_banner_export_cells_match_the_screen(
    client, banner_supervisor, world, cadre, other_cadre
):
    context = screen(client, banner_supervisor)
    report_export, progress = export(client, {"year": YEAR})
    assert report_export.status == ReportExport.Status.DONE
    assert report_export.params == {"year": YEAR}
    assert report_export.rows_total == report_export.rows_done == 2 + 2
    assert "下载Excel文件" in progress.content.decode()

    workbook = download(client, report_export)
    assert workbook.sheetnames == ["统计", "未达标学员"]
    rows = sheet_rows(workbook["统计"])
    assert rows[0][0] == f"{YEAR} 年度 · 全旗"
    assert rows[1][:2] == ["苏木乡镇", "学员数"]
    expected = [
        [
            row.label,
            row.cadres,
            row.required_courses,
            row.required_completed,
            number(row.completion_rate),
            number(row.avg_online_hours),
            number(row.avg_centralised_hours),
            row.behind,
            number(row.behind_share),
        ]
        for row in [*context["report"].rows, context["report"].total]
    ]
    assert rows[2:] == expected
    assert rows[2][:2] == ["东明镇", 2]
    assert_behind_sheet_matches(workbook["未达标学员"], context["page_obj"])
    cells = all_cells(workbook)
    for person in (cadre, other_cadre):
        assert person.mobile not in cells
        assert person.masked_mobile in cells
    assert cadre.mobile[:3] + "****" + cadre.mobile[-4:] in cells


def test_village_export_with_a_track_filter_for_a_township_supervisor(
    client, township_supervisor, world, village, cadre
):
    params = {"village": village.pk, "track": world["track_b"].pk}
    context = screen(client, township_supervisor, **params)
    report_export, _progress = export(client, {**params, "year": YEAR})
    assert report_export.params == {
        "year": YEAR,
        "track": world["track_b"].pk,
        "village": village.pk,
    }
    workbook = download(client, report_export)
    rows = sheet_rows(workbook["统计"])
    assert rows[0][0] == f"{YEAR} 年度 · 东明镇 东明村 · {world['track_b'].title}"
    assert rows[1][:3] == ["姓名", "职务", "手机号"]
    by_name = {row[0]: row for row in rows[2:]}
    for row in context["report"].rows:
        assert by_name[row.label] == [
            row.label,
            row.obj.get_position_display(),
            row.obj.masked_mobile,
            row.required_courses,
            row.required_completed,
            number(row.completion_rate),
            float(row.online_hours),
            float(row.centralised_hours),
            "未达标" if row.behind else "达标",
            "；".join(row.missing) or None,  # an empty cell reads back as None
        ]
    assert by_name["乌力吉"][-2:] == ["未达标", "必修课未结业：四议两公开"]
    assert by_name["合计"][-2] == "未达标 1 人"
    assert_behind_sheet_matches(workbook["未达标学员"], context["page_obj"])
    assert cadre.mobile not in all_cells(workbook)


def test_progress_is_kept_as_rows_are_written(
    client, banner_supervisor, world, monkeypatch
):
    monkeypatch.setattr("courses.reports.exports.CHUNK_ROWS", 1)
    seen = []
    real = ReportExport.objects.filter

    def spy(*args, **kwargs):
        queryset = real(*args, **kwargs)
        original_update = queryset.update

        def update(**values):
            if "rows_done" in values:
                seen.append(values["rows_done"])
            return original_update(**values)

        queryset.update = update
        return queryset

    monkeypatch.setattr(ReportExport.objects, "filter", spy)
    client.force_login(banner_supervisor)
    report_export, _progress = export(client, {"year": YEAR})
    assert seen == [0, 2, 3, 4]  # start, the townships, then each one behind
    assert report_export.percent == 100


def test_status_endpoint_and_progress_page(client, banner_supervisor, world):
    client.force_login(banner_supervisor)
    report_export, progress = export(client, {"year": YEAR})
    html = progress.content.decode()
    assert 'id="export-bar"' in html and 'max="100" value="100"' in html
    status_url = reverse("courses:reports:export_status", args=[report_export.pk])
    assert status_url in html
    data = client.get(status_url).json()
    assert data["status"] == "done"
    assert data["percent"] == 100
    assert data["rows_done"] == data["rows_total"] == 4
    assert data["download_url"] == reverse(
        "courses:reports:export_download", args=[report_export.pk]
    )


@override_settings(
    TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
)
def test_a_queued_export_does_not_block_the_page(client, banner_supervisor, world):
    """With a queue (the production backend), the request only enqueues; the
    progress page polls until a worker has built the file."""
    client.force_login(banner_supervisor)
    report_export, progress = export(client, {"year": YEAR})
    assert report_export.status == ReportExport.Status.PENDING
    html = progress.content.decode()
    assert "排队中" in html and 'data-status="pending"' in html
    assert "courses/js/reports.js" in html
    status_url = reverse("courses:reports:export_status", args=[report_export.pk])
    assert client.get(status_url).json()["download_url"] == ""
    download_url = reverse("courses:reports:export_download", args=[report_export.pk])
    assert client.get(download_url).status_code == 404

    report_export_build.call(report_export.pk)  # what the worker does
    assert client.get(status_url).json()["status"] == "done"
    assert client.get(download_url).status_code == 200


# --- Scope ----------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        lambda t, v: {"township": t.pk},
        lambda t, v: {"village": v.pk},
        lambda t, v: {},
        lambda t, v: {"township": "1 OR 1=1"},
    ],
)
def test_township_supervisor_cannot_export_another_township(
    client, township_supervisor, other_township, other_village, params
):
    client.force_login(township_supervisor)
    response = client.post(EXPORT_URL, params(other_township, other_village))
    assert response.status_code == 404
    assert not ReportExport.objects.exists()


def test_only_the_requester_gets_the_export(
    client, banner_supervisor, administrator, township_supervisor, world
):
    client.force_login(banner_supervisor)
    report_export, _progress = export(client, {"year": YEAR})
    for other in (administrator, township_supervisor):
        client.force_login(other)
        for name in ("export", "export_status", "export_download"):
            url = reverse(f"courses:reports:{name}", args=[report_export.pk])
            assert client.get(url).status_code == 404


def test_download_stops_once_the_place_leaves_the_scope(
    client, township_supervisor, township, other_township, world
):
    client.force_login(township_supervisor)
    report_export, _progress = export(client, {"township": township.pk})
    url = reverse("courses:reports:export_download", args=[report_export.pk])
    assert client.get(url).status_code == 200

    township_supervisor.supervised_township = other_township
    township_supervisor.save()
    assert client.get(url).status_code == 404

    township_supervisor.role = Role.CADRE
    township_supervisor.supervised_township = None
    township_supervisor.save()
    assert client.get(url).status_code == 403


def test_an_export_out_of_scope_when_it_runs_fails_with_a_message(
    township_supervisor, other_township, world
):
    report_export = ReportExport.objects.create(
        requested_by=township_supervisor,
        params={"year": YEAR, "township": other_township.pk},
    )
    assert report_export_build.call(report_export.pk) == 0
    report_export.refresh_from_db()
    assert report_export.status == ReportExport.Status.FAILED
    assert report_export.error == "您已无权导出该范围的数据。"
    assert not report_export.file

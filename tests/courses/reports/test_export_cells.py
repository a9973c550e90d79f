"""督导看板's export writes what people typed as text (issue 13): a cadre
named like a formula is not a link in Excel; figures stay numbers."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from courses.models import ReportExport

from .conftest import YEAR

HYPERLINK = '=HYPERLINK("http://e.x","领补贴")'  # within the name's 40


def test_a_formula_in_a_name_is_exported_as_text(
    client, media_root, banner_supervisor, world, village, other_cadre
):
    other_cadre.name = HYPERLINK
    other_cadre.save()
    village.name = "-1+1"
    village.save()
    client.force_login(banner_supervisor)
    client.post(reverse("courses:reports:export_start"), {"year": YEAR})
    report_export = ReportExport.objects.latest("pk")
    response = client.get(
        reverse("courses:reports:export_download", args=[report_export.pk])
    )
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    behind = [list(row) for row in workbook["未达标学员"].iter_rows()]
    names = {row[2].value: row[2] for row in behind[1:]}
    assert HYPERLINK not in names
    cell = names["'" + HYPERLINK]
    assert cell.data_type == "s"
    villages = {row[1].value for row in behind[1:]}
    assert "'-1+1" in villages and "-1+1" not in villages
    # The figures of the 统计 sheet stay numbers.
    totals = list(workbook["统计"].iter_rows(values_only=True))[-1]
    assert all(isinstance(value, int | float) for value in totals[1:4])

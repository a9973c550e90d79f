"""Cells the site writes cannot be formulas (issue 13): text starting with
= + - @ is written with a leading apostrophe; numbers stay numbers."""

import io

import openpyxl
from django.urls import reverse

from lms.spreadsheets import csv_text, safe_cell, safe_row

HYPERLINK = '=HYPERLINK("http://evil.example/","点此领取补贴")'


def test_formula_text_is_prefixed_and_numbers_are_left_alone():
    assert safe_row([HYPERLINK, "+86", "-5", "@SUM(A1)", "巴特尔", -5, 0.5, None]) == [
        "'" + HYPERLINK,
        "'+86",
        "'-5",
        "'@SUM(A1)",
        "巴特尔",
        -5,
        0.5,
        None,
    ]
    assert safe_cell("\t=1+1") == "'\t=1+1"
    assert csv_text([["姓名"], [HYPERLINK]], bom=False) == (
        '姓名\r\n"\'=HYPERLINK(""http://evil.example/"",""点此领取补贴"")"\r\n'
    )


def test_the_roster_template_writes_a_village_name_as_text(
    client, administrator, village
):
    village.name = "=1+1"
    village.save()
    client.force_login(administrator)
    response = client.get(reverse("roster:template"))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    cells = [cell for row in workbook["苏木乡镇和嘎查村"].iter_rows() for cell in row]
    village_cell = next(cell for cell in cells if "1+1" in str(cell.value))
    assert village_cell.value == "'=1+1" and village_cell.data_type == "s"

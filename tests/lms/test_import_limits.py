"""Spreadsheet input is bounded before it is parsed (issue 13): 5 MB before the
body is read, the uncompressed size of an .xlsx, 30 columns, 5,000 rows with
the blank ones; a zip bomb or a cell at column XFD is refused with a Chinese
message. (How fast, and in how little memory: `make bench`, figure "limits".)"""

import io
from unittest import mock

import pytest
from django.urls import reverse

from lms.models import Cadre, PendingImport
from lms.roster import plan_roster
from tests.lms.hostile_files import (
    blank_rows_xlsx,
    far_cell_xlsx,
    hidden_far_cell_xlsx,
    zip_bomb,
)
from tests.lms.roster_factories import good_rows
from tests.lms.roster_files import HEADER, roster_csv

pytestmark = pytest.mark.usefixtures("media_root")

MB = 1024 * 1024


def upload(client, data, name="名册.xlsx", url="roster:upload"):
    file = io.BytesIO(data)
    file.name = name
    return client.post(reverse(url), {"file": file}, follow=True)


def refusal(response):
    """The preview's one error, the upload refused (nothing to confirm)."""
    assert response.status_code == 200
    upload = PendingImport.objects.get()
    assert upload.status == PendingImport.Status.REJECTED
    (error,) = upload.summary["errors"]
    assert error["message"] in response.content.decode()
    assert "确认导入" not in response.content.decode()
    return error["message"]


def test_a_zip_bomb_is_refused_from_its_directory(client, banner, administrator):
    client.force_login(administrator)
    with mock.patch("openpyxl.load_workbook") as load:
        message = refusal(upload(client, zip_bomb()))
    assert "文件解压后过大" in message and "64 MB" in message
    load.assert_not_called()  # nothing was decompressed
    assert not Cadre.objects.exists()


@pytest.mark.parametrize(
    "data",
    [far_cell_xlsx("XFD1048576"), hidden_far_cell_xlsx("XFD1")],
    ids=["the sheet's size says so", "a cell says so"],
)
def test_a_cell_at_column_xfd_is_refused(client, banner, administrator, data):
    client.force_login(administrator)
    message = refusal(upload(client, data))
    assert "超出了第 30 列（AD 列）" in message
    assert "请删除 AD 列右边的所有列" in message


def test_blank_rows_count_toward_the_rows_of_a_file(client, banner, administrator):
    client.force_login(administrator)
    message = refusal(upload(client, blank_rows_xlsx(5002)))
    assert "最多 5000 名学员" in message and "空白行也计入行数" in message

    plan = plan_roster(data=blank_rows_xlsx(5001), filename="名册.xlsx")
    assert "空白行" not in plan.errors[0].message  # 5,000 blank rows may be


def test_a_file_within_the_limits_still_imports(banner):
    header = [*HEADER, *(f"备注{i}" for i in range(30 - len(HEADER)))]
    plan = plan_roster(data=roster_csv(good_rows(2), header=header), filename="a.csv")
    assert [e.column for e in plan.errors] == [f"备注{i}" for i in range(20)]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("," * 30 + "x", "超出了第 30 列（AD 列）"),
        ("x" * 70_000, "第 3 行过长"),
    ],
)
def test_a_csv_file_is_bounded_too(banner, line, reason):
    data = roster_csv(good_rows(1)) + (line + "\r\n").encode()
    (error,) = plan_roster(data=data, filename="名册.csv").errors
    assert reason in error.message


def test_a_csv_file_of_blank_lines_is_refused(banner):
    data = roster_csv(good_rows(1)) + b"\r\n" * 5001
    (error,) = plan_roster(data=data, filename="名册.csv").errors
    assert "空白行也计入行数" in error.message


def test_excel_trailing_commas_are_not_columns(banner):
    data = roster_csv(good_rows(1)).replace(b"\r\n", b"," * 40 + b"\r\n")
    assert plan_roster(data=data, filename="名册.csv").ok


# --- the upload itself: 5 MB, refused before the body is read --------------------


def post_file(client, size, url):
    file = io.BytesIO(b"x" * size)
    file.name = "名册.csv"
    return client.post(reverse(url), {"file": file})


@pytest.mark.parametrize("url", ["roster:upload", "question_import:upload"])
def test_an_upload_over_5_mb_is_refused_before_it_is_read(client, administrator, url):
    client.force_login(administrator)
    with mock.patch(
        "django.http.multipartparser.MultiPartParser.parse",
        side_effect=AssertionError("the body was read"),
    ):
        response = post_file(client, 6 * MB, url)
    assert response.status_code == 413
    content = response.content.decode()
    assert "文件超过 5 MB，未上传" in content
    assert "<form" in content  # the form again, to choose another file
    assert not PendingImport.objects.exists()


def test_a_file_just_over_5_mb_is_stopped_as_it_streams(client, administrator):
    """Content-Length leaves room for the form's other fields: the file's own
    bytes are counted as they come."""
    client.force_login(administrator)
    response = post_file(client, 5 * MB + 10_000, "roster:upload")
    assert response.status_code == 413
    assert "文件超过 5 MB，未上传" in response.content.decode()
    assert not PendingImport.objects.exists()


def test_a_file_of_5_mb_is_read(client, administrator):
    client.force_login(administrator)
    response = post_file(client, 5 * MB, "roster:upload")
    assert response.status_code == 302
    assert PendingImport.objects.get().status == PendingImport.Status.REJECTED

"""A township supervisor, on a phone, drills down the dashboard from their
township to a village and a cadre, then exports the village to Excel."""

import io
from decimal import Decimal

from django.utils import timezone
from openpyxl import load_workbook

from courses.models import StudyHourTargets
from courses.selectors import study_year
from courses.services import enrollments_ensure_required
from lms.demo import make_cadre
from tests.conftest import PASSWORD
from tests.courses.factories import complete, make_course, make_lesson, tracks

from .conftest import PHONE


def test_township_supervisor_drills_down_and_downloads_the_export(
    phone_page, live_server, township_supervisor, village, other_village, cadre
):
    now = timezone.now()
    targets = StudyHourTargets.load()
    targets.online_hours = Decimal("1.0")
    targets.centralised_hours = Decimal("0")
    targets.save()
    course = make_course(
        tracks()[0], title="村级财务管理", year=study_year(now), credit_hours=1
    )
    make_lesson(course, credit_hours=Decimal("1.0"))
    done = make_cadre(village=village, name="巴特尔", serial=3)
    make_cadre(village=other_village, name="张玉兰", serial=4)
    for person in (cadre, done):
        enrollments_ensure_required(cadre=person)
    complete(done, course)

    page = phone_page
    page.goto(f"{live_server.url}/accounts/login/?next=/courses/reports/")
    page.fill("input[name=username]", township_supervisor.username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[name=password]) [type=submit]").click()
    # Landed on their township: the chart and the villages.
    page.get_by_role("heading", name="督导看板 · 东明镇").wait_for()
    assert page.get_by_text("各嘎查村必修课完成率").is_visible()
    assert page.get_by_text("张玉兰").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.locator(".report-table").get_by_role("link", name="东明村").tap()
    page.get_by_role("heading", name="督导看板 · 东明村").wait_for()
    table = page.locator(".report-table")
    assert table.get_by_text("必修课未结业：村级财务管理").is_visible()
    assert table.get_by_text("达标", exact=True).is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    with page.expect_navigation():
        table.get_by_role("link", name="乌力吉").tap()
    assert f"/courses/archive/{cadre.pk}/" in page.url
    page.go_back()

    page.get_by_role("button", name="导出Excel").tap()
    page.get_by_role("heading", name="导出Excel").wait_for()
    link = page.get_by_role("link", name="下载Excel文件")
    link.wait_for()
    assert page.locator("#export-bar").get_attribute("value") == "100"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    with page.expect_download() as info:
        link.tap()
    assert info.value.suggested_filename.endswith(".xlsx")
    with open(info.value.path(), "rb") as file:
        workbook = load_workbook(io.BytesIO(file.read()))
    names = [row[2] for row in workbook["未达标学员"].iter_rows(values_only=True)]
    assert names == ["姓名", "乌力吉"]
    stats = list(workbook["统计"].iter_rows(values_only=True))
    assert [row[0] for row in stats[2:]] == ["乌力吉", "巴特尔", "合计"]

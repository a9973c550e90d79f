"""A trainer, on a phone, opens the admin's home page, follows a course's
学习进度 from 我的课程, filters by state and downloads the Excel export."""

import datetime as dt
import io

from django.utils import timezone
from openpyxl import load_workbook

from courses.models import Requirement
from courses.services import enrollment_choose
from lms.demo import make_cadre
from tests.courses.factories import make_course, make_lesson, study, tracks

from .conftest import PHONE
from .logins import admin_log_in


def fits(page):
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_trainer_follows_a_course_to_its_progress_and_exports_it(
    phone_page, live_server, trainer, village, cadre
):
    course = make_course(
        tracks()[0],
        title="村级财务管理",
        trainers=[trainer],
        requirement=Requirement.ELECTIVE,
    )
    lesson = make_lesson(course, title="财务公开", study_minutes=1)
    make_lesson(course, title="三资管理", study_minutes=1)
    studying = make_cadre(village=village, name="巴特尔", serial=3)
    for person in (cadre, studying):
        enrollment_choose(cadre=person, course=course)
    study(studying, lesson, timezone.now() - dt.timedelta(hours=1), complete=True)

    page = phone_page
    admin_log_in(page, live_server.url, trainer)
    panel = page.locator("#my-courses-section")
    panel.get_by_role("link", name="村级财务管理").wait_for()
    assert panel.get_by_text("已发布").is_visible()
    assert page.get_by_text("个页面").count() == 0  # no site summary
    assert fits(page)

    with page.expect_navigation():
        panel.get_by_role("link", name="学习进度").tap()
    page.get_by_role("heading", name="学习进度").wait_for()
    cards = page.locator(".teaching-progress__row")
    assert cards.count() == 2
    assert fits(page)
    # On a phone each cadre is a card: the lesson's cell says its name.
    first_lesson = cards.filter(has_text="巴特尔").locator("td[data-label=财务公开]")
    assert first_lesson.inner_text() == "已完成 1分钟"

    page.select_option("select[name=state]", "studying")
    with page.expect_navigation():
        page.get_by_role("button", name="筛选").tap()
    assert cards.count() == 1
    assert cards.first.get_by_text("巴特尔").is_visible()
    assert page.get_by_text("乌力吉").count() == 0
    assert fits(page)

    page.get_by_role("button", name="导出Excel").tap()
    page.get_by_role("heading", name="导出Excel").wait_for()
    link = page.get_by_role("link", name="下载Excel文件")
    link.wait_for()
    assert page.locator("#export-bar").get_attribute("value") == "100"
    assert fits(page)
    with page.expect_download() as info:
        link.tap()
    assert info.value.suggested_filename.endswith(".xlsx")
    with open(info.value.path(), "rb") as file:
        sheet = load_workbook(io.BytesIO(file.read())).active
    table = list(sheet.iter_rows(values_only=True))
    assert table[0][0] == "村级财务管理 · 学习中"
    assert [row[0] for row in table[2:]] == ["巴特尔"]
    assert table[2][1] == "139****0003"
    assert list(table[2][6:]) == ["学习中", "—", "已完成 1分钟", "未学"]

"""A trainer on a phone (360 px): the admin's session list, the session form's
roster filters, the register and the lesson editor fit the screen, their
links are on it, and the Wagtail userbar never covers the portal's content."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from courses.models import Requirement, TrainingSession
from courses.services import enrollment_choose
from lms.demo import make_cadre
from tests.courses.factories import make_course, make_lesson, tracks

from .conftest import PHONE
from .logins import admin_log_in

SLACK = 4  # px: rounding


@pytest.fixture
def course(trainer, village, cadre):
    course = make_course(
        tracks()[0],
        title="党支部标准化规范化建设",
        trainers=[trainer],
        requirement=Requirement.ELECTIVE,
    )
    enrollment_choose(cadre=cadre, course=course)
    for serial in range(3, 9):
        person = make_cadre(
            village=village, name=f"学员{serial}", serial=serial, with_account=False
        )
        enrollment_choose(cadre=person, course=course)
    return course


@pytest.fixture
def sessions(course, trainer):
    now = timezone.now()
    made = []
    for title, starts_in in [
        ("村务监督实务 第4期（十一天后）", dt.timedelta(days=11)),
        ("村务监督实务 第5期", dt.timedelta(minutes=15)),
        ("村务监督实务 第6期", dt.timedelta(hours=-1)),
        ("村务监督实务 第7期", dt.timedelta(hours=-5)),
    ]:
        made.append(
            TrainingSession.objects.create(
                course=course,
                title=title,
                place="东明镇党群服务中心",
                starts_at=now + starts_in,
                ends_at=now + starts_in + dt.timedelta(hours=3),
                credit_hours=Decimal("3"),
                trainer=trainer,
            )
        )
    return made


def scroll_width(page):
    return page.evaluate("document.scrollingElement.scrollWidth")


def assert_on_screen(locator):
    """Every element of locator lies within the screen's width."""
    assert locator.count() > 0
    for i in range(locator.count()):
        element = locator.nth(i)
        element.scroll_into_view_if_needed()
        box = element.bounding_box()
        assert box is not None, element
        assert box["x"] >= -1, (element.inner_text(), box)
        assert box["x"] + box["width"] <= PHONE["width"] + SLACK, (
            element.inner_text(),
            box,
        )


# Per cell of the list: the number of lines its text takes (a column squeezed
# to one character a line takes as many lines as it has characters).
CELL_LINES = """() => [...document.querySelectorAll('.lms-session-listing tbody td')]
  .filter(td => td.offsetParent !== null && td.innerText.trim())
  .map(td => {
    const range = document.createRange();
    range.selectNodeContents(td);
    const tops = new Set([...range.getClientRects()]
      .filter(r => r.width > 0).map(r => Math.round(r.top)));
    return [td.innerText.trim(), tops.size];
  })"""


def test_the_session_list_is_a_card_per_session_on_a_phone(
    phone_page, live_server, trainer, sessions
):
    page = phone_page
    admin_log_in(page, live_server.url, trainer)
    page.goto(f"{live_server.url}/admin/courses/sessions/")
    page.get_by_text("村务监督实务 第4期（十一天后）").wait_for()
    assert scroll_width(page) <= PHONE["width"] + SLACK
    for text, lines in page.evaluate(CELL_LINES):
        assert lines <= 2, (text, lines)
    for name in ("考勤登记", "投影签到", "签到表"):
        assert_on_screen(page.get_by_role("link", name=name, exact=True))
    assert_on_screen(page.locator(".lms-session-listing td.title a"))
    row = page.locator("tr", has_text="十一天后")
    assert row.locator(".lms-session-state").inner_text() == "未开始"


def test_the_roster_filters_show_only_for_a_chosen_roster(
    phone_page, live_server, trainer, sessions
):
    page = phone_page
    admin_log_in(page, live_server.url, trainer)
    page.goto(f"{live_server.url}/admin/courses/sessions/edit/{sessions[0].pk}/")
    filters = page.locator("[data-roster-filters-target=filter]")
    filters.first.wait_for(state="attached")
    assert filters.count() == 3
    assert not any(filters.nth(i).is_visible() for i in range(3))
    assert "应到 7 人" in page.locator(".lms-roster-notice").inner_text()
    page.get_by_label("按条件选定的学员").check()
    assert all(filters.nth(i).is_visible() for i in range(3))
    assert scroll_width(page) <= PHONE["width"] + SLACK
    page.get_by_label("本课程全部报名学员").check()
    assert not filters.first.is_visible()


def userbar_box(page):
    return page.evaluate(
        """() => {
          const bar = document.querySelector('wagtail-userbar');
          const trigger = bar && bar.shadowRoot
            && bar.shadowRoot.querySelector('.w-userbar-trigger');
          if (!trigger) return null;
          const r = trigger.getBoundingClientRect();
          return {x: r.x, y: r.y, width: r.width, height: r.height};
        }"""
    )


def overlaps(a, b):
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


@pytest.mark.parametrize("width", [PHONE["width"], 1280])
def test_the_register_fits_and_the_userbar_covers_nothing(
    browser, live_server, trainer, sessions, width
):
    context = browser.new_context(
        viewport={"width": width, "height": 740 if width == PHONE["width"] else 900},
        is_mobile=width == PHONE["width"],
        has_touch=width == PHONE["width"],
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        admin_log_in(page, live_server.url, trainer)
        page.goto(f"{live_server.url}/courses/sessions/{sessions[2].pk}/register/")
        page.get_by_text("进行中", exact=True).wait_for()
        assert scroll_width(page) <= width + SLACK
        if width == PHONE["width"]:
            for name in ("投影签到", "打印签到表", "导入纸质签到表"):
                assert_on_screen(page.get_by_role("link", name=name))
            assert_on_screen(page.locator(".register-edit summary"))
            assert_on_screen(page.get_by_role("button", name="全部标为出勤"))
        page.wait_for_function(
            "() => document.querySelector('wagtail-userbar')?.shadowRoot"
        )
        # At the top, halfway and at the end: the userbar is never over the
        # main content, nor over its last element.
        for position in ("0", "document.scrollingElement.scrollHeight / 2", "1e9"):
            page.evaluate(f"window.scrollTo(0, {position})")
            bar = userbar_box(page)
            assert bar is not None
            for selector in ("#main", "#main .wrap > :last-child"):
                box = page.locator(selector).bounding_box()
                assert not overlaps(bar, box), (position, selector, bar, box)
        assert bar["x"] + bar["width"] <= width + SLACK  # and it is on screen
    finally:
        context.close()


def test_the_lesson_editor_fits_a_phone(phone_page, live_server, trainer, course):
    lesson = make_lesson(
        course,
        title="党建引领乡村振兴的时代要求",
        body=[
            ("heading", "政策要点"),
            (
                "policy_quote",
                {"text": "党支部是党的基础组织。", "source": "《党支部工作条例》"},
            ),
            (
                "callout",
                {"tone": "warning", "title": "注意", "body": "<p>四议两公开。</p>"},
            ),
        ],
    )
    page = phone_page
    admin_log_in(page, live_server.url, trainer)
    page.goto(f"{live_server.url}/admin/pages/{lesson.pk}/edit/")
    page.locator("[data-contentpath=body]").first.wait_for()
    page.get_by_text("出处").wait_for()
    assert scroll_width(page) <= PHONE["width"] + SLACK
    # Every field, block control and comment button is on the screen.
    off_screen = page.evaluate(
        """() => [...document.querySelectorAll(
            '.w-field__input, .w-field__comment-button, [data-streamfield-action]')]
          .filter(el => el.offsetParent !== null)
          .map(el => [el.className, Math.round(el.getBoundingClientRect().right)])
          .filter(([, right]) => right > innerWidth + 4)"""
    )
    assert off_screen == []

"""In the browser: a trainer submits a course for review from its form, the
submit step listing its draft lessons and quiz (one left unticked); the
reviewer approves in the confirmation, which names what goes live; the quiz
form's totals follow the trainer's edits."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group

from courses.models import CoursePage, Requirement
from courses.publishing.workflow import REVIEWERS_GROUP, course_publishing_ensure
from lms.models import Role
from lms.services import user_create
from tests.conftest import PASSWORD
from tests.courses.factories import make_course, make_lesson, tracks
from tests.exams.factories import category, make_question, make_quiz

from .logins import admin_log_in

DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def desktop_page(browser, live_server):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_a_course_goes_to_review_and_live_with_its_parts(
    desktop_page, live_server, trainer
):
    course_publishing_ensure()
    reviewer = user_create(
        username="reviewer", name="审核员", role=Role.SUPERVISOR, password=PASSWORD
    )
    reviewer.groups.add(Group.objects.get(name=REVIEWERS_GROUP))
    course = make_course(
        tracks()[0],
        title="草原生态保护",
        trainers=[trainer],
        live=False,
        requirement=Requirement.REQUIRED,
    )
    course.save_revision()
    parts = [
        make_lesson(course, title="禁牧休牧", live=False),
        make_lesson(course, title="草畜平衡", live=False),
        make_quiz(course, title="草原测验", live=False),
    ]
    for part in parts:
        part.save_revision()

    page = desktop_page
    admin_log_in(page, live_server.url, trainer)
    page.goto(f"{live_server.url}/admin/pages/{course.pk}/edit/")
    page.locator("footer.footer button.w-dropdown__toggle").click()
    page.get_by_role("button", name="提交给课程审核").first.click()
    dialog = page.locator("#course-submit-dialog")
    dialog.get_by_text("同时提交 3 个未发布的课时/测验").wait_for()
    dialog.get_by_label("课时 · 草畜平衡").uncheck()
    dialog.locator("button[name=action-submit]").click()
    page.get_by_text("课程的 2 个课时/测验已随课程一并提交审核").wait_for()

    page.context.clear_cookies()
    admin_log_in(page, live_server.url, reviewer)
    page.get_by_text("待我审核（先提交的在前）").wait_for()
    assert page.get_by_text("随课程一并审核").is_visible()
    page.goto(f"{live_server.url}/admin/pages/{course.pk}/edit/")
    page.locator("footer.footer button.w-dropdown__toggle").click()
    page.locator("footer.footer button[data-workflow-action-name=approve]").click()
    modal = page.locator(".modal-content")
    modal.get_by_text("批准后将发布").wait_for()
    assert modal.get_by_text("课时《禁牧休牧》").is_visible()
    assert modal.get_by_text("测验《草原测验》").is_visible()
    assert modal.get_by_text("以下未提交审核的草稿不会发布").is_visible()
    modal.get_by_role("button", name="确认批准并发布").click()
    page.wait_for_load_state("networkidle")

    course = CoursePage.objects.get(pk=course.pk)
    assert course.live
    titles = {p.title for p in course.get_children().live()}
    assert titles == {"禁牧休牧", "草原测验"}


def test_the_quiz_form_totals_follow_the_edits(desktop_page, live_server, trainer):
    course = make_course(tracks()[0], trainers=[trainer])
    quiz = make_quiz(
        course,
        questions=[(make_question(), Decimal("5"))],
        rules=[(category(), 3, Decimal("2"))],
    )
    page = desktop_page
    admin_log_in(page, live_server.url, trainer)
    page.goto(f"{live_server.url}/admin/pages/{quiz.pk}/edit/")
    totals = page.locator("[data-quiz-totals]")
    assert totals.locator("[data-quiz-totals-count]").inner_text() == "4"
    assert totals.locator("[data-quiz-totals-points]").inner_text() == "11"
    page.fill("input[name=random_rules-0-count]", "10")
    page.wait_for_function(
        "() => document.querySelector('[data-quiz-totals-count]').textContent === '11'"
    )
    assert totals.locator("[data-quiz-totals-points]").inner_text() == "25"


def test_adding_a_session_from_a_course_chooses_the_course(
    desktop_page, live_server, trainer
):
    make_course(tracks()[0], title="村级财务管理", trainers=[trainer])
    course = make_course(tracks()[0], title="草原生态保护", trainers=[trainer])
    page = desktop_page
    admin_log_in(page, live_server.url, trainer)
    page.goto(f"{live_server.url}/admin/pages/{course.pk}/")
    page.locator("[data-course-add] button.w-dropdown__toggle").click()
    assert page.get_by_role("link", name="添加课时").is_visible()
    assert page.get_by_role("link", name="添加测验").is_visible()
    page.get_by_role("link", name="添加培训场次").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("select[name=course]").input_value() == str(course.pk)

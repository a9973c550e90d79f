"""Every kind of page, as every role, under the site's Content-Security-Policy:
no page breaks the policy (a `securitypolicyviolation` event) or logs an error.

One browser, one context per role; the pages are visited one after another in
the same tab."""

import datetime as dt
import json
from decimal import Decimal

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from wagtail.documents.models import Document
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed

from courses.models import Certificate, Requirement, TrainingSession
from courses.services import enrollment_choose
from tests.cms.videos import tiny_video
from tests.courses.factories import make_course, make_lesson, tracks
from tests.exams.factories import make_question, make_quiz

from .logins import admin_log_in, log_in

YOUTUBE = "https://www.youtube.com/watch?v=csp-test"

# Every frame reports its violations to the test, before any page script runs.
REPORTER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolation(JSON.stringify({
    page: location.pathname + location.search,
    directive: event.effectiveDirective,
    blocked: event.blockedURI,
    source: event.sourceFile + ":" + event.lineNumber,
    sample: event.sample,
  }));
});
"""


class Visit:
    """A role's tab, and what went wrong in it."""

    def __init__(self, browser, base_url, role):
        self.base_url = base_url
        self.role = role
        self.problems = []
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.context.expose_function("cspViolation", self._violation)
        self.context.add_init_script(REPORTER)
        # No internet here: the embedded player's site answers an empty page.
        self.context.route(
            "https://www.youtube.com/**",
            lambda route: route.fulfill(body="<html></html>", content_type="text/html"),
        )
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.page.on("console", self._console)
        self.page.on("pageerror", self._page_error)

    def _where(self):
        return f"{self.role} {self.page.url.removeprefix(self.base_url)}"

    def _violation(self, report):
        self.problems.append(f"{self.role} CSP {json.loads(report)}")

    def _console(self, message):
        if message.type == "error":
            self.problems.append(f"{self._where()} console: {message.text}")

    def _page_error(self, error):
        self.problems.append(f"{self._where()} page error: {error}")

    def settle(self):
        """Let the page's scripts run a moment after the load."""
        self.page.wait_for_load_state("load")
        self.page.evaluate(
            "() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 100)))"
        )

    def open(self, path):
        response = self.page.goto(self.base_url + path)
        if response.status >= 400:
            self.problems.append(f"{self.role} {path}: HTTP {response.status}")
        self.settle()

    def open_all(self, paths):
        for path in paths:
            self.open(path)

    def close(self):
        self.context.close()


def build(cadre, trainer, media_root):
    """A course taught by trainer with a video lesson (and an embedded player),
    a quiz, a session today, the cadre enrolled, and a certificate."""
    course = make_course(
        tracks()[0],
        title="村级财务管理",
        trainers=[trainer],
        requirement=Requirement.ELECTIVE,
    )
    video = Document(
        title="课时视频",
        file=ContentFile(tiny_video(seconds=1, audio=False), name="lesson.mp4"),
    )
    video.save()
    Embed.objects.create(
        url=YOUTUBE,
        hash=get_embed_hash(YOUTUBE),
        max_width=None,
        type="video",
        html='<iframe src="https://www.youtube.com/embed/csp-test"></iframe>',
        title="YouTube",
        provider_name="YouTube",
    )
    lesson = make_lesson(
        course,
        title="财务公开",
        study_minutes=1,
        body=[
            ("paragraph", "<p>四议两公开。</p>"),
            ("video", {"video": video, "poster": None, "caption": "讲解"}),
            ("embed", YOUTUBE),
        ],
    )
    quiz = make_quiz(
        course,
        title="财务测验",
        questions=[make_question(stem="村务公开多久一次？")],
        credit_hours=Decimal("0.5"),
    )
    now = timezone.now()
    session = TrainingSession.objects.create(
        course=course,
        title="财务管理培训",
        place="东明镇党群服务中心",
        starts_at=now - dt.timedelta(minutes=30),
        ends_at=now + dt.timedelta(hours=2),
        credit_hours=Decimal("2"),
        trainer=trainer,
    )
    enrollment_choose(cadre=cadre, course=course)
    certificate = Certificate.objects.create(
        cadre=cadre, course=course, code="CSPTEST234", completed_at=now, hours=2
    )
    return course, lesson, quiz, session, certificate


def admin_paths(course, lesson, quiz, session, cadre, *, editor):
    paths = ["/admin/", "/admin/pages/", f"/admin/pages/{course.get_parent().pk}/"]
    if editor:
        paths += [
            reverse("wagtailadmin_pages:edit", args=[page.pk])
            for page in (course, lesson, quiz)
        ]
        paths += [
            reverse("wagtailsnippets_exams_question:list"),
            reverse("wagtailsnippets_exams_question:add"),
            reverse("question_import:upload"),
            reverse("training_sessions:index"),
            reverse("training_sessions:edit", args=[session.pk]),
            reverse("courses:register", args=[session.pk]),
            reverse("courses:register_import", args=[session.pk]),
            reverse("courses:sheet", args=[session.pk]),
            reverse("exam_results:index"),
            reverse("exam_results:quiz", args=[quiz.pk]),
            reverse("course_teaching:progress", args=[course.pk]),
        ]
    return paths


def test_no_page_breaks_the_content_security_policy(
    browser,
    live_server,
    media_root,
    cadre,
    trainer,
    township_supervisor,
    banner_supervisor,
    administrator,
):
    course, lesson, quiz, session, certificate = build(cadre, trainer, media_root)
    base = live_server.url
    problems = []
    portal = [
        "/",
        course.get_parent().url,
        course.url,
        reverse("courses:search") + "?q=财务",
        reverse("courses:certificate_verify", args=[certificate.code]),
    ]
    cadres = reverse("lms_cadres:index")
    people = [
        cadres,
        cadres + "?q=乌力吉",
        reverse("lms_cadres:inspect", args=[cadre.pk]),
    ]
    reports = reverse("courses:reports:dashboard")

    def visit(role, start):
        tab = Visit(browser, base, role)
        try:
            start(tab)
            yield tab
        finally:
            problems.extend(tab.problems)
            tab.close()

    # Anonymous: the portal and the login pages.
    for tab in visit("anonymous", lambda tab: None):
        tab.open_all([*portal, "/accounts/login/", "/admin/login/"])

    # A cadre: study, a quiz from start to result, the records, a check-in.
    for tab in visit(
        "cadre", lambda tab: log_in(tab.page, base, cadre.user, "/courses/mine/")
    ):
        tab.settle()
        tab.open_all([*portal, lesson.url])
        tab.open(quiz.url)
        tab.page.get_by_role("button", name="开始答题").click()
        tab.page.wait_for_url("**/exams/attempts/*/")
        tab.settle()
        tab.page.locator("input[type=radio]").first.check()
        tab.page.get_by_text("已保存").wait_for()
        tab.page.once("dialog", lambda dialog: dialog.accept())
        tab.page.get_by_role("button", name="交卷").click()
        tab.page.wait_for_url("**/result/")
        tab.settle()
        tab.open_all(
            [
                reverse("courses:my_archive"),
                reverse("courses:certificate", args=[certificate.code]),
                reverse("courses:checkin", args=[session.pk]),
                reverse("courses:checkin", args=[session.pk]) + "?code=000000",
            ]
        )

    # The trainer: the page editor (with its preview), the question bank,
    # the session's register, sign-in sheet and projector.
    for tab in visit("trainer", lambda tab: admin_log_in(tab.page, base, trainer)):
        tab.open_all(
            admin_paths(course, lesson, quiz, session, cadre, editor=True)
            + [reverse("courses:projector", args=[session.pk])]
        )
        tab.open(reverse("wagtailadmin_pages:edit", args=[lesson.pk]))
        tab.page.locator("[data-side-panel-toggle=preview]").first.click()
        tab.page.frame_locator("iframe").first.locator("body").wait_for()
        tab.settle()

    # Supervisors: the report dashboard and the cadres of their scope.
    for role, user in (
        ("township supervisor", township_supervisor),
        ("banner supervisor", banner_supervisor),
    ):
        for tab in visit(
            role, lambda tab, user=user: admin_log_in(tab.page, base, user)
        ):
            tab.open_all(
                [
                    *admin_paths(course, lesson, quiz, session, cadre, editor=False),
                    *people,
                    reports,
                ]
            )

    # The administrator: everything above, the imports and the people screens.
    for tab in visit(
        "administrator", lambda tab: admin_log_in(tab.page, base, administrator)
    ):
        tab.open_all(
            [
                *admin_paths(course, lesson, quiz, session, cadre, editor=True),
                *people,
                reverse("lms_cadres:edit", args=[cadre.pk]),
                reverse("roster:upload"),
                reverse("wagtailusers_users:index"),
                reverse("lms_personal_data_access:index"),
                reports,
                portal[0],
            ]
        )

    assert problems == [], "\n".join(problems)

"""Every admin screen trainers, supervisors and administrators use is in Chinese.

Each role renders the screens it may see (and the admin screens linked from its
dashboard, so that new panels are covered too); the text a user sees or hears
(text, tooltips, placeholders, labels for screen readers, button faces, and the
labels and strings Wagtail's scripts take from the page's JSON) must have no
English word outside a short allow-list. Wagtail's gaps are filled by
locale/zh_Hans/LC_MESSAGES/django.po and djangojs.po.
"""

import json
import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import polib
import pytest
import wagtail
from django.apps import apps
from django.core.files.base import ContentFile
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from wagtail.admin.menu import admin_menu, help_menu, reports_menu, settings_menu
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import PageLogEntry, Site
from wagtail.test.utils.form_data import querydict_from_html
from wagtail.users.models import UserProfile

from courses.models import CoursePage, LessonPage, TrainingSession
from exams.models import Question, QuizPage
from exams.viewsets import QuestionViewSet
from lms.models import User

from ..conftest import PASSWORD
from ..courses.factories import make_course, make_lesson, tracks
from ..exams.factories import make_question, make_quiz
from .visible_text import ALLOWED_WORDS, WORD, english_in, read_page

QUESTIONS_PER_PAGE = QuestionViewSet.list_per_page

# ---- The screens ---------------------------------------------------------------

ADMIN, TRAINER, SUPERVISOR, TOWNSHIP = "admin", "trainer", "supervisor", "sup_town"
STAFF = {ADMIN, TRAINER, SUPERVISOR, TOWNSHIP}
EDITORS = {ADMIN, TRAINER}
WATCHERS = {ADMIN, SUPERVISOR, TOWNSHIP}


@pytest.fixture(autouse=True)
def menus_built_in_english():
    """Wagtail builds its menus once a process, in the language of the first
    request after a restart; built here in English, each label must still
    follow the user's language (Wagtail formats "What's new in Wagtail 8.0"
    then: cms.wagtail_hooks formats it again for each request). The URLconf
    loads before, in the server's language (views built then keep theirs)."""
    reverse("wagtailadmin_home")
    for menu in (admin_menu, settings_menu, reports_menu, help_menu):
        menu.__dict__.pop("registered_menu_items", None)
        with translation.override("en"):
            menu.registered_menu_items  # noqa: B018


@pytest.fixture
def world(township, village, cadre, trainer, administrator):
    home_track = tracks()[0]
    course = make_course(
        home_track, title="村级财务管理", trainers=[trainer], audience_townships=[]
    )
    lesson = make_lesson(course, title="财务公开")
    question = make_question()
    quiz = make_quiz(course, questions=[question])
    Question.objects.bulk_create(  # the bank and its chooser show their paginator
        Question(
            kind=question.kind,
            stem=f"第{n}题：{question.stem}",
            options=question.options,
            answer=question.answer,
            category=question.category,
        )
        for n in range(QUESTIONS_PER_PAGE)  # with `question`, two pages
    )
    pending = make_lesson(course, title="待审核的课时")
    pending.save_revision(user=trainer)
    pending.get_workflow().start(pending, trainer)
    start = timezone.now() + timedelta(days=3)
    session = TrainingSession.objects.create(
        course=course,
        title="财务管理培训",
        place="东明镇党群服务中心",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        credit_hours=Decimal("3"),
        trainer=trainer,
    )
    Image.objects.create(title="村部照片", file=get_test_image_file())
    Document.objects.create(title="财务制度", file=ContentFile(b"%PDF-1.4", "z.pdf"))
    return {
        "track": home_track,
        "course": course,
        "lesson": lesson,
        "quiz": quiz,
        "pending": pending,
        "session": session,
        "village": village,
        "township": township,
        "cadre": cadre,
        "site": Site.objects.get(is_default_site=True),
    }


def screens(w):
    """(name, url, roles, expected status) for every screen the issue names."""
    page = lambda name, p: reverse(f"wagtailadmin_pages:{name}", args=[p.pk])  # noqa: E731
    add = lambda model, parent: reverse(  # noqa: E731
        "wagtailadmin_pages:add",
        args=[model._meta.app_label, model._meta.model_name, parent.pk],
    )
    people = lambda kind, action, *a: reverse(f"lms_{kind}:{action}", args=a)  # noqa: E731
    state = w["pending"].current_workflow_task_state
    s = w["session"]
    yield "dashboard", reverse("wagtailadmin_home"), STAFF, 200
    yield "account settings", reverse("wagtailadmin_account"), STAFF, 200
    yield "404 in the admin", "/admin/no-such-screen/", STAFF, 404
    yield "search", reverse("wagtailadmin_pages:search") + "?q=财务", EDITORS, 200
    yield (
        "classroom explorer",
        reverse("wagtailadmin_explore", args=[w["track"].pk]),
        EDITORS,
        200,
    )
    yield (
        "course explorer",
        reverse("wagtailadmin_explore", args=[w["course"].pk]),
        EDITORS,
        200,
    )
    yield "course create", add(CoursePage, w["track"]), EDITORS, 200
    yield "course edit", page("edit", w["course"]), EDITORS, 200
    yield "lesson create", add(LessonPage, w["course"]), EDITORS, 200
    yield "lesson edit", page("edit", w["lesson"]), EDITORS, 200
    yield "quiz create", add(QuizPage, w["course"]), EDITORS, 200
    yield "quiz edit", page("edit", w["quiz"]), EDITORS, 200
    yield "page history", page("history", w["course"]), EDITORS, 200
    yield "lesson in review", page("edit", w["pending"]), EDITORS, 200
    yield "workflow history", page("workflow_history", w["pending"]), EDITORS, 200
    yield (
        "approve dialog",
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[w["pending"].pk, "approve", state.pk],
        ),
        {ADMIN},
        200,
    )
    for report in ("workflow", "workflow_tasks", "site_history", "aging_pages"):
        yield (
            f"report {report}",
            reverse(f"wagtailadmin_reports:{report}"),
            EDITORS,
            200,
        )
    for chooser, args in (
        ("wagtailimages_chooser:choose", []),
        ("wagtaildocs_chooser:choose", []),
        ("wagtailsnippetchoosers_exams_question:choose", []),
        ("wagtailadmin_choose_page_child", [w["course"].pk]),
        ("wagtailadmin_choose_page_external_link", []),
        ("wagtailadmin_choose_page_email_link", []),
    ):
        yield chooser, reverse(chooser, args=args), EDITORS, 200
    yield "images", reverse("wagtailimages:index"), EDITORS, 200
    yield "image upload", reverse("wagtailimages:add_multiple"), EDITORS, 200
    yield "documents", reverse("wagtaildocs:index"), EDITORS, 200
    yield "document upload", reverse("wagtaildocs:add_multiple"), EDITORS, 200
    bank = reverse("wagtailsnippets_exams_question:list")
    yield "question bank", bank, EDITORS, 200
    yield "question bank's last page", bank + "?p=2", EDITORS, 200
    yield "question create", reverse("wagtailsnippets_exams_question:add"), EDITORS, 200
    yield (
        "categories",
        reverse("wagtailsnippets_exams_questioncategory:list"),
        EDITORS,
        200,
    )
    yield "question import", reverse("question_import:upload"), EDITORS, 200
    yield "quiz results", reverse("exam_results:index"), STAFF, 200
    yield "session list", reverse("training_sessions:index"), STAFF, 200
    yield "session create", reverse("training_sessions:add"), EDITORS, 200
    yield "session edit", reverse("training_sessions:edit", args=[s.pk]), EDITORS, 200
    yield (
        "session details",
        reverse("training_sessions:inspect", args=[s.pk]),
        STAFF,
        200,
    )
    for kind, obj in (("townships", "township"), ("villages", "village")):
        pk = w[obj].pk
        yield kind, people(kind, "index"), WATCHERS, 200
        yield f"{kind} details", people(kind, "inspect", pk), WATCHERS, 200
        yield f"{kind} edit", people(kind, "edit", pk), {ADMIN}, 200
    yield "cadres", people("cadres", "index"), WATCHERS, 200
    yield "cadre details", people("cadres", "inspect", w["cadre"].pk), WATCHERS, 200
    yield "cadre edit", people("cadres", "edit", w["cadre"].pk), {ADMIN}, 200
    yield "cadre create", people("cadres", "add"), {ADMIN}, 200
    yield "users", reverse("wagtailusers_users:index"), {ADMIN}, 200
    yield (
        "user edit",
        reverse("wagtailusers_users:edit", args=[s.trainer_id]),
        {ADMIN},
        200,
    )
    yield "roster import", reverse("roster:upload"), {ADMIN}, 200
    yield "sites", reverse("wagtailsites:index"), {ADMIN}, 200
    yield "site edit", reverse("wagtailsites:edit", args=[w["site"].pk]), {ADMIN}, 200
    # Screens other work is adding; checked where they exist.
    for name, args, roles in (
        ("course_teaching:progress", [w["course"].pk], EDITORS),
        ("cms_videos:index", [], EDITORS),
        ("cms_videos:add", [], EDITORS),
    ):
        try:
            yield name, reverse(name, args=args), roles, None  # any, redirects followed
        except NoReverseMatch:
            pass


# ---- The tests -----------------------------------------------------------------

ROLE_FIXTURES = {
    ADMIN: "administrator",
    TRAINER: "trainer",
    SUPERVISOR: "banner_supervisor",
    TOWNSHIP: "township_supervisor",
}
NOT_FOLLOWED = re.compile(
    r"logout|delete|unpublish|revert|copy|move|lock|export|download|preview|"
    r"view_draft|/projector|/checkin|/sign-in|/print|jsi18n|/sprite/"
)


def data_words():
    """What users typed (user names, e-mail addresses, sites' host names, page
    titles: Wagtail's first page is "Welcome to your new Wagtail site!") is not
    the UI's; nor is the bare page type tests and `make bench` add."""
    typed = [f"{u.username} {u.email}" for u in User.objects.all()]
    typed += PageLogEntry.objects.values_list("label", flat=True)
    typed += [f"{s.hostname} {s.site_name}" for s in Site.objects.all()]
    typed += [
        str(m._meta.verbose_name)
        for m in apps.get_models()
        if m._meta.app_label == "bench_pages"
    ]
    return {w.lower() for text in typed for w in WORD.findall(text)}


def render(client, url, follow=False):
    response = client.get(url, follow=follow)
    content = response.content.decode()
    if response.get("Content-Type", "").startswith("application/json"):
        content = json.loads(content).get("html", "")  # a dialog
    return response.status_code, *read_page(content)


def english_on_screens(client, visits):
    """{text: [screens]} for each English text on the screens visited."""
    allowed = ALLOWED_WORDS | data_words()
    found, seen = {}, set()
    queue = list(visits)
    while queue:
        name, url, status = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        got, texts, links = render(client, url, follow=status is None)
        assert got == (status or 200), (name, url, got)
        for text in texts:
            if english_in(text, allowed):
                found.setdefault(text, []).append(f"{name} {url}")
        if name == "dashboard":  # follow its links one step: panels others add
            queue += [
                ("linked from the dashboard", link, 200)
                for link in links
                if link.startswith("/admin/") and not NOT_FOLLOWED.search(link)
            ]
    return found


@pytest.mark.parametrize("role", [ADMIN, TRAINER, SUPERVISOR, TOWNSHIP])
def test_every_admin_screen_is_in_chinese(request, client, world, role):
    user = request.getfixturevalue(ROLE_FIXTURES[role])
    assert client.login(username=user.username, password=PASSWORD)
    visits = [(n, url, st) for n, url, roles, st in screens(world) if role in roles]
    found = english_on_screens(client, visits)
    report = "\n".join(
        f"  {text!r}\n      on {', '.join(sorted(set(where))[:3])}"
        for text, where in sorted(found.items())
    )
    assert not found, f"English on the admin screens of {role}:\n{report}"


def test_the_login_page_is_in_chinese(client, db):
    found = english_on_screens(client, [("login", reverse("wagtailadmin_login"), 200)])
    assert not found, sorted(found)


def test_wagtails_script_strings_are_all_translated(client, trainer):
    """The editor's script strings ("Insert a block", "Write something or type
    '/'…", "(2 new items in this menu)") come from the JavaScript catalogue."""
    assert client.login(username=trainer.username, password=PASSWORD)
    response = client.get(reverse("wagtailadmin_javascript_catalog"))
    catalog = json.loads(
        re.search(
            r"const newcatalog = (\{.*?\});", response.content.decode(), re.S
        ).group(1)
    )
    source = Path(wagtail.__file__).parent / "admin/locale/en/LC_MESSAGES/djangojs.po"
    missing = [
        e.msgid
        for e in polib.pofile(str(source))
        if e.msgid not in catalog and f"{e.msgctxt}\x04{e.msgid}" not in catalog
    ]
    assert not missing, missing
    assert catalog["Insert a block"] == "插入内容块"


def test_a_page_saved_with_errors_says_so_in_chinese(client, world, trainer):
    assert client.login(username=trainer.username, password=PASSWORD)
    url = reverse("wagtailadmin_pages:edit", args=[world["course"].pk])
    form = querydict_from_html(
        client.get(url).content.decode(), form_id="page-edit-form"
    )
    form["title"] = ""
    response = client.post(url, form)
    text = " ".join(read_page(response.content.decode())[0])
    assert "内容有误，页面未能保存。" in text
    allowed = ALLOWED_WORDS | data_words()
    english = [
        t for t in read_page(response.content.decode())[0] if english_in(t, allowed)
    ]
    assert not english, english


def test_a_preview_with_errors_says_so_in_chinese(client, world, trainer):
    assert client.login(username=trainer.username, password=PASSWORD)
    course = world["course"]
    edit = reverse("wagtailadmin_pages:edit", args=[course.pk])
    form = querydict_from_html(
        client.get(edit).content.decode(), form_id="page-edit-form"
    )
    form["credit_hours"] = "两个"  # not a number
    preview = reverse("wagtailadmin_pages:preview_on_edit", args=[course.pk])
    assert client.post(preview, form).json()["is_valid"] is False
    text = " ".join(read_page(client.get(preview).content.decode())[0])
    assert "内容有误，无法显示预览。" in text
    assert not english_in(text, ALLOWED_WORDS), text


def test_the_admin_home_asks_no_outside_site_for_upgrades(client, administrator):
    """Wagtail's upgrade notice would fetch releases.wagtail.org from every
    administrator's browser (and show an English notice): it is off."""
    client.force_login(administrator)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'data-controller="w-upgrade' not in html


def test_a_listings_count_and_the_sites_columns_read_in_chinese(
    client, world, administrator
):
    client.force_login(administrator)
    bank = reverse("wagtailsnippets_exams_question:list") + "?p=2"
    texts = read_page(client.get(bank).content.decode())[0]
    assert f"共 {QUESTIONS_PER_PAGE + 1} 个题目" in texts
    assert "第 2 页，共 2 页" in texts
    texts = read_page(client.get(reverse("wagtailsites:index")).content.decode())[0]
    assert {"站点", "端口号", "站点名称", "根页面", "默认？"} <= set(texts)


def test_the_help_menu_follows_each_users_language(client, trainer):
    """The fixture built the menus in English; the menu is the user's."""
    version = wagtail.__version__.rsplit(".", 1)[0]
    client.force_login(trainer)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert f"Wagtail {version} 的新功能" in read_page(html)[0]
    assert 'value="搜索"' in html  # the search form's button for screen readers
    profile = UserProfile.get_for_user(trainer)
    profile.preferred_language = "en"
    profile.save()
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert f"What's new in Wagtail {version}" in read_page(html)[0]
    assert 'value="Search"' in html

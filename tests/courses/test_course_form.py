"""The course form as a trainer fills it in the admin: they are ticked among
the trainers of the course they create, 计入年度 is this year, the 学时 are
explained and checked against the parts', a draft with a required field
empty is refused on save (in Chinese), "add child page" says what it adds, and
the quiz form shows its running totals."""

import datetime
import json
import re
from decimal import Decimal
from unittest import mock

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import querydict_from_html

from courses.models import CoursePage, LessonPage, TrainingSession
from exams.models import QuizPage
from tests.clock import SHANGHAI
from tests.exams.factories import category, make_question, make_quiz
from tests.logins import login

from .factories import make_course, make_lesson, tracks
from .publishing.helpers import (
    add_subpage_url,
    add_url,
    edit_url,
    form_data,
    post_lesson,
)

REQUIRED = "必需字段"  # Wagtail's "This field is required."


@pytest.fixture
def track(db):
    return tracks()[0]


def new_course_data(client, track, **changes):
    return form_data(
        client,
        add_url(CoursePage, track),
        "page-edit-form",
        **{
            "title": "牧区合作社",
            "slug": "pastoral-coop",
            "code": "NEW-01",
            "summary": "合作社的组建与管理。",
            "credit_hours": "2.0",
            **changes,
        },
    )


def post(client, url, data):
    """Post every value of multi-valued fields (a QueryDict posts only the
    last)."""
    return client.post(url, {key: data.getlist(key) for key in data})


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


# ---- The new course: its trainer and its year ---------------------------------


def test_the_new_course_form_ticks_its_trainer_and_this_year(client, trainer, track):
    login(client, trainer)
    html = client.get(add_url(CoursePage, track)).content.decode()
    data = querydict_from_html(html, form_id="page-edit-form")
    assert data.getlist("trainers") == [str(trainer.pk)]
    this_year = timezone.localtime(timezone.now(), SHANGHAI)
    assert data["year"] == str(this_year.year)


def test_the_year_is_naiman_s(trainer, track):
    """31 December, 17:00 UTC is already 1 January in Naiman."""
    form_class = CoursePage.get_edit_handler().get_form_class()
    new_year_eve = datetime.datetime(2026, 12, 31, 17, 0, tzinfo=datetime.UTC)
    with mock.patch("django.utils.timezone.now", return_value=new_year_eve):
        form = form_class(instance=CoursePage(), parent_page=track, for_user=trainer)
    assert form.initial["year"] == 2027


def test_the_trainer_who_creates_a_course_is_its_trainer(client, trainer, track):
    login(client, trainer)
    data = new_course_data(client, track)
    assert post(client, add_url(CoursePage, track), data).status_code == 302
    course = CoursePage.objects.get(code="NEW-01")
    assert list(course.trainers.all()) == [trainer]
    assert course.get_latest_revision_as_object().trainers.get() == trainer


def test_a_trainer_cannot_leave_themselves_out(client, trainer, track):
    login(client, trainer)
    data = new_course_data(client, track)
    data.setlist("trainers", [])
    response = post(client, add_url(CoursePage, track), data)
    assert response.status_code == 200
    assert "请勾选您自己：您须是本课程的授课讲师之一" in response.content.decode()
    assert not CoursePage.objects.filter(code="NEW-01").exists()


def test_an_administrator_s_new_course_ticks_nobody(client, administrator, track):
    login(client, administrator)
    html = client.get(add_url(CoursePage, track)).content.decode()
    data = querydict_from_html(html, form_id="page-edit-form")
    assert data.getlist("trainers") == []


# ---- 学时: explained, and checked against the parts' ----------------------------


def test_the_form_explains_how_the_course_hours_add_up(client, trainer, track):
    login(client, trainer)
    html = client.get(add_url(CoursePage, track)).content.decode()
    assert "每个课时、测验完成时计入它自己的学时" in html
    assert "培训场次结束考勤后计入集中培训学时" in html


def test_saving_a_course_whose_hours_do_not_add_up_warns(client, trainer, track):
    course = make_course(
        track, title="村级财务管理", trainers=[trainer], credit_hours=Decimal("3")
    )
    make_lesson(course, credit_hours=Decimal("0.5"))
    make_lesson(course, credit_hours=Decimal("1.0"))
    make_quiz(course, credit_hours=Decimal("0.5"))
    login(client, trainer)
    response = post(
        client, edit_url(course), form_data(client, edit_url(course), "page-edit-form")
    )
    assert response.status_code == 302
    [warning] = [m for m in messages_of(response) if "课程学时" in m]
    assert "课程学时 3 与各部分学时之和 2（课时 1.5、测验 0.5）不一致" in warning
    assert "补计差额 1 学时" in warning

    # Made to add up (with a session's hours), the warning goes.
    TrainingSession.objects.create(
        course=course,
        title="集中培训",
        place="镇政府会议室",
        starts_at=timezone.now(),
        ends_at=timezone.now() + datetime.timedelta(hours=2),
        credit_hours=Decimal("1"),
        trainer=trainer,
    )
    response = post(
        client, edit_url(course), form_data(client, edit_url(course), "page-edit-form")
    )
    assert not [m for m in messages_of(response) if "课程学时" in m]


def test_more_hours_in_the_parts_than_the_course_warns_too(client, trainer, track):
    course = make_course(track, trainers=[trainer], credit_hours=Decimal("1"))
    make_lesson(course, credit_hours=Decimal("2"))
    login(client, trainer)
    response = post(
        client, edit_url(course), form_data(client, edit_url(course), "page-edit-form")
    )
    [warning] = [m for m in messages_of(response) if "课程学时" in m]
    assert "课程学时 1 少于各部分学时之和 2" in warning


# ---- A draft is checked on save -------------------------------------------------


def test_a_course_draft_with_a_required_field_empty_is_not_saved(
    client, trainer, track
):
    login(client, trainer)
    data = new_course_data(client, track, summary="", code="")
    response = post(client, add_url(CoursePage, track), data)  # 保存草稿
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count(REQUIRED) >= 2  # 课程简介 and 课程编号
    assert not CoursePage.objects.filter(title="牧区合作社").exists()


def test_a_lesson_draft_without_a_body_is_not_saved(client, trainer, track):
    course = make_course(track, trainers=[trainer])
    lesson = make_lesson(course, title="财务公开")
    lesson.save_revision()
    login(client, trainer)
    response = post_lesson(client, lesson, body=None, title="财务公开（改）")
    assert response.status_code == 200
    html = response.content.decode()
    # The body's error travels in the StreamField's JSON to the editor.
    assert REQUIRED in html or json.dumps(REQUIRED)[1:-1] in html
    assert LessonPage.objects.get(
        pk=lesson.pk
    ).get_latest_revision_as_object().title == ("财务公开")


# ---- 添加课时 / 添加测验 / 添加培训场次 ---------------------------------------------


def test_the_course_explorer_says_what_it_adds(client, trainer, track):
    course = make_course(track, trainers=[trainer])
    login(client, trainer)
    html = client.get(
        reverse("wagtailadmin_explore", args=[course.pk])
    ).content.decode()
    for label, url in (
        ("添加课时", add_url(LessonPage, course)),
        ("添加测验", add_url(QuizPage, course)),
        ("添加培训场次", reverse("training_sessions:add") + f"?course={course.pk}"),
    ):
        assert re.search(
            rf'href="{re.escape(url)}"[^>]*>\s*(<svg.*?</svg>)?\s*{label}', html, re.S
        ), label
    assert f'href="{add_subpage_url(course)}"' not in html


def test_a_course_row_s_menu_says_what_it_adds(client, trainer, track):
    course = make_course(track, trainers=[trainer])
    login(client, trainer)
    html = client.get(reverse("wagtailadmin_explore", args=[track.pk])).content.decode()
    assert add_url(LessonPage, course) in html and "添加课时" in html
    assert add_url(QuizPage, course) in html and "添加测验" in html
    assert add_subpage_url(course) + "?next=" not in html  # 添加子页面 is gone


# ---- The quiz form's running totals ----------------------------------------------


@pytest.fixture
def quiz(track, trainer):
    course = make_course(track, trainers=[trainer])
    questions = [(make_question(), Decimal("5")), (make_question(), Decimal("10"))]
    return make_quiz(course, questions=questions, rules=[(category(), 3, Decimal("2"))])


def totals(html):
    count = re.search(r"data-quiz-totals-count>(\d+)<", html).group(1)
    points = re.search(r"data-quiz-totals-points>([\d.]+)<", html).group(1)
    return int(count), points


def test_the_quiz_form_shows_its_totals(client, trainer, quiz):
    login(client, trainer)
    html = client.get(edit_url(quiz)).content.decode()
    assert totals(html) == (5, "21")  # 2 fixed + 3 drawn; 5 + 10 + 3 × 2
    assert "courses/js/admin-quiz-totals.js" in html


def test_the_totals_follow_the_form_as_edited(client, trainer, quiz):
    login(client, trainer)
    data = form_data(client, edit_url(quiz), "page-edit-form")
    data["fixed_questions-1-DELETE"] = "1"  # remove the 10-point question
    data["random_rules-0-count"] = "4"
    data["title"] = ""  # an error, so the form comes back as posted
    response = post(client, edit_url(quiz), data)
    assert response.status_code == 200
    assert totals(response.content.decode()) == (5, "13")  # 1 + 4; 5 + 4 × 2

"""Trainers edit only the courses they teach (the edit view, the explorer,
Wagtail's page actions and the permission tester agree), quizzes follow
their course's trainers, and a course's trainers order its parts."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from wagtail.actions.copy_page import CopyPageAction
from wagtail.actions.delete_page import DeletePageAction
from wagtail.actions.move_page import MovePageAction
from wagtail.models import Page

from courses.models import LessonPage
from tests.logins import login

from ..factories import make_lesson
from .helpers import (
    add_subpage_url,
    add_url,
    assert_refused,
    edit_url,
    fresh,
    lesson_of,
)

# ---- A trainer edits only the courses they teach -------------------------------


def test_trainer_edits_own_course_and_its_lessons(client, trainer, own_course):
    login(client, trainer)
    assert client.get(edit_url(own_course)).status_code == 200
    assert client.get(edit_url(lesson_of(own_course))).status_code == 200
    # "Add child page": the choice of page types, or the lesson form at once.
    response = client.get(add_subpage_url(own_course), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain in ([], [(add_url(LessonPage, own_course), 302)])
    assert client.get(add_url(LessonPage, own_course)).status_code == 200


def test_trainer_is_refused_on_another_trainers_course(
    client, trainer, own_course, other_course
):
    lesson = lesson_of(other_course)
    login(client, trainer)

    assert_refused(client.get(edit_url(other_course)))
    assert_refused(client.get(edit_url(lesson)))
    assert_refused(client.get(add_subpage_url(other_course)))
    assert_refused(client.get(add_url(LessonPage, other_course)))
    assert_refused(
        client.post(
            add_url(LessonPage, other_course),
            {"title": "冒名课时", "slug": "fake", "study_minutes": "10"},
        )
    )
    assert_refused(client.post(edit_url(other_course), {"title": "改名", "slug": "x"}))
    for page in (other_course, lesson):
        url = reverse("wagtailadmin_pages:delete", args=[page.pk])
        assert_refused(client.get(url))
        assert_refused(client.post(url))
    move = reverse("wagtailadmin_pages:move", args=[lesson.pk])
    assert_refused(client.get(move))
    copy = reverse("wagtailadmin_pages:copy", args=[other_course.pk])
    assert_refused(client.get(copy))

    assert Page.objects.filter(pk=lesson.pk).exists()
    assert LessonPage.objects.child_of(other_course).count() == 1
    assert fresh(other_course).title == "草原生态保护"


def test_explorer_offers_a_trainer_only_their_own_course(
    client, trainer, track, own_course, other_course
):
    login(client, trainer)
    html = client.get(reverse("wagtailadmin_explore", args=[track.pk])).content
    html = html.decode()
    assert edit_url(own_course) in html
    assert edit_url(other_course) not in html
    assert add_url(LessonPage, own_course) in html  # 添加课时
    assert add_url(LessonPage, other_course) not in html
    assert add_subpage_url(other_course) not in html


def test_the_permission_tester_agrees(trainer, own_course, other_course):
    own = own_course.permissions_for_user(trainer)
    other = other_course.permissions_for_user(trainer)
    other_lesson = lesson_of(other_course).permissions_for_user(trainer)
    assert own.can_edit() and own.can_add_subpage()
    assert not own.can_publish() and not own.can_unpublish()
    assert not (other.can_edit() or other.can_add_subpage() or other.can_delete())
    assert not (other.can_copy() or other.can_move())
    assert not (other_lesson.can_edit() or other_lesson.can_delete())
    # Through a base Page object too, as the explorer has them.
    assert (
        not Page.objects.get(pk=other_course.pk)
        .permissions_for_user(trainer)
        .can_edit()
    )


def test_wagtails_page_actions_refuse_too(trainer, own_course, other_course):
    lesson = lesson_of(other_course)
    with pytest.raises(PermissionDenied):
        DeletePageAction(lesson, user=trainer).execute()
    with pytest.raises(PermissionDenied):
        MovePageAction(lesson, own_course, user=trainer).execute()
    with pytest.raises(PermissionDenied):
        CopyPageAction(
            other_course,
            user=trainer,
            update_attrs={"slug": "copied", "code": "COPY-1"},
        ).execute()
    with pytest.raises(PermissionDenied):
        own_course.save_revision(user=trainer).publish(user=trainer)
    assert Page.objects.filter(pk=lesson.pk).exists()
    assert LessonPage.objects.child_of(own_course).count() == 1


def test_a_trainer_removed_from_a_course_can_no_longer_edit_it(
    client, trainer, own_course
):
    own_course.trainers.clear()
    own_course.save()
    login(client, trainer)
    assert_refused(client.get(edit_url(own_course)))


def test_quizzes_follow_their_course_trainers(
    client, trainer, own_course, other_course
):
    from exams.models import QuizPage
    from tests.exams.factories import make_quiz

    own_quiz = make_quiz(own_course)
    other_quiz = make_quiz(other_course)
    login(client, trainer)
    assert client.get(edit_url(own_quiz)).status_code == 200
    assert client.get(add_url(QuizPage, own_course)).status_code == 200
    assert_refused(client.get(edit_url(other_quiz)))
    assert_refused(client.get(add_url(QuizPage, other_course)))


# ---- A course's trainers order its parts ---------------------------------------


def explore_url(page):
    return reverse("wagtailadmin_explore", args=[page.pk])


def set_position_url(page, position):
    url = reverse("wagtailadmin_pages:set_page_position", args=[page.pk])
    return f"{url}?position={position}"


def titles_in(html, titles):
    """titles in the order html shows them."""
    return sorted(titles, key=html.index)


@pytest.fixture
def three_parts(own_course):
    """财务公开 (the fixture's lesson), 民主理财, 财务测验, edited in that order
    (so the last is the most recently updated)."""
    from tests.exams.factories import make_quiz

    parts = [
        lesson_of(own_course),
        make_lesson(own_course, title="民主理财"),
        make_quiz(own_course, title="财务测验"),
    ]
    for part in parts:
        part.save_revision()
    return parts


def test_the_explorer_lists_a_course_s_parts_in_course_order(
    client, trainer, own_course, three_parts
):
    login(client, trainer)
    html = client.get(explore_url(own_course)).content.decode()
    titles = ["财务公开", "民主理财", "财务测验"]
    assert titles_in(html, titles) == titles  # not the latest edited first
    assert "w-orderable__item__handle" in html  # drag to reorder
    assert "学员看到的学习内容与此顺序一致" in html


def test_a_trainer_reorders_their_course_and_cadres_see_that_order(
    client, trainer, own_course, three_parts, cadre
):
    first, second, quiz = three_parts
    login(client, trainer)
    course_url = fresh(own_course).url
    client.logout()
    login(client, cadre.user)
    assert "财务公开" in client.get(course_url).content.decode()  # cached now
    client.logout()

    login(client, trainer)
    assert own_course.permissions_for_user(trainer).can_reorder_children()
    response = client.post(set_position_url(quiz, 0))  # drag the quiz to the top
    assert response.status_code == 200
    order = ["财务测验", "财务公开", "民主理财"]
    assert [p.title for p in own_course.get_children().order_by("path")] == order
    html = client.get(explore_url(own_course)).content.decode()
    assert titles_in(html, order) == order
    client.logout()

    login(client, cadre.user)
    html = client.get(course_url).content.decode()
    assert titles_in(html, order) == order


def test_a_trainer_cannot_reorder_another_trainer_s_course(
    client, trainer, own_course, other_course
):
    second = make_lesson(other_course, title="草场轮牧")
    login(client, trainer)
    assert not other_course.permissions_for_user(trainer).can_reorder_children()
    response = client.post(set_position_url(second, 0))
    assert response.status_code in (302, 403)
    titles = [p.title for p in other_course.get_children().order_by("path")]
    assert titles == ["禁牧休牧", "草场轮牧"]
    # Nor move a part of their own course into it.
    lesson = lesson_of(own_course)
    assert not lesson.permissions_for_user(trainer).can_move_to(other_course)
    with pytest.raises(PermissionDenied):
        MovePageAction(lesson, other_course, pos="last-child", user=trainer).execute()

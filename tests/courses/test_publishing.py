"""Publishing courses through the admin: trainers edit only the courses they
teach and submit them for moderation; an administrator approves; scheduled
publishing, revisions and rollback; a published required course enrols its
audience in the background."""

import datetime
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks import default_task_backend
from wagtail.actions.copy_page import CopyPageAction
from wagtail.actions.delete_page import DeletePageAction
from wagtail.actions.move_page import MovePageAction
from wagtail.models import (
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowState,
)
from wagtail.test.utils.form_data import querydict_from_html

from courses.models import CoursePage, Enrollment, LessonPage, Requirement
from courses.publishing.workflow import (
    REVIEWERS_GROUP,
    TASK_NAME,
    WORKFLOW_NAME,
    course_publishing_ensure,
)
from courses.tasks import sync_required_enrollments
from lms.models import Role
from lms.services import user_create

from ..conftest import PASSWORD
from .factories import make_course, make_lesson, tracks


@pytest.fixture
def track(db):
    return tracks()[0]


@pytest.fixture
def other_trainer(db):
    return user_create(
        username="trainer2", name="李讲师", role=Role.TRAINER, password=PASSWORD
    )


@pytest.fixture
def own_course(track, trainer):
    course = make_course(track, title="村级财务管理", trainers=[trainer])
    make_lesson(course, title="财务公开")
    return course


@pytest.fixture
def other_course(track, other_trainer):
    course = make_course(track, title="草原生态保护", trainers=[other_trainer])
    make_lesson(course, title="禁牧休牧")
    return course


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def add_url(model, parent):
    return reverse(
        "wagtailadmin_pages:add",
        args=[model._meta.app_label, model._meta.model_name, parent.pk],
    )


def add_subpage_url(page):
    return reverse("wagtailadmin_pages:add_subpage", args=[page.pk])


def lesson_of(course):
    return LessonPage.objects.child_of(course).get()


def assert_refused(response):
    """Wagtail's admin refuses with a redirect to the dashboard and a message."""
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")


def form_data(client, url, form_id, **changes):
    """The admin form at url as the browser would post it, with changes."""
    response = client.get(url)
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id=form_id)
    for name, value in changes.items():
        data[name] = value
    return data


def edit(client, page, action=None, **changes):
    data = form_data(client, edit_url(page), "page-edit-form", **changes)
    if action:
        data[f"action-{action}"] = "1"
    return client.post(edit_url(page), data)


def approve(client, page):
    state = page.current_workflow_task_state
    return client.post(
        reverse(
            "wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.pk]
        ),
        {"comment": ""},
    )


def fresh(page):
    return CoursePage.objects.get(pk=page.pk)


# ---- Setup: the workflow and the page permissions -----------------------------


def test_publishing_setup_is_repeat_safe(track, trainer):
    course_publishing_ensure()
    counts = (
        Workflow.objects.count(),
        GroupPagePermission.objects.count(),
        Group.objects.count(),
    )
    course_publishing_ensure()
    assert counts == (
        Workflow.objects.count(),
        GroupPagePermission.objects.count(),
        Group.objects.count(),
    )

    home = track.get_parent()
    workflow = WorkflowPage.objects.get(page=home).workflow
    assert workflow.name == WORKFLOW_NAME
    [task] = [t.specific for t in workflow.tasks]
    assert task.name == TASK_NAME
    assert list(task.groups.values_list("name", flat=True)) == [REVIEWERS_GROUP]

    trainers = trainer.groups.get()
    for classroom in tracks():
        codenames = set(
            GroupPagePermission.objects.filter(
                group=trainers, page=classroom
            ).values_list("permission__codename", flat=True)
        )
        assert codenames == {"add_page"}
    assert not GroupPagePermission.objects.filter(
        group=trainers, permission__codename="publish_page"
    ).exists()


def test_every_course_and_lesson_goes_through_the_workflow(own_course):
    lesson = lesson_of(own_course)
    assert own_course.get_workflow().name == WORKFLOW_NAME
    assert lesson.get_workflow().name == WORKFLOW_NAME


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


# ---- Moderation: submit, approve, live --------------------------------------


def test_trainer_cannot_publish(client, trainer, own_course):
    login(client, trainer)
    response = edit(client, own_course, action="publish", title="讲师自行发布")
    assert response.status_code == 302
    course = fresh(own_course)
    assert course.live and course.title == "村级财务管理"  # the live version
    assert course.has_unpublished_changes
    assert course.get_latest_revision_as_object().title == "讲师自行发布"


def test_trainer_submits_and_administrator_approves(
    client, trainer, administrator, track
):
    course = make_course(track, title="草案课程", trainers=[trainer], live=False)
    login(client, trainer)
    response = edit(client, course, action="submit", title="草畜平衡政策")
    assert response.status_code == 302
    course = fresh(course)
    assert not course.live
    assert course.workflow_in_progress
    state = WorkflowState.objects.for_instance(course).get()
    assert state.workflow.name == WORKFLOW_NAME
    assert state.current_task_state.task.name == TASK_NAME
    # While it waits for review, the trainer cannot change it.
    assert course.permissions_for_user(trainer).page_locked()

    client.logout()
    login(client, administrator)
    assert approve(client, course).status_code == 302
    course = fresh(course)
    assert course.live and course.title == "草畜平衡政策"
    assert not course.workflow_in_progress
    assert client.get(course.url).status_code == 200


def test_scheduled_course_goes_live_with_publish_scheduled(
    client, trainer, administrator, track
):
    course = make_course(track, title="春季防火", trainers=[trainer], live=False)
    go_live_at = timezone.now() + datetime.timedelta(days=2)
    login(client, trainer)
    local = timezone.localtime(go_live_at).strftime("%Y-%m-%d %H:%M")
    edit(client, course, action="submit", go_live_at=local)
    client.logout()
    login(client, administrator)
    approve(client, course)

    course = fresh(course)
    assert not course.live
    assert course.revisions.filter(approved_go_live_at__isnull=False).exists()

    call_command("publish_scheduled")
    assert not fresh(course).live

    later = go_live_at + datetime.timedelta(minutes=5)
    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("publish_scheduled")
    assert fresh(course).live


def test_revert_to_an_earlier_revision(client, administrator, own_course):
    login(client, administrator)
    edit(client, own_course, action="publish", title="第一版")
    first = fresh(own_course).live_revision
    edit(client, own_course, action="publish", title="第二版")
    assert fresh(own_course).title == "第二版"

    history = client.get(
        reverse("wagtailadmin_pages:history", args=[own_course.pk])
    ).content.decode()
    revert_url = reverse(
        "wagtailadmin_pages:revisions_revert", args=[own_course.pk, first.pk]
    )
    assert revert_url in history
    data = form_data(client, revert_url, "page-edit-form")
    assert data["title"] == "第一版"
    data["action-publish"] = "1"
    assert client.post(revert_url, data).status_code == 302
    course = fresh(own_course)
    assert course.title == "第一版"
    assert course.live_revision.pk != first.pk  # a new revision, history kept


def test_trainer_reverts_own_course_only(client, trainer, own_course, other_course):
    for course in (own_course, other_course):
        course.save_revision().publish()
    login(client, trainer)
    own = fresh(own_course).live_revision
    other = fresh(other_course).live_revision
    url = reverse("wagtailadmin_pages:revisions_revert", args=[own_course.pk, own.pk])
    assert client.get(url).status_code == 200
    url = reverse(
        "wagtailadmin_pages:revisions_revert", args=[other_course.pk, other.pk]
    )
    assert_refused(client.get(url))


# ---- A trainer's new course ---------------------------------------------------


def test_new_course_by_a_trainer_lists_them_as_trainer(client, trainer, track):
    login(client, trainer)
    url = add_url(CoursePage, track)
    data = form_data(
        client,
        url,
        "page-edit-form",
        title="牧区合作社",
        slug="pastoral-coop",
        code="NEW-01",
        year="2026",
        summary="合作社的组建与管理。",
        credit_hours="2.0",
        requirement=Requirement.ELECTIVE,
    )
    data["action-submit"] = "1"
    response = client.post(url, data)
    assert response.status_code == 302

    course = CoursePage.objects.get(code="NEW-01")
    assert list(course.trainers.all()) == [trainer]
    assert not course.live and course.workflow_in_progress
    assert course.owner == trainer
    # The draft under review names them too, so approval keeps them.
    assert course.get_latest_revision_as_object().trainers.get() == trainer


def test_trainer_goes_on_editing_their_new_course(client, trainer, track):
    login(client, trainer)
    url = add_url(CoursePage, track)
    data = form_data(
        client,
        url,
        "page-edit-form",
        title="防灾减灾",
        slug="disaster",
        code="NEW-02",
        year="2026",
        summary="防灾减灾要点。",
        credit_hours="1.0",
    )
    assert client.post(url, data).status_code == 302  # saved as a draft
    course = CoursePage.objects.get(code="NEW-02")
    html = client.get(edit_url(course)).content.decode()
    data = querydict_from_html(html, form_id="page-edit-form")
    assert data.getlist("trainers") == [str(trainer.pk)]
    assert client.get(add_url(LessonPage, course)).status_code == 200


# ---- A published required course enrols its audience (in a task) --------------


def test_approving_a_required_course_enrols_its_audience(
    client,
    trainer,
    administrator,
    track,
    cadre,
    django_capture_on_commit_callbacks,
):
    course = make_course(
        track, trainers=[trainer], live=False, requirement=Requirement.REQUIRED
    )
    make_lesson(course)  # live: a course with something to study
    login(client, trainer)
    edit(client, course, action="submit")
    client.logout()
    login(client, administrator)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        approve(client, course)
    assert fresh(course).live
    assert not Enrollment.objects.exists()  # not within the request
    for callback in callbacks:
        callback()
    enrollment = Enrollment.objects.get()
    assert (enrollment.cadre, enrollment.course_id) == (cadre, course.pk)
    assert enrollment.source == Enrollment.Source.REQUIRED


def test_publishing_enqueues_the_enrolment_task(
    client, settings, administrator, track, cadre, django_capture_on_commit_callbacks
):
    """With a queueing backend (production's runs in db_worker), publishing
    only enqueues the task; the worker enrols."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    course = make_course(track, live=False, requirement=Requirement.REQUIRED)
    make_lesson(course)
    login(client, administrator)
    with django_capture_on_commit_callbacks(execute=True):
        edit(client, course, action="publish")
    assert fresh(course).live
    [result] = [
        r
        for r in default_task_backend.results
        if r.task.func is sync_required_enrollments.func
    ]
    assert result.args == [course.pk]
    assert not Enrollment.objects.exists()
    assert result.task.call(*result.args) == 1  # what the worker does
    assert Enrollment.objects.get().cadre == cadre


def test_publishing_an_elective_enrols_nobody(
    client, administrator, track, cadre, django_capture_on_commit_callbacks
):
    course = make_course(track, live=False, requirement=Requirement.ELECTIVE)
    login(client, administrator)
    with django_capture_on_commit_callbacks(execute=True):
        edit(client, course, action="publish")
    assert fresh(course).live
    assert not Enrollment.objects.exists()


def test_trainers_may_upload_and_choose_images_and_documents(trainer):
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.permissions import policy_registry

    documents = policy_registry.get_by_type(get_document_model())
    images = policy_registry.get_by_type(get_image_model())

    course_publishing_ensure()
    trainer = type(trainer).objects.get(pk=trainer.pk)
    assert images.user_has_permission(trainer, "add")
    assert images.user_has_permission(trainer, "choose")
    assert documents.user_has_permission(trainer, "add")
    assert documents.user_has_permission(trainer, "choose")


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

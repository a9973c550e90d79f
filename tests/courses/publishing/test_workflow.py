"""Publishing courses through the admin: the workflow and its set-up,
moderation (submit, approve, schedule, revert), a trainer's new course, and
a published required course enrolling its audience in the background."""

import datetime
from unittest import mock

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks import default_task_backend
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowState,
)
from wagtail.permissions import policy_registry
from wagtail.test.utils.form_data import querydict_from_html

from courses.models import CoursePage, Enrollment, LessonPage, Requirement
from courses.publishing.workflow import (
    REVIEWERS_GROUP,
    TASK_NAME,
    WORKFLOW_NAME,
    course_publishing_ensure,
)
from courses.tasks import sync_required_enrollments
from tests.logins import login

from ..factories import make_course, make_lesson, tracks
from .helpers import (
    add_url,
    approve,
    assert_refused,
    edit,
    edit_url,
    form_data,
    fresh,
    lesson_of,
)

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


def test_trainers_may_upload_and_choose_images_and_documents(trainer):
    documents = policy_registry.get_by_type(get_document_model())
    images = policy_registry.get_by_type(get_image_model())

    course_publishing_ensure()
    trainer = type(trainer).objects.get(pk=trainer.pk)
    assert images.user_has_permission(trainer, "add")
    assert images.user_has_permission(trainer, "choose")
    assert documents.user_has_permission(trainer, "add")
    assert documents.user_has_permission(trainer, "choose")


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

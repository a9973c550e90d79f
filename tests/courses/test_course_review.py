"""A course goes to review whole: a trainer submits a course with its draft
lessons and quiz, the reviewer sees them in the approval's confirmation and
on their admin home (oldest first), approving publishes them with the course,
rejecting returns them, and a required course's audience is enrolled only once
the course has a live part."""

import datetime
import json

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from wagtail.models import TaskState, WorkflowState

from courses.models import CoursePage, Enrollment, LessonPage, Requirement
from courses.publishing.workflow import REVIEWERS_GROUP, course_publishing_ensure
from lms.models import Role
from lms.services import user_create
from tests.exams.factories import make_quiz
from tests.logins import login

from ..conftest import PASSWORD
from .factories import make_course, make_lesson, tracks
from .publishing.helpers import edit_url, form_data, fresh, post_lesson


@pytest.fixture
def track(db):
    return tracks()[0]


@pytest.fixture
def reviewer(db):
    """A member of 课程审核员 (not an administrator)."""
    course_publishing_ensure()
    user = user_create(
        username="reviewer", name="审核员", role=Role.SUPERVISOR, password=PASSWORD
    )
    user.groups.add(Group.objects.get(name=REVIEWERS_GROUP))
    return user


def draft_lesson(course, **fields):
    """A lesson as a trainer leaves it after 保存草稿: not live, a revision."""
    lesson = make_lesson(course, live=False, **fields)
    lesson.save_revision()
    return lesson


def draft_quiz(course, **fields):
    quiz = make_quiz(course, live=False, **fields)
    quiz.save_revision()
    return quiz


@pytest.fixture
def draft_course(track, trainer):
    """A new required course, not yet live, with two draft lessons and a
    draft quiz."""
    course = make_course(
        track,
        title="村级财务管理",
        trainers=[trainer],
        live=False,
        requirement=Requirement.REQUIRED,
    )
    course.save_revision()
    draft_lesson(course, title="财务公开")
    draft_lesson(course, title="村级债务")
    draft_quiz(course, title="财务测验")
    return course


def parts(course):
    return list(course.get_children().order_by("path").specific())


def submit(client, course, part_ids=None):
    """The trainer's 提交审核 from the course form; part_ids: the parts ticked
    in the submit step (None: the step was not used)."""
    data = form_data(client, edit_url(course), "page-edit-form")
    data["action-submit"] = "1"
    if part_ids is not None:
        data["submit_parts_offered"] = "1"
        data.setlist("submit_parts", [str(pk) for pk in part_ids])
    # Every value of a multi-valued field (a QueryDict posts only the last).
    return client.post(edit_url(course), {key: data.getlist(key) for key in data})


def action_url(page, action):
    state = fresh_page(page).current_workflow_task_state
    return reverse(
        "wagtailadmin_pages:workflow_action", args=[page.pk, action, state.pk]
    )


def fresh_page(page):
    return type(page).objects.get(pk=page.pk)


def modal_html(response):
    assert response.status_code == 200
    return json.loads(response.content)["html"]


def in_review(page):
    return fresh_page(page).workflow_in_progress


# ---- The trainer: 提交审核 offers the draft parts --------------------------------


def test_submitting_a_course_offers_its_draft_parts(client, trainer, draft_course):
    login(client, trainer)
    html = client.get(edit_url(draft_course)).content.decode()
    assert "同时提交 3 个未发布的课时/测验" in html
    for part in parts(draft_course):
        assert f'name="submit_parts" value="{part.pk}" checked' in html
        assert part.title in html


def test_the_course_and_the_ticked_parts_go_to_review_together(
    client, trainer, draft_course
):
    first, second, quiz = parts(draft_course)
    login(client, trainer)
    response = submit(client, draft_course, part_ids=[first.pk, quiz.pk])
    assert response.status_code == 302
    assert in_review(draft_course)
    assert in_review(first) and in_review(quiz)
    assert not in_review(second)  # left unticked: still a draft
    # While they wait for review, the trainer cannot change them.
    assert fresh_page(first).permissions_for_user(trainer).page_locked()


def test_without_the_step_every_draft_part_goes_with_the_course(
    client, trainer, draft_course
):
    login(client, trainer)
    submit(client, draft_course)
    assert all(in_review(part) for part in parts(draft_course))


# ---- The reviewer: sees the parts, confirms, everything goes live -----------------


def test_approving_the_course_publishes_the_parts_submitted_with_it(
    client, trainer, reviewer, draft_course, cadre, django_capture_on_commit_callbacks
):
    first, second, quiz = parts(draft_course)
    login(client, trainer)
    submit(client, draft_course, part_ids=[first.pk, quiz.pk])
    client.logout()

    login(client, reviewer)
    html = modal_html(client.get(action_url(draft_course, "approve")))
    assert "批准后将发布" in html
    assert "财务公开" in html and "财务测验" in html
    preview = reverse(
        "wagtailadmin_pages:workflow_preview",
        args=[first.pk, fresh_page(first).current_workflow_task.pk],
    )
    assert preview in html
    assert "以下未提交审核的草稿不会发布" in html and "村级债务" in html

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(action_url(draft_course, "approve"), {"comment": ""})
    assert response.status_code == 302
    assert fresh(draft_course).live
    assert fresh_page(first).live and fresh_page(quiz).live
    assert not fresh_page(second).live
    assert not any(in_review(page) for page in (draft_course, first, quiz))
    # One review of the whole: the reviewer's queue is empty.
    assert not TaskState.objects.reviewable_by(reviewer).exists()
    # The audience is enrolled, and the cadre sees the two parts.
    assert Enrollment.objects.filter(cadre=cadre, course=draft_course).exists()
    client.logout()
    login(client, cadre.user)
    page = client.get(fresh(draft_course).url).content.decode()
    assert "财务公开" in page and "财务测验" in page
    assert "村级债务" not in page


def test_rejecting_the_course_returns_its_parts(
    client, trainer, reviewer, draft_course
):
    first, second, quiz = parts(draft_course)
    login(client, trainer)
    submit(client, draft_course)
    client.logout()

    login(client, reviewer)
    client.post(action_url(draft_course, "reject"), {"comment": "请补充案例"})
    for page in (draft_course, first, second, quiz):
        state = WorkflowState.objects.for_instance(page).get()
        assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
        assert state.current_task_state.comment == "请补充案例"
        assert not fresh_page(page).live
    client.logout()

    # The trainer edits a lesson (保存草稿), then resubmits the course with its
    # parts.
    login(client, trainer)
    first = fresh_page(first)
    assert not first.permissions_for_user(trainer).page_locked()
    first.title = "财务公开（修订）"
    first.save_revision(user=trainer)
    html = client.get(edit_url(draft_course)).content.decode()
    assert "同时提交 3 个未发布的课时/测验" in html
    submit(client, draft_course, part_ids=[p.pk for p in parts(draft_course)])
    assert all(in_review(page) for page in (draft_course, first, second, quiz))
    assert fresh_page(first).current_workflow_task_state.revision.as_object().title == (
        "财务公开（修订）"
    )


def test_the_reviewer_is_warned_before_approving_an_empty_required_course(
    client,
    trainer,
    reviewer,
    track,
):
    course = make_course(
        track, trainers=[trainer], live=False, requirement=Requirement.REQUIRED
    )
    login(client, trainer)
    submit(client, course)
    client.logout()
    login(client, reviewer)
    html = modal_html(client.get(action_url(course, "approve")))
    assert "这是一门必修课，批准后没有任何已发布的课时或测验" in html
    assert "仍然批准并发布" in html


def test_no_warning_when_the_course_has_parts_going_live(
    client, trainer, reviewer, draft_course
):
    login(client, trainer)
    submit(client, draft_course)
    client.logout()
    login(client, reviewer)
    html = modal_html(client.get(action_url(draft_course, "approve")))
    assert "批准后没有任何已发布的课时或测验" not in html
    assert "确认批准并发布" in html


def test_approving_from_the_course_form_asks_for_the_confirmation(
    client, trainer, reviewer, draft_course
):
    """The footer's 批准 on the course form opens the same confirmation."""
    login(client, trainer)
    submit(client, draft_course)
    client.logout()
    login(client, reviewer)
    html = client.get(edit_url(draft_course)).content.decode()
    state = fresh(draft_course).current_workflow_task_state
    collect = reverse(
        "wagtailadmin_pages:collect_workflow_action_data",
        args=[draft_course.pk, "approve", state.pk],
    )
    assert f'data-workflow-action-modal-url="{collect}"' in html
    assert "批准并发布" in html
    assert "批准后将发布" in modal_html(client.get(collect))


# ---- Enrolment waits for a live part ------------------------------------------


def test_an_empty_required_course_enrols_nobody_until_a_part_is_live(
    client,
    trainer,
    reviewer,
    track,
    cadre,
    django_capture_on_commit_callbacks,
):
    course = make_course(
        track, trainers=[trainer], live=False, requirement=Requirement.REQUIRED
    )
    login(client, trainer)
    submit(client, course)
    client.logout()
    login(client, reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(action_url(course, "approve"), {"comment": ""})
    assert fresh(course).live
    assert not Enrollment.objects.exists()

    # A cadre opening the empty course is not enrolled either.
    client.logout()
    login(client, cadre.user)
    assert client.get(fresh(course).url).status_code == 200
    assert not Enrollment.objects.exists()
    client.logout()

    # The trainer's first lesson is approved: now the audience is enrolled.
    lesson = draft_lesson(course, title="草原防火")
    login(client, trainer)
    assert post_lesson(client, lesson, action="submit").status_code == 302
    client.logout()
    login(client, reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(action_url(lesson, "approve"), {"comment": ""})
    assert fresh_page(lesson).live
    assert Enrollment.objects.get().cadre == cadre


# ---- The reviewer's admin home: what waits, oldest first ------------------------


def test_the_review_queue_lists_the_oldest_first_with_a_course_s_parts(
    client,
    trainer,
    reviewer,
    draft_course,
    track,
):
    older = make_course(track, title="草原生态保护", trainers=[trainer], live=False)
    login(client, trainer)
    submit(client, older)
    submit(client, draft_course)
    # The older course was submitted three days ago.
    TaskState.objects.filter(workflow_state__object_id=str(older.pk)).update(
        started_at=timezone.now() - datetime.timedelta(days=3)
    )
    client.logout()

    login(client, reviewer)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "待我审核（先提交的在前）" in html
    assert html.index("草原生态保护") < html.index("村级财务管理")
    assert "随课程一并审核" in html
    # The parts are listed under their course, not as rows of their own.
    lesson = LessonPage.objects.child_of(draft_course).first()
    assert html.count(edit_url(lesson)) == 1


def test_the_course_itself_cannot_be_published_by_its_trainer_with_parts(
    client, trainer, draft_course
):
    """Submitting parts with the course never publishes anything."""
    login(client, trainer)
    submit(client, draft_course)
    assert not CoursePage.objects.live().filter(pk=draft_course.pk).exists()
    assert not any(fresh_page(part).live for part in parts(draft_course))

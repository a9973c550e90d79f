"""Enrolment (报名): required courses by audience, electives chosen by cadres."""

from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.models import Enrollment, Requirement
from courses.services import (
    enrollment_choose,
    enrollments_ensure_required,
    enrollments_sync_required,
)
from lms.demo import make_cadre
from lms.models import Position, VillageClass
from tests.logins import login

from ..conftest import PASSWORD
from .factories import make_course as make_empty_course
from .factories import make_lesson, tracks

REQUIRED = Requirement.REQUIRED
ELECTIVE = Requirement.ELECTIVE


@pytest.fixture
def track(db):
    return tracks()[0]


def make_course(track, **fields):
    """A course with a live lesson: a required course enrols its audience
    only once it has something to study (test_course_review)."""
    course = make_empty_course(track, **fields)
    make_lesson(course)
    return course


def enrolled_codes(cadre):
    return set(
        Enrollment.objects.filter(cadre=cadre).values_list("course__code", flat=True)
    )


def history_count():
    return Enrollment.history.count()


def enroll_url(course):
    return reverse("courses:course_enroll", args=[course.pk])


# ---- Required courses by audience -------------------------------------------


def test_ensure_enrols_required_courses_by_audience(
    track, township, other_township, cadre, other_cadre
):
    make_course(track, code="ALL", requirement=REQUIRED)
    make_course(track, code="ELECT", requirement=ELECTIVE)
    make_course(
        track,
        code="POS",
        requirement=REQUIRED,
        audience_positions=[Position.COMMITTEE_MEMBER],
    )
    make_course(
        track,
        code="SEC",
        requirement=REQUIRED,
        audience_positions=[Position.PARTY_SECRETARY],
    )
    make_course(
        track,
        code="CLS1",
        requirement=REQUIRED,
        audience_village_classes=[VillageClass.ADVANCED],
    )
    make_course(
        track,
        code="CLS3",
        requirement=REQUIRED,
        audience_village_classes=[VillageClass.RECTIFYING],
    )
    make_course(track, code="DM", requirement=REQUIRED, audience_townships=[township])
    make_course(
        track, code="BXT", requirement=REQUIRED, audience_townships=[other_township]
    )
    draft = make_course(track, code="DRAFT", requirement=REQUIRED)
    draft.unpublish()

    created = enrollments_ensure_required(cadre=cadre)
    enrollments_ensure_required(cadre=other_cadre)

    assert len(created) == 4
    assert enrolled_codes(cadre) == {"ALL", "POS", "CLS1", "DM"}
    assert enrolled_codes(other_cadre) == {"ALL", "POS", "CLS3", "BXT"}
    assert set(Enrollment.objects.values_list("source", flat=True)) == {
        Enrollment.Source.REQUIRED
    }


def test_ensure_is_idempotent(track, cadre):
    make_course(track, code="A", requirement=REQUIRED)
    make_course(track, code="B", requirement=REQUIRED)
    assert len(enrollments_ensure_required(cadre=cadre)) == 2
    rows, history = Enrollment.objects.count(), history_count()
    assert history == 2

    assert enrollments_ensure_required(cadre=cadre) == []
    assert (Enrollment.objects.count(), history_count()) == (rows, history)


def test_ensure_adds_only_missing_without_history_for_existing(track, cadre):
    first = make_course(track, code="A", requirement=ELECTIVE)
    enrollment_choose(cadre=cadre, course=first)
    first.requirement = REQUIRED
    first.save_revision().publish()
    make_course(track, code="B", requirement=REQUIRED)
    history = history_count()

    created = enrollments_ensure_required(cadre=cadre)

    assert [e.course.code for e in created] == ["B"]
    assert Enrollment.objects.filter(cadre=cadre).count() == 2
    assert history_count() == history + 1
    # The elective choice stays as it was.
    assert Enrollment.objects.get(cadre=cadre, course=first).source == "chosen"


def test_ensure_survives_a_concurrent_insert(track, cadre, monkeypatch):
    """If another request enrols the same cadre between read and insert, the
    unique constraint wins and only the missing rows (and history) are written."""
    from courses.services import enrolment as services

    make_course(track, code="A", requirement=REQUIRED)
    make_course(track, code="B", requirement=REQUIRED)
    real = services._enrollments_create

    def racing(enrollments):
        rival = enrollments[0]
        Enrollment.objects.create(
            cadre=rival.cadre, course=rival.course, source=rival.source
        )
        return real(enrollments)

    monkeypatch.setattr(services, "_enrollments_create", racing)
    created = enrollments_ensure_required(cadre=cadre)

    assert len(created) == 1
    assert Enrollment.objects.filter(cadre=cadre).count() == 2
    assert history_count() == 2


def test_ensure_constant_queries(track, village):
    def measure(n_courses, serial):
        for _ in range(n_courses):
            make_course(track, requirement=REQUIRED)
        cadre = make_cadre(village=village, serial=serial, with_account=False)
        with CaptureQueriesContext(connection) as ctx:
            enrollments_ensure_required(cadre=cadre)
        return len(ctx), Enrollment.objects.filter(cadre=cadre).count()

    small, small_rows = measure(2, 301)
    large, large_rows = measure(4, 302)
    assert (small_rows, large_rows) == (2, 6)
    assert small == large


def test_inactive_cadre_is_not_enrolled(track, cadre):
    make_course(track, requirement=REQUIRED)
    cadre.is_active = False
    cadre.save()
    assert enrollments_ensure_required(cadre=cadre) == []
    assert not Enrollment.objects.exists()


def test_cadre_joining_later_gets_required_courses_on_opening_a_course(
    client, track, village
):
    course = make_course(track, code="A", requirement=REQUIRED)
    make_course(track, code="B", requirement=REQUIRED)
    make_course(track, code="C", requirement=ELECTIVE)
    newcomer = make_cadre(village=village, serial=401, password=PASSWORD)
    assert not Enrollment.objects.exists()

    login(client, newcomer.user)
    html = client.get(course.url).content.decode()

    assert enrolled_codes(newcomer) == {"A", "B"}
    assert "已报名（必修）" in html
    assert "报名学习" not in html


# ---- Sync: publish hook and command -------------------------------------------


def test_sync_enrols_the_audience(track, township, cadre, other_cadre):
    course = make_course(track, requirement=REQUIRED, audience_townships=[township])
    assert enrollments_sync_required(course=course) == 1
    assert list(Enrollment.objects.values_list("cadre", flat=True)) == [cadre.pk]
    assert enrollments_sync_required(course=course) == 0
    assert history_count() == 1


def test_sync_ignores_electives_and_drafts(track, cadre):
    elective = make_course(track, requirement=ELECTIVE)
    draft = make_course(track, requirement=REQUIRED)
    draft.unpublish()
    assert enrollments_sync_required(course=elective) == 0
    assert enrollments_sync_required(course=draft) == 0
    assert not Enrollment.objects.exists()


def test_sync_batches(track, cadre, other_cadre, village):
    make_cadre(village=village, serial=501, with_account=False)
    course = make_course(track, requirement=REQUIRED)
    assert enrollments_sync_required(course=course, batch_size=2) == 3
    assert Enrollment.objects.filter(course=course).count() == 3
    assert history_count() == 3


def test_sync_constant_queries(track, village):
    course = make_course(track, requirement=REQUIRED)

    def measure(n_cadres, start):
        for serial in range(start, start + n_cadres):
            make_cadre(village=village, serial=serial, with_account=False)
        with CaptureQueriesContext(connection) as ctx:
            created = enrollments_sync_required(course=course)
        return len(ctx), created

    small, small_created = measure(5, 600)
    large, large_created = measure(50, 700)
    assert (small_created, large_created) == (5, 50)
    assert small == large


def test_sync_command_counts(track, township, cadre, other_cadre):
    make_course(track, title="全员必修", requirement=REQUIRED)
    make_course(
        track, title="东明镇必修", requirement=REQUIRED, audience_townships=[township]
    )
    make_course(track, title="选修课", requirement=ELECTIVE)
    out = StringIO()
    call_command("sync_enrollments", stdout=out)
    text = out.getvalue()
    assert "[1/2] 全员必修：新增报名 2 人" in text
    assert "[2/2] 东明镇必修：新增报名 1 人" in text
    assert "完成：2 门必修课程，共新增报名 3 人" in text

    out = StringIO()
    call_command("sync_enrollments", stdout=out)
    assert "共新增报名 0 人" in out.getvalue()
    assert Enrollment.objects.count() == 3


def test_publishing_enrols_the_audience(
    track, cadre, other_cadre, django_capture_on_commit_callbacks
):
    course = make_course(track, requirement=REQUIRED, live=False)
    elective = make_course(track, requirement=ELECTIVE, live=False)
    with django_capture_on_commit_callbacks(execute=True):
        course.save_revision().publish()
        elective.save_revision().publish()
    assert Enrollment.objects.filter(course=course).count() == 2
    assert not Enrollment.objects.filter(course=elective).exists()


# ---- Electives: the 报名学习 button -------------------------------------------


def test_elective_button_posts_and_enrols(client, track, cadre):
    course = make_course(track, title="电商直播带货", requirement=ELECTIVE)
    login(client, cadre.user)
    html = client.get(course.url).content.decode()
    assert "报名学习" in html
    assert enroll_url(course) in html
    assert "csrfmiddlewaretoken" in html

    response = client.post(enroll_url(course), follow=True)
    assert response.redirect_chain[-1][0] == course.url
    html = response.content.decode()
    assert "已报名：电商直播带货" in html
    assert "已报名" in html and "报名学习" not in html
    assert Enrollment.objects.get().source == Enrollment.Source.CHOSEN

    client.post(enroll_url(course))
    assert Enrollment.objects.count() == 1
    assert history_count() == 1


def test_enrol_outside_audience_is_forbidden(client, track, cadre, other_township):
    course = make_course(
        track, requirement=ELECTIVE, audience_townships=[other_township]
    )
    login(client, cadre.user)
    assert "报名学习" not in client.get(course.url).content.decode()
    assert client.post(enroll_url(course)).status_code == 403
    assert not Enrollment.objects.exists()


def test_enrol_needs_a_cadre(client, track, trainer):
    course = make_course(track, requirement=ELECTIVE)
    login(client, trainer)
    assert "报名学习" not in client.get(course.url).content.decode()
    assert client.post(enroll_url(course)).status_code == 403


def test_enrol_get_is_not_allowed(client, track, cadre):
    course = make_course(track, requirement=ELECTIVE)
    login(client, cadre.user)
    assert client.get(enroll_url(course)).status_code == 405
    assert not Enrollment.objects.exists()


def test_enrol_anonymous_goes_to_login(client, track):
    course = make_course(track, requirement=ELECTIVE)
    response = client.post(enroll_url(course))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_enrol_draft_course_is_not_found(client, track, cadre):
    course = make_course(track, requirement=ELECTIVE)
    course.unpublish()
    login(client, cadre.user)
    assert client.post(enroll_url(course)).status_code == 404


def test_choose_service_rules(track, cadre, other_township):
    course = make_course(track, requirement=ELECTIVE)
    first = enrollment_choose(cadre=cadre, course=course)
    assert enrollment_choose(cadre=cadre, course=course) == first

    outside = make_course(
        track, requirement=ELECTIVE, audience_townships=[other_township]
    )
    with pytest.raises(ValidationError, match="不在课程.*学习对象范围内"):
        enrollment_choose(cadre=cadre, course=outside)

    draft = make_course(track, requirement=ELECTIVE)
    draft.unpublish()
    with pytest.raises(ValidationError, match="尚未发布"):
        enrollment_choose(cadre=cadre, course=draft)

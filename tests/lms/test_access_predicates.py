"""lms.access: each predicate for each role, and the decorator and the mixin
that require one."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory
from django.views import View
from django.views.defaults import permission_denied

from lms import access
from lms.models import Role
from tests.courses.factories import make_course, tracks


@pytest.fixture
def users(administrator, banner_supervisor, township_supervisor, trainer, cadre):
    return {
        "administrator": administrator,
        "banner_supervisor": banner_supervisor,
        "township_supervisor": township_supervisor,
        "trainer": trainer,
        "cadre": cadre.user,
        "anonymous": AnonymousUser(),
    }


def allowed(predicate, users):
    return {name for name, user in users.items() if predicate(user)}


SUPERVISORS = {"banner_supervisor", "township_supervisor"}
STAFF = {"administrator", "trainer"} | SUPERVISORS


@pytest.mark.parametrize(
    "predicate, expected",
    [
        (access.is_administrator, {"administrator"}),
        (access.is_trainer, {"trainer"}),
        (access.is_supervisor, SUPERVISORS),
        (access.is_banner_supervisor, {"banner_supervisor"}),
        (access.is_township_supervisor, {"township_supervisor"}),
        (access.is_cadre, {"cadre"}),
        (access.is_course_staff, STAFF),
        (access.may_see_whole_personal_data, {"administrator"}),
        (access.may_see_reports, {"administrator"} | SUPERVISORS),
        (access.sees_whole_banner, {"administrator", "banner_supervisor"}),
        (access.may_import_roster, {"administrator"}),
        (access.may_import_questions, {"administrator", "trainer"}),
        (access.may_use_question_bank, {"administrator", "trainer"}),
    ],
)
def test_each_predicate_allows_its_roles(users, predicate, expected):
    assert allowed(predicate, users) == expected


def test_people_scope(users, township):
    assert {name: access.people_scope(user) for name, user in users.items()} == {
        "administrator": "all",
        "banner_supervisor": "all",
        "township_supervisor": township.pk,
        "trainer": None,
        "cadre": "self",
        "anonymous": None,
    }


def test_admin_role(users):
    assert access.admin_role(users["administrator"]) == Role.ADMIN
    assert access.admin_role(users["trainer"]) == Role.TRAINER
    assert access.admin_role(users["anonymous"]) is None


def test_deactivated_users_are_nobody(users):
    for name in ("administrator", "banner_supervisor", "trainer"):
        user = users[name]
        user.is_active = False
        assert not access.may_see_reports(user)
        assert not access.is_trainer(user)
        assert access.people_scope(user) is None
        assert access.admin_role(user) is None


def test_course_predicates_for_its_trainer_and_others(users, trainer, db):
    classroom = tracks()[0]
    taught = make_course(classroom, trainers=[trainer])
    other = make_course(classroom)
    assert access.course_paths_taught(trainer) == {taught.path}
    assert access.is_trainer_of(trainer, taught)
    assert not access.is_trainer_of(trainer, other)
    assert allowed(lambda u: access.may_see_course_progress(u, taught), users) == (
        STAFF
    )
    assert allowed(lambda u: access.may_see_course_progress(u, other), users) == (
        {"administrator"} | SUPERVISORS
    )
    assert allowed(lambda u: access.sees_every_enrolment(u, taught), users) == {
        "administrator",
        "trainer",
    }
    session = SimpleNamespace(trainer_id=None, course_id=taught.pk)
    assert allowed(lambda u: access.may_run_session(u, session), users) == {
        "administrator",
        "trainer",
    }
    session = SimpleNamespace(trainer_id=users["cadre"].pk, course_id=other.pk)
    assert allowed(lambda u: access.may_run_session(u, session), users) == {
        "administrator",
        "cadre",
    }


def _request(user):
    request = RequestFactory().get("/somewhere/?a=1")
    request.user = user
    return request


@access.access_required(access.may_see_reports)
def reports_view(request):
    return HttpResponse("ok")


class ReportsView(access.AccessRequiredMixin, View):
    access_predicate = access.may_see_reports

    def get(self, request):
        return HttpResponse("ok")


@pytest.mark.parametrize("view", [reports_view, ReportsView.as_view()])
def test_decorator_and_mixin_log_in_first_then_forbid(users, view):
    response = view(_request(users["anonymous"]))
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/somewhere/%3Fa%3D1"
    assert view(_request(users["banner_supervisor"])).content == b"ok"
    response = view(_request(users["trainer"]))
    response.render()
    assert response.status_code == 403
    assert "没有访问权限" in response.content.decode()


def test_the_403_page_says_why(client, trainer):
    client.force_login(trainer)
    response = client.get("/courses/reports/")
    assert response.status_code == 403
    assert "没有访问权限" in response.text


def test_the_403_page_shows_the_views_message(trainer):
    response = permission_denied(_request(trainer), PermissionDenied("只给督导看"))
    assert "只给督导看" in response.content.decode()
    response = access.forbidden(_request(trainer), "只有管理员可以导入学员名册。")
    assert "只有管理员可以导入学员名册。" in response.render().content.decode()
    with pytest.raises(PermissionDenied):
        access.deny_unless(False)

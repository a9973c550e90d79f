"""A password set by someone else (a reset, the roster import, an
administrator's user form, the demo) is changed at the first login: every
portal and admin page leads to 账号安全 until the user has chosen their own."""

import io

import pytest
from django.test import Client
from django.urls import reverse

from lms import demo
from lms.demo import DEMO_PASSWORD
from lms.models import Cadre, User
from lms.services import roster_import
from tests.conftest import PASSWORD
from tests.lms.roster_files import person, roster_csv
from tests.logins import logged_in

from .conftest import change_form, user_form

NEW = "Grassland-2026"


@pytest.fixture
def flagged(cadre):
    User.objects.filter(pk=cadre.user_id).update(password_must_change=True)
    return cadre.user


def test_every_page_leads_to_the_change_page(flagged, change_url):
    client = logged_in(flagged)
    for path in ("/", reverse("courses:my_learning"), "/no-such-page/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url == f"{change_url}?next={path.replace('/', '%2F')}"
    page = client.get(change_url)
    assert page.status_code == 200
    assert "请先设置只有您自己知道的新密码" in page.content.decode()


def test_the_admin_leads_there_too(administrator, change_url):
    User.objects.filter(pk=administrator.pk).update(password_must_change=True)
    response = logged_in(administrator).get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith(change_url)


def test_json_endpoints_answer_403_in_chinese(flagged):
    client = logged_in(flagged)
    response = client.get(
        reverse("courses:my_learning"), headers={"accept": "application/json"}
    )
    assert response.status_code == 403
    assert "请先在“账号安全”页面设置新密码" in response.json()["error"]
    posted = client.post(
        reverse("courses:study_heartbeat"), headers={"x-csrftoken": "token"}
    )
    assert posted.status_code == 403
    assert "账号安全" in posted.json()["error"]


def test_logging_out_and_static_files_are_left_alone(flagged):
    client = logged_in(flagged)
    assert client.get("/static/cms/css/site.css").status_code != 302
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_flag_clears_only_on_a_successful_change(flagged, change_url):
    client = logged_in(flagged)
    client.post(change_url, change_form(NEW, old="wrong-password"))
    client.post(change_url, change_form("12345678"))
    assert client.get("/").status_code == 302
    flagged.refresh_from_db()
    assert flagged.password_must_change

    response = client.post(change_url, change_form(NEW) | {"next": "/"})
    assert response.status_code == 302 and response.url == "/"
    flagged.refresh_from_db()
    assert not flagged.password_must_change
    assert client.get("/").status_code == 200


def test_a_login_goes_to_the_change_page_and_then_on(flagged, change_url):
    client = Client()
    my_learning = reverse("courses:my_learning")
    login = client.post(
        f"/accounts/login/?next={my_learning}",
        {"username": flagged.username, "password": PASSWORD, "next": my_learning},
        follow=True,
    )
    assert login.redirect_chain[-1][0].startswith(change_url)
    assert "账号安全" in login.content.decode()
    done = client.post(
        change_url, change_form(NEW) | {"next": my_learning}, follow=True
    )
    assert done.redirect_chain[-1][0] == my_learning
    assert "密码已修改" in done.content.decode()


def test_an_administrator_typing_a_password_in_the_user_form_sets_the_flag(
    client, administrator, township_supervisor, change_url
):
    client.force_login(administrator)
    created = client.post(
        reverse("wagtailusers_users:add"),
        {
            "username": "new_trainer",
            "name": "新讲师",
            "email": "",
            "role": "trainer",
            "supervised_township": "",
            "password1": "Xy7-long-password",
            "password2": "Xy7-long-password",
        },
    )
    assert created.status_code == 302
    assert User.objects.get(username="new_trainer").password_must_change
    edit_url = reverse("wagtailusers_users:edit", args=[township_supervisor.pk])
    client.post(edit_url, user_form(township_supervisor, ""))  # no password typed
    township_supervisor.refresh_from_db()
    assert not township_supervisor.password_must_change
    edited = client.post(edit_url, user_form(township_supervisor, "Xy7-long-password"))
    assert edited.status_code == 302
    township_supervisor.refresh_from_db()
    assert township_supervisor.password_must_change
    # An administrator's own new password in the form is their own.
    own = reverse("wagtailusers_users:edit", args=[administrator.pk])
    client.post(own, user_form(administrator, "Xy7-own-password"))
    administrator.refresh_from_db()
    assert administrator.check_password("Xy7-own-password")
    assert not administrator.password_must_change
    first = Client()
    first.login(username="new_trainer", password="Xy7-long-password")
    assert first.get("/admin/").url.startswith(change_url)


def test_roster_accounts_are_marked(banner, administrator, media_root):
    row = person(5)
    roster_import(data=roster_csv([row]), filename="名册.csv", user=administrator)
    account = Cadre.objects.get(mobile=row["手机号"]).user
    assert account.password_must_change
    assert not account.has_usable_password()


def test_the_demo_logins_choose_a_new_password_first(db, settings, change_url):
    settings.LMS_DEMO_PASSWORD_MUST_CHANGE = True
    demo.seed(size="S", stdout=io.StringIO())
    for _role, username, password, _note in demo.demo_logins():
        assert password == DEMO_PASSWORD
        client = Client()
        assert client.login(username=username, password=password)
        assert client.get("/").url.startswith(change_url), username
    # A second seed leaves a login that chose its own password alone.
    admin = User.objects.get(username="admin")
    client = logged_in_with(admin, DEMO_PASSWORD)
    client.post(change_url, change_form(NEW, old=DEMO_PASSWORD))
    demo.seed(size="S", stdout=io.StringIO())
    admin.refresh_from_db()
    assert not admin.password_must_change


def logged_in_with(user, password):
    client = Client()
    assert client.login(username=user.username, password=password)
    return client

"""Reading and checking a file never holds a write transaction (issue 13): while
an import reads its file, another connection writes (a cadre logs in) at once;
the import then checks its rows against the database again and writes, in one
short transaction. On SQLite, whose IMMEDIATE transactions take the write lock
as they begin: before, a login waited for the whole read and failed."""

import io
import threading
from contextlib import contextmanager
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from exams.models import Question
from exams.questions import question_import
from lms import services
from lms.imports import reading
from lms.models import Cadre, PendingImport, Role
from lms.roster import RosterInvalid
from lms.services import user_create
from tests.conftest import PASSWORD
from tests.exams.bank import good_rows as good_questions
from tests.exams.bank import questions_xlsx
from tests.lms.roster_factories import good_rows
from tests.lms.roster_files import roster_xlsx

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "sqlite", reason="SQLite's write lock (IMMEDIATE)"
    ),
]

PAUSE_SECONDS = 20
# How long the login may wait for the lock: far less than any read of a file.
LOGIN_WAIT_MS = 300


@contextmanager
def reader_paused_in(thread_name):
    """read_table stops in the named thread until the block ends; yields the
    event set once it has stopped (the file being read)."""
    started, go_on = threading.Event(), threading.Event()
    real = reading.read_table

    def paused(*args, **kwargs):
        if threading.current_thread().name == thread_name:
            started.set()
            go_on.wait(PAUSE_SECONDS)
        return real(*args, **kwargs)

    with mock.patch.object(reading, "read_table", paused):
        try:
            yield started
        finally:
            go_on.set()


def in_thread(name, work):
    """Run work() in a thread of its own (its own connection); returns the
    thread and a list that will hold its result or its exception."""
    outcome = []

    def run():
        try:
            outcome.append(work())
        except Exception as exc:  # noqa: BLE001 - the test looks at it
            outcome.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=run, name=name)
    thread.start()
    return thread, outcome


def login_while(started, user):
    """A cadre logs in on the portal (a write: the session, last_login) while
    the import is reading its file, waiting LOGIN_WAIT_MS at most for the lock."""
    assert started.wait(PAUSE_SECONDS), "the import never read its file"
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA busy_timeout = {LOGIN_WAIT_MS}")
    try:
        client = Client()
        response = client.post(
            "/accounts/login/", {"username": user.username, "password": PASSWORD}
        )
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA busy_timeout = 20000")
    assert response.status_code == 302, response.status_code
    assert "_auth_user_id" in client.session


def test_a_login_goes_through_while_import_roster_reads_its_file(
    tmp_path, banner, cadre
):
    path = tmp_path / "名册.xlsx"
    path.write_bytes(roster_xlsx(good_rows(3, start=10)))
    with reader_paused_in("import") as started:
        thread, outcome = in_thread(
            "import",
            lambda: call_command("import_roster", str(path), stdout=io.StringIO()),
        )
        login_while(started, cadre.user)
    thread.join()
    assert outcome == [None]
    assert Cadre.objects.count() == 4  # the cadre who logged in, and three


def test_a_login_goes_through_while_the_admin_confirms_a_roster(
    media_root, banner, cadre, administrator
):
    admin = Client()
    admin.force_login(administrator)
    file = io.BytesIO(roster_xlsx(good_rows(3, start=10)))
    file.name = "名册.xlsx"
    admin.post(reverse("roster:upload"), {"file": file})
    upload = PendingImport.objects.get()
    assert upload.status == PendingImport.Status.PREVIEWED

    with reader_paused_in("confirm") as started:
        thread, outcome = in_thread(
            "confirm",
            lambda: admin.post(reverse("roster:confirm", args=[upload.pk])),
        )
        login_while(started, cadre.user)
    thread.join()
    (response,) = outcome
    assert response.status_code == 302
    upload.refresh_from_db()
    assert upload.status == PendingImport.Status.IMPORTED
    assert Cadre.objects.count() == 4


def test_a_login_goes_through_while_a_question_file_is_read(cadre, administrator):
    data = questions_xlsx(good_questions())
    with reader_paused_in("questions") as started:
        thread, outcome = in_thread(
            "questions",
            lambda: question_import(
                data=data, filename="题库.xlsx", user=administrator
            ),
        )
        login_while(started, cadre.user)
    thread.join()
    (plan,) = outcome
    assert len(plan.creates) == Question.objects.count() == len(good_questions())


def test_the_write_checks_the_database_again(banner):
    """What the plan made before the transaction depended on is checked again
    inside it: a login given a row's mobile number meanwhile refuses the file."""
    rows = good_rows(2, start=10)
    real, plans = services.plan_roster, []

    def plan_then_the_mobile_is_taken(**kwargs):
        plans.append(real(**kwargs))
        if len(plans) == 1:
            user_create(username=rows[1]["手机号"], name="讲师", role=Role.TRAINER)
        return plans[-1]

    with mock.patch.object(services, "plan_roster", plan_then_the_mobile_is_taken):
        with pytest.raises(RosterInvalid) as caught:
            services.roster_import(data=roster_xlsx(rows), filename="名册.xlsx")
    (error,) = caught.value.plan.errors
    assert "已被其他登录账号用作用户名" in error.message
    assert not Cadre.objects.exists()

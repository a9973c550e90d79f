"""A database busy past its timeout gives "请稍后重试" (HTTP 503, Retry-After),
as a page or as JSON, never a 500 (issue 13; lms.busy)."""

import json
import logging
import threading
from unittest import mock

import psycopg.errors
import pytest
from django.db import OperationalError, connection, connections
from django.test import Client

from tests.conftest import PASSWORD
from tests.logins import PORTAL_LOGIN

LOCK_WAIT_MS = 200


def post_login(client, user, **headers):
    return client.post(
        PORTAL_LOGIN,
        {"username": user.username, "password": PASSWORD},
        headers=headers,
    )


def assert_busy_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    content = response.content.decode()
    assert "系统繁忙，请稍后重试" in content
    assert "服务器出错了" not in content


@pytest.fixture
def database_locked():
    """Another connection holds SQLite's write lock (as a long import did); this
    one waits LOCK_WAIT_MS for it."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's write lock")
    locked, release = threading.Event(), threading.Event()

    def hold():
        other = connections.create_connection("default")
        try:
            with other.cursor() as cursor:
                cursor.execute("BEGIN IMMEDIATE")
                locked.set()
                release.wait(30)
                cursor.execute("ROLLBACK")
        finally:
            other.close()

    thread = threading.Thread(target=hold)
    thread.start()
    assert locked.wait(10)
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA busy_timeout = {LOCK_WAIT_MS}")
    try:
        yield
    finally:
        release.set()
        thread.join()
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA busy_timeout = 20000")


@pytest.mark.django_db(transaction=True)
def test_a_login_while_the_database_is_locked_gets_the_busy_page(
    cadre, database_locked, caplog
):
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.WARNING, logger="lms.busy"):
        response = post_login(client, cadre.user)
    assert_busy_page(response)
    assert response["Content-Type"].startswith("text/html")
    assert any("database busy" in r.getMessage() for r in caplog.records)


@pytest.mark.django_db(transaction=True)
def test_a_script_while_the_database_is_locked_gets_a_json_error(
    cadre, database_locked
):
    client = Client(raise_request_exception=False)
    for headers in ({"Accept": "application/json"}, {"X-CSRFToken": "x"}):
        response = post_login(client, cadre.user, **headers)
        assert response.status_code == 503
        assert response["Retry-After"] == "10"
        assert json.loads(response.content) == {
            "error": "系统繁忙，请稍后重试。",
            "retry": True,
        }


def postgres_error(error_class, message):
    """What Django raises for a psycopg error: its own OperationalError with the
    driver's error as the cause."""
    try:
        raise OperationalError(message) from error_class(message)
    except OperationalError as exc:
        return exc


@pytest.mark.parametrize(
    "error",
    [
        postgres_error(
            psycopg.errors.LockNotAvailable, "canceling statement due to lock timeout"
        ),
        postgres_error(
            psycopg.errors.QueryCanceled, "canceling statement due to statement timeout"
        ),
    ],
    ids=["lock_timeout", "statement_timeout"],
)
def test_postgresql_timeouts_get_the_busy_page(cadre, error):
    client = Client(raise_request_exception=False)
    with mock.patch("lms.auth.UserWithCadreBackend.authenticate", side_effect=error):
        assert_busy_page(post_login(client, cadre.user))


def test_a_busy_database_after_the_view_gets_the_busy_page_too(cadre):
    """The session saved after the view (SessionMiddleware): handler500."""
    client = Client(raise_request_exception=False)
    with mock.patch(
        "django.contrib.sessions.middleware.SessionMiddleware.process_response",
        side_effect=OperationalError("database is locked"),
    ):
        assert_busy_page(client.get(PORTAL_LOGIN))


def test_other_database_errors_are_still_server_errors(cadre):
    client = Client(raise_request_exception=False)
    with mock.patch(
        "lms.auth.UserWithCadreBackend.authenticate",
        side_effect=OperationalError("no such table: lms_user"),
    ):
        response = post_login(client, cadre.user)
    assert response.status_code == 500
    assert "服务器出错了" in response.content.decode()

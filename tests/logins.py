"""Signing a test user in (every test user has conftest's PASSWORD)."""

from django.test import Client

from .conftest import PASSWORD

PORTAL_LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def logged_in(user, **kwargs):
    """A new client, signed in as user; kwargs go to Client."""
    return login(Client(**kwargs), user)


def post_login(client, username, password, *, page=PORTAL_LOGIN, address=None):
    """Post a login page's own form (the portal's or, page=ADMIN_LOGIN, the
    admin's), from address (REMOTE_ADDR) when given: what a person typing it
    gets, including django-axes' lockout, which Client.login() skips."""
    extra = {"REMOTE_ADDR": address} if address else {}
    return client.post(page, {"username": username, "password": password}, **extra)


def is_logged_in(client):
    return "_auth_user_id" in client.session

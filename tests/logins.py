"""Signing a test user in (every test user has conftest's PASSWORD)."""

from django.test import Client

from .conftest import PASSWORD


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def logged_in(user, **kwargs):
    """A new client, signed in as user; kwargs go to Client."""
    return login(Client(**kwargs), user)

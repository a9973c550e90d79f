"""Small helpers for the admin screens' tests."""

from django.urls import reverse


def url(name, *args):
    return reverse(name, args=args)


def html(response):
    return response.content.decode()

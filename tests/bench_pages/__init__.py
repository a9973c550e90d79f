"""A bare Wagtail page type (title only) for `make bench` and the tests.

Installed only by lms.settings.test and lms.settings.bench, never in production.
"""

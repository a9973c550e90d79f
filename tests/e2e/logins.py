"""Signing a test user in through the browser, as a person would."""

from tests.conftest import PASSWORD


def _submit(page, user):
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[name=password]) [type=submit]").click()


def admin_log_in(page, base_url, user):
    """Through the admin's login page, to the admin's dashboard."""
    page.goto(f"{base_url}/admin/login/")
    _submit(page, user)
    page.wait_for_url(f"{base_url}/admin/")


def log_in(page, base_url, user, next_url):
    """Through the portal's login page, to next_url."""
    page.goto(f"{base_url}/accounts/login/?next={next_url}")
    _submit(page, user)
    page.wait_for_url(f"**{next_url}")

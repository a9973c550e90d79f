"""Signing a test user in through the browser, as a person would.

Test users (tests/conftest.py) chose their own password: no first-login
change. A user whose password was set by someone else (password_must_change)
lands on 账号安全 after logging in; choose_new_password() goes through it."""

from tests.conftest import PASSWORD

CHANGE_PAGE = "**/accounts/security/?next=*"


def _submit(page, user):
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[name=password]) [type=submit]").click()


def admin_log_in(page, base_url, user):
    """Through the admin's login page, to the admin's dashboard."""
    page.goto(f"{base_url}/admin/login/")
    _submit(page, user)
    page.wait_for_url(f"{base_url}/admin/")


def log_in(page, base_url, user, next_url, *, must_change=False):
    """Through the portal's login page, to next_url, or with must_change to
    账号安全 first (which goes on to next_url once a new password is chosen)."""
    page.goto(f"{base_url}/accounts/login/?next={next_url}")
    _submit(page, user)
    page.wait_for_url(CHANGE_PAGE if must_change else f"**{next_url}")


def choose_new_password(page, old, new):
    """On 账号安全 (where a must-change login lands): the old password and
    the new one twice."""
    page.fill("input[name=old_password]", old)
    page.fill("input[name=new_password1]", new)
    page.fill("input[name=new_password2]", new)
    page.get_by_role("button", name="修改密码").click()

"""账号安全 on a phone (360 px): a cadre whose password was reset logs in,
lands on the change page, chooses a new password and goes on to 我的学习."""

from django.urls import reverse

from lms.models import User
from tests.conftest import PASSWORD

from .logins import choose_new_password, log_in

NEW = "Grassland-2026"


def test_a_reset_cadre_chooses_a_new_password_on_a_phone(
    phone_page, live_server, cadre
):
    User.objects.filter(pk=cadre.user_id).update(password_must_change=True)
    page = phone_page
    my_learning = reverse("courses:my_learning")
    log_in(page, live_server.url, cadre.user, my_learning, must_change=True)
    assert "请先设置只有您自己知道的新密码" in page.locator("main").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    choose_new_password(page, PASSWORD, "12345678")
    assert "密码只包含数字" in page.locator("main").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.goto(live_server.url + my_learning)  # still sent to 账号安全
    assert "/accounts/security/" in page.url
    choose_new_password(page, PASSWORD, NEW)
    page.wait_for_url(f"**{my_learning}")
    assert "密码已修改" in page.locator("main").inner_text()
    # The navigation links to 账号安全 on the phone too.
    link = page.get_by_role("link", name="账号安全")
    link.scroll_into_view_if_needed()
    assert link.is_visible()
    cadre.user.refresh_from_db()
    assert cadre.user.check_password(NEW) and not cadre.user.password_must_change

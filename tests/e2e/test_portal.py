"""A demo cadre logs in on a phone-sized window and sees the three classrooms."""

from django.core.management import call_command

from lms.demo import DEMO_PASSWORD, demo_logins
from lms.models import Role, User


def test_cadre_logs_in_on_a_phone_and_sees_the_three_classrooms(
    phone_page, live_server
):
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    cadre_username = next(row[1] for row in demo_logins() if row[0] == "学员")
    cadre = User.objects.get(username=cadre_username).cadre
    assert cadre.user.role == Role.CADRE

    page = phone_page
    page.goto(live_server.url + "/")
    page.fill("input[name=username]", cadre_username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("form:has(input[name=password]) [type=submit]").click()
    page.wait_for_load_state()

    body = page.locator("body")
    for classroom in ("理论实践课堂", "“领头雁”课堂", "在线交流课堂"):
        assert page.get_by_role("link", name=classroom).first.is_visible()
    assert cadre.name in body.inner_text()
    # Nothing sticks out of a 360-pixel screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.get_by_role("link", name="“领头雁”课堂").first.click()
    page.wait_for_load_state()
    assert "“领头雁”课堂" in page.title()

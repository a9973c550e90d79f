"""The portal's login page and its error pages, rendered through the real
templates."""

from django.template import loader
from django.urls import reverse

from ..conftest import PASSWORD
from .conftest import html

# ---- Login, errors ----------------------------------------------------------


def test_login_page_is_in_chinese(client, portal):
    page = html(client.get(reverse("login")))
    assert "手机号或用户名" in page and "密码" in page
    assert 'type="submit"' in page


def test_login_with_a_wrong_password_shows_a_chinese_error(client, portal, cadre):
    response = client.post(
        reverse("login"), {"username": cadre.mobile, "password": "wrong-password"}
    )
    assert response.status_code == 200
    page = html(response)
    assert "手机号/用户名或密码不正确，请重新输入。" in page
    assert f'value="{cadre.mobile}"' in page  # kept, only the password is retyped


def test_login_with_mobile_number_goes_on_to_next(client, portal, cadre):
    track = portal["tracks"][0]
    page = html(client.get(reverse("login") + f"?next={track.url}"))
    assert f'name="next" value="{track.url}"' in page
    response = client.post(
        reverse("login"),
        {"username": cadre.mobile, "password": PASSWORD, "next": track.url},
    )
    assert response.status_code == 302 and response.url == track.url


def test_404_page_is_in_chinese_and_links_home(client, portal):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = html(response)
    assert "页面不存在" in page
    assert "返回首页" in page
    assert '<html lang="zh-hans">' in page


def test_500_page_renders_without_context_or_database():
    page = loader.get_template("500.html").render()
    assert "服务器出错了" in page
    assert 'name="viewport"' in page
    assert "<link" not in page  # inline styles only: the error may be in static

"""What a user sees on the public site: the home page, classrooms and notices,
rendered through the real templates (login and error pages:
test_login_and_error_pages.py)."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.images.tests.utils import get_test_image_file

from cms.models import StandardPage
from lms.models import Position

from .conftest import CLASSROOMS, add_notice, html

# ---- Home page ---------------------------------------------------------------


def test_home_shows_the_three_classrooms_with_summary_audience_and_link(client, portal):
    page = html(client.get("/"))
    for track, (_kind, title, _slug, summary, audience) in zip(
        portal["tracks"], CLASSROOMS, strict=True
    ):
        assert title in page
        assert summary in page
        assert audience in page
        assert f'href="{track.url}"' in page
    assert "三大课堂" in page
    assert "乡村振兴领头雁“333”工程" in page
    assert "围绕乡村振兴领头雁“333”工程开展培训。" in page


def test_home_lists_the_five_latest_notices_newest_first(client, portal):
    start = datetime.date(2025, 1, 1)
    for n in range(1, 8):
        add_notice(portal["index"], n, date=start + datetime.timedelta(days=n))
    draft = add_notice(portal["index"], 99, date=datetime.date(2025, 12, 31))
    draft.unpublish()

    page = html(client.get("/"))

    shown = re.findall(r"第(\d+)号培训通知", page)
    assert shown == ["7", "6", "5", "4", "3"]
    assert "2025-01-08" in page and "2025-01-04" in page
    assert "2025-01-03" not in page
    more = re.search(r'<a class="more-link" href="([^"]+)">更多', page)
    assert more and more.group(1) == portal["index"].url


def test_home_without_notices_says_so(client, portal):
    assert "暂无通知公告" in html(client.get("/"))


def test_home_shows_a_login_box_to_anonymous_users(client, portal):
    page = html(client.get("/"))
    form = re.search(
        r'<form class="login-form" method="post" action="([^"]+)".*?</form>', page, re.S
    )
    assert form and form.group(1) == reverse("login")
    assert 'name="csrfmiddlewaretoken"' in form.group(0)
    assert 'name="username"' in form.group(0)
    assert 'type="password"' in form.group(0)
    assert 'name="next" value="/"' in form.group(0)
    assert "手机号或用户名" in page
    assert "学员登录" in page
    assert "我的信息" not in page


def test_home_shows_the_logged_in_cadre_their_own_record(client, portal, cadre):
    cadre.position = Position.PARTY_SECRETARY
    cadre.save()
    client.force_login(cadre.user)
    page = html(client.get("/"))
    summary = re.search(r'<section class="panel user-summary".*?</section>', page, re.S)
    assert summary
    text = summary.group(0)
    for expected in ["乌力吉", "东明村", "东明镇", "党支部书记", "一类（创先进）"]:
        assert expected in text
    for label in ["嘎查村", "苏木乡镇", "职务", "村分类"]:
        assert f"<dt>{label}</dt>" in text
    assert 'class="login-form"' not in page
    assert "管理后台" not in page


def test_home_shows_staff_their_role_and_the_admin(client, portal, trainer, cadre):
    client.force_login(trainer)
    page = html(client.get("/"))
    assert "王讲师" in page
    assert "<dd>讲师</dd>" in page
    assert 'href="/admin/"' in page
    assert "进入管理后台" in page
    assert "<dt>嘎查村</dt>" not in page


def test_header_logout_is_a_post_form_with_csrf(client, portal, cadre):
    client.force_login(cadre.user)
    page = html(client.get("/"))
    form = re.search(
        r'<form class="logout-form" method="post" action="([^"]+)">(.*?)</form>',
        page,
        re.S,
    )
    assert form and form.group(1) == reverse("logout")
    assert 'name="csrfmiddlewaretoken"' in form.group(2)
    assert "退出" in form.group(2)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "学员登录" in html(client.get("/"))


def test_navigation_lists_in_menu_pages_and_marks_the_current_one(client, portal):
    page = html(client.get(portal["tracks"][1].url))
    nav = re.search(r'<nav class="site-nav".*?</nav>', page, re.S).group(0)
    for track in portal["tracks"]:
        assert f'href="{track.url}"' in nav
    assert f'href="{portal["index"].url}"' in nav
    assert "平台说明" not in nav  # not in the menu
    assert "首页" in nav
    current = re.search(r'href="([^"]+)" aria-current="page"', nav)
    assert current and current.group(1) == portal["tracks"][1].url


def test_footer_shows_the_portal_settings(client, portal):
    footer = re.search(r"<footer.*?</footer>", html(client.get("/")), re.S).group(0)
    assert "中共奈曼旗委组织部" in footer
    assert "0475-1234567" in footer


# ---- Classroom, notices, standard pages --------------------------------------------


def test_track_page_shows_its_intro_audience_and_a_way_home(client, portal):
    track = portal["tracks"][0]
    track.body = [("heading", "培训安排"), ("paragraph", "<p>每季度集中学习。</p>")]
    track.save_revision().publish()
    page = html(client.get(track.url))
    assert "<h1" in page and "理论实践课堂" in page
    assert "政策理论讲授与现场实践教学相结合" in page
    assert "全体两委成员" in page
    assert "理论实践课堂的课堂介绍。" in page
    assert "培训安排" in page and "每季度集中学习。" in page
    crumbs = re.search(r'<nav class="breadcrumb".*?</nav>', page, re.S).group(0)
    assert f'href="{portal["home"].url}"' in crumbs
    assert "首页" in crumbs


def test_notice_index_is_paginated_newest_first(client, portal):
    start = datetime.date(2024, 1, 1)
    for n in range(1, 23):
        add_notice(portal["index"], n, date=start + datetime.timedelta(days=n))
    first = html(client.get(portal["index"].url))
    assert re.findall(r"第(\d+)号培训通知", first)[:3] == ["22", "21", "20"]
    assert len(re.findall(r'class="notice-item"', first)) == 20
    assert "第 1 页，共 2 页" in first
    assert 'href="?page=2"' in first and "下一页" in first

    second = html(client.get(portal["index"].url + "?page=2"))
    assert re.findall(r"第(\d+)号培训通知", second) == ["2", "1"]
    assert "上一页" in second


def test_notice_page_shows_date_issuer_and_body(client, portal):
    notice = add_notice(
        portal["index"], 3, date=datetime.date(2025, 3, 1), issuer="东明镇党委"
    )
    page = html(client.get(notice.url))
    assert "第3号培训通知" in page
    assert "2025-03-01" in page
    assert "东明镇党委" in page
    assert "第3号通知正文" in page
    assert f'href="{portal["index"].url}"' in page


def test_every_body_block_renders(client, portal, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    from wagtail.images.models import Image

    image = Image.objects.create(title="培训现场", file=get_test_image_file())
    document = Document.objects.create(title="培训计划", file=get_test_image_file())
    about = portal["about"]
    about.body = [
        ("heading", "小标题一"),
        ("paragraph", "<p>正文段落</p>"),
        (
            "image",
            {
                "image": {"image": image, "decorative": False, "alt_text": "集中培训"},
                "caption": "现场照片",
            },
        ),
        ("document", {"document": document, "title": "下载培训计划"}),
        ("policy_quote", {"text": "党建引领乡村振兴", "source": "实施方案"}),
        ("callout", {"tone": "warning", "title": "", "body": "<p>请带身份证</p>"}),
        ("embed", "https://www.example.com/not-an-embed"),
    ]
    about.save_revision().publish()
    page = html(client.get(about.url))
    assert '<h2 class="stream-heading">小标题一</h2>' in page
    assert "正文段落" in page
    img = re.search(r"<img [^>]*alt=\"集中培训\"[^>]*>", page).group(0)
    assert 'loading="lazy"' in img and "width=" in img and "height=" in img
    assert "srcset=" in img
    assert "现场照片" in page
    assert "下载培训计划" in page and f'href="{document.url}"' in page
    assert "党建引领乡村振兴" in page and "实施方案" in page
    assert "callout-warning" in page and "请带身份证" in page and "注意" in page
    assert 'href="https://www.example.com/not-an-embed"' in page


# ---- Head --------------------------------------------------------------------


@pytest.mark.parametrize("which", ["home", "track", "index", "notice", "login", "404"])
def test_every_page_is_made_for_phones(client, portal, which):
    notice = add_notice(portal["index"], 1, date=datetime.date(2025, 1, 1))
    url = {
        "home": "/",
        "track": portal["tracks"][0].url,
        "index": portal["index"].url,
        "notice": notice.url,
        "login": reverse("login"),
        "404": "/missing/",
    }[which]
    page = html(client.get(url))
    viewport = '<meta name="viewport" content="width=device-width, initial-scale=1">'
    assert viewport in page
    assert '<html lang="zh-hans">' in page
    assert "/static/cms/css/site.css" in page
    assert not re.search(r"(src|href)=\"(https?:)?//", page.split("</head>")[0])


# ---- Query counts ----------------------------------------------------------------


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("logged_in", [False, True])
def test_home_page_query_count_does_not_grow_with_content(
    client, portal, cadre, logged_in
):
    if logged_in:
        client.force_login(cadre.user)
    add_notice(portal["index"], 1, date=datetime.date(2025, 1, 1))
    client.get("/")  # warm caches (site root paths, content types)
    before = count_queries(client, "/")
    for n in range(2, 12):
        add_notice(portal["index"], n, date=datetime.date(2025, 1, n))
    for n in range(3):
        extra = StandardPage(title=f"栏目{n}", slug=f"extra-{n}", show_in_menus=True)
        portal["home"].add_child(instance=extra)
    client.get("/")
    assert count_queries(client, "/") == before


def test_notice_index_query_count_does_not_grow_with_notices(client, portal):
    url = portal["index"].url
    add_notice(portal["index"], 1, date=datetime.date(2025, 1, 1))
    client.get(url)
    before = count_queries(client, url)
    for n in range(2, 30):
        add_notice(portal["index"], n, date=datetime.date(2025, 1, n))
    client.get(url)
    assert count_queries(client, url) == before

"""The Content-Security-Policy header (django-csp) in every setting: scripts and
styles from the site only, no plugins, no framing; embedded players only from
LMS_VIDEO_EMBED_HOSTS. The browser test tests/e2e/test_csp.py walks the pages."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.test import Client, RequestFactory
from wagtail.embeds.blocks import EmbedValue
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed

from cms.blocks import BodyStreamBlock
from lms.content_security import SiteCSPMiddleware, nonce_wagtail_scripts
from tests.logins import logged_in

ROOT = Path(__file__).resolve().parents[2]


def directives(response):
    policy = response["Content-Security-Policy"]
    return {
        part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()
    }


@pytest.mark.django_db
def test_the_portal_allows_scripts_and_styles_from_the_site_only():
    policy = directives(Client().get("/"))
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert "https://www.youtube.com" in policy["frame-src"]
    assert "https://www.bilibili.com" not in policy["frame-src"]


@pytest.mark.parametrize("settings_module", ["dev", "production"])
def test_every_setting_sends_the_policy(settings_module):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env |= {
        "DJANGO_SECRET_KEY": "a-long-random-production-secret-0123456789-abcdefgh",
        "DJANGO_ALLOWED_HOSTS": "peixun.naiman.example.cn",
    }
    code = (
        "from django.conf import settings as s; "
        "print('lms.content_security.SiteCSPMiddleware' in s.MIDDLEWARE, "
        "s.CONTENT_SECURITY_POLICY['DIRECTIVES']['script-src'])"
    )
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            code,
            f"--settings=lms.settings.{settings_module}",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "True [\"'self'\"]"


@pytest.mark.django_db
def test_the_admin_gives_its_nonce_to_wagtails_widget_scripts_only(administrator):
    response = logged_in(administrator).get("/admin/people/personal-data-access/")
    policy = directives(response)
    [nonce] = [s for s in policy["script-src"] if s.startswith("'nonce-")]
    html = response.content.decode()
    assert f'<script nonce="{nonce[7:-1]}">initDateChooser(' in html
    assert "'unsafe-inline'" not in policy["script-src"]
    # Wagtail's scripts add <style> elements: the admin allows inline styles.
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]


@pytest.mark.django_db
def test_the_admin_login_page_keeps_the_strict_policy():
    policy = directives(Client().get("/admin/login/"))
    assert policy["style-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]


def test_an_injected_script_gets_no_nonce_and_loses_its_own():
    page = (
        '<script nonce="guessed">fetch("/admin/users/")</script>'
        "<script>alert(document.cookie)</script>"
        '<script>initDateChooser("id_a", {"format": "Y-m-d"});</script>'
        '<script>initDateChooser("id_b", {"x": alert(1)});</script>'
    )
    html, count = nonce_wagtail_scripts(page, "N0NCE")
    assert count == 1
    assert html == (
        '<script>fetch("/admin/users/")</script>'
        "<script>alert(document.cookie)</script>"
        '<script nonce="N0NCE">initDateChooser("id_a", {"format": "Y-m-d"});</script>'
        '<script>initDateChooser("id_b", {"x": alert(1)});</script>'
    )


def test_the_500_page_styles_are_allowed_by_their_hash():
    request = RequestFactory().get("/boom/")

    def error(request):
        return HttpResponseServerError(loader.render_to_string("500.html"))

    response = SiteCSPMiddleware(error)(request)
    [source] = [s for s in directives(response)["style-src"] if s != "'self'"]
    assert source.startswith("'sha256-")
    ok = SiteCSPMiddleware(lambda request: HttpResponse("ok"))(request)
    assert directives(ok)["style-src"] == ["'self'"]


def cached_embed(url, html):
    return Embed.objects.create(
        url=url, hash=get_embed_hash(url), type="rich", html=html, provider_name="x"
    )


@pytest.mark.django_db
def test_an_embed_that_is_not_a_listed_player_is_refused_and_not_shown():
    tweet = "https://twitter.com/naiman/status/1"
    cached_embed(
        tweet,
        '<blockquote class="twitter-tweet">…</blockquote>'
        '<script async src="https://platform.twitter.com/widgets.js"></script>',
    )
    block = BodyStreamBlock().child_blocks["embed"]
    with pytest.raises(ValidationError, match="这个链接无法嵌入播放"):
        block.clean(EmbedValue(tweet))
    assert "<script" not in block.render(EmbedValue(tweet))
    elsewhere = "https://video.example.com/v/1"
    cached_embed(elsewhere, '<iframe src="https://video.example.com/embed/1"></iframe>')
    with pytest.raises(ValidationError):
        block.clean(EmbedValue(elsewhere))

    youtube = "https://www.youtube.com/watch?v=abc"
    cached_embed(youtube, '<iframe src="https://www.youtube.com/embed/abc"></iframe>')
    assert block.clean(EmbedValue(youtube)).url == youtube
    assert 'src="https://www.youtube.com/embed/abc"' in block.render(
        EmbedValue(youtube)
    )

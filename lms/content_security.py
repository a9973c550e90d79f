"""The Content-Security-Policy header (django-csp), adjusted per response.

The policy itself is CONTENT_SECURITY_POLICY in lms.settings.base: scripts and
styles from the site only. Two kinds of response get more:

- Wagtail's admin (8.0) still starts some widgets with a one-line inline
  script (date pickers, choosers, InlinePanel). Only scripts of exactly those
  shapes, a call of a known Wagtail function with JSON data, are given this
  response's nonce; any other inline script stays blocked, and a nonce
  attribute already in the page is removed first, so an injected script cannot
  bring its own. Wagtail's scripts also add <style> elements and style
  attributes: the admin (not its login pages) allows inline styles. Styles
  cannot run code, and with img-src/font-src/connect-src limited to the site
  they cannot send anything out either.
- a 500 page carries its own <style> block (the error may be in static
  files), allowed by its hash.

frame-ancestors follows the view's own X-Frame-Options: Wagtail's preview
views answer SAMEORIGIN so that the page editor can show them in its preview
panel; every other response stays 'none' (and DENY).
"""

import base64
import functools
import hashlib
import json
import re
import secrets

from csp.middleware import CSPMiddleware
from django.template import loader
from django.urls import reverse

_STYLE_RE = re.compile(r"<style>(.*?)</style>", re.S)
_INLINE_SCRIPT_RE = re.compile(r"<script>(.*?)</script>", re.S)
_NONCE_ATTR_RE = re.compile(
    r"(<script\b[^>]*?)\snonce\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]*)"
)

# Wagtail's inline widget starters: NAME(json, …); or new NAME(json, …);
_WAGTAIL_CALLS = {
    "initDateChooser",
    "initTimeChooser",
    "initDateTimeChooser",
    "createTaskChooser",
}
_WAGTAIL_CONSTRUCTORS = {
    "Chooser",
    "PageChooser",
    "ImageChooser",
    "DocumentChooser",
    "SnippetChooser",
}
_CALL_RE = re.compile(r"(new\s+)?([A-Za-z]+)\((.*)\);?", re.S)
# wagtailadmin/panels/inline_panel.html and multiple_chooser_panel.html
_PANEL_RE = re.compile(
    r"\(function\(\)\s*\{\s*var panel = new (?:InlinePanel|MultipleChooserPanel)"
    r"\(JSON\.parse\((\"[^\"\\]*(?:\\u[0-9A-Fa-f]{4}[^\"\\]*)*\")\)\);\s*\}\)\(\);",
    re.S,
)


def _json(text):
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def is_wagtail_widget_script(code):
    """True for the inline scripts Wagtail's admin writes to start a widget:
    a known function or constructor called with JSON values only."""
    code = code.strip()
    if match := _PANEL_RE.fullmatch(code):
        return _json(json.loads(match.group(1)))
    match = _CALL_RE.fullmatch(code)
    if not match:
        return False
    names = _WAGTAIL_CONSTRUCTORS if match.group(1) else _WAGTAIL_CALLS
    return match.group(2) in names and _json(f"[{match.group(3)}]")


def nonce_wagtail_scripts(html, nonce):
    """html with every nonce attribute removed, then this nonce on Wagtail's
    own widget scripts; (html, how many were given the nonce)."""
    html = _NONCE_ATTR_RE.sub(r"\1", html)
    count = 0

    def give(match):
        nonlocal count
        if not is_wagtail_widget_script(match.group(1)):
            return match.group(0)
        count += 1
        return f'<script nonce="{nonce}">{match.group(1)}</script>'

    return _INLINE_SCRIPT_RE.sub(give, html), count


@functools.cache
def error_page_style_source():
    """'sha256-…' of the <style> block of templates/500.html."""
    match = _STYLE_RE.search(loader.get_template("500.html").render())
    digest = hashlib.sha256(match.group(1).encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


@functools.cache
def _admin_paths():
    home = reverse("wagtailadmin_home")
    strict = (reverse("wagtailadmin_login"), home + "password_reset/")
    return home, strict


def _is_html(response):
    return not response.streaming and response.get("Content-Type", "").startswith(
        "text/html"
    )


class SiteCSPMiddleware(CSPMiddleware):
    """django-csp's middleware with the adjustments the module describes."""

    def process_response(self, request, response):
        home, strict = _admin_paths()
        path = request.path_info
        if path.startswith(home) and _is_html(response):
            nonce = secrets.token_urlsafe(18)
            html, count = nonce_wagtail_scripts(response.content.decode(), nonce)
            if count:
                response.content = html.encode()
                if response.has_header("Content-Length"):
                    response["Content-Length"] = str(len(response.content))
                response._lms_admin_nonce = nonce
            response._lms_admin_styles = not path.startswith(strict)
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        update, replace = dict(parts.update or {}), dict(parts.replace or {})
        if nonce := getattr(response, "_lms_admin_nonce", None):
            update["script-src"] = f"'nonce-{nonce}'"
        if getattr(response, "_lms_admin_styles", False):
            replace["style-src"] = ["'self'", "'unsafe-inline'"]
        if response.get("X-Frame-Options", "").upper() == "SAMEORIGIN":
            replace["frame-ancestors"] = "'self'"
        if response.status_code == 500:
            update["style-src"] = error_page_style_source()
        parts.update, parts.replace = update or None, replace or None
        return parts

"""The project's catalogues under locale/: each compiled .mo says what its .po
says (a forgotten `make messages` fails here, and a fresh machine needs no
gettext), and a staff user who chooses English gets the admin in English."""

import re
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext, override, pgettext
from wagtail.users.models import UserProfile

from ..cms.visible_text import read_page
from ..conftest import PASSWORD

LOCALE = Path(settings.BASE_DIR) / "locale"
CATALOGUES = sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")


def messages(catalogue):
    """{(context, msgid): translation(s)} of the entries gettext would use."""
    out = {}
    for entry in catalogue:
        if not entry.msgid or entry.obsolete or "fuzzy" in entry.flags:
            continue
        if entry.msgid_plural:
            forms = tuple(v for _, v in sorted(entry.msgstr_plural.items()))
            if all(forms):
                out[(entry.msgctxt, entry.msgid, entry.msgid_plural)] = forms
        elif entry.msgstr:
            out[(entry.msgctxt, entry.msgid, None)] = entry.msgstr
    return out


def test_there_are_catalogues():
    names = {p.relative_to(LOCALE).as_posix() for p in CATALOGUES}
    assert {
        "en/LC_MESSAGES/django.po",
        "zh_Hans/LC_MESSAGES/django.po",
        "zh_Hans/LC_MESSAGES/djangojs.po",
    } <= names


@pytest.mark.parametrize(
    "po_path", CATALOGUES, ids=lambda p: str(p.relative_to(LOCALE))
)
def test_each_compiled_catalogue_is_up_to_date(po_path):
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run `make messages`"
    source = messages(polib.pofile(str(po_path)))
    compiled = messages(polib.mofile(str(mo_path)))
    stale = {
        k for k in source.keys() | compiled.keys() if source.get(k) != compiled.get(k)
    }
    assert not stale, (
        f"{mo_path.name} differs from {po_path.name} in {len(stale)} messages "
        f"(run `make messages`), e.g. {sorted(stale, key=str)[:3]}"
    )


@pytest.mark.parametrize(
    "po_path", CATALOGUES, ids=lambda p: str(p.relative_to(LOCALE))
)
def test_translations_keep_their_placeholders(po_path):
    """A translation uses no placeholder its msgid lacks (it would raise)."""
    wrong = []
    for (_, msgid, plural), translation in messages(polib.pofile(str(po_path))).items():
        known = set(PLACEHOLDER.findall(msgid)) | set(PLACEHOLDER.findall(plural or ""))
        forms = translation if isinstance(translation, tuple) else (translation,)
        if any(set(PLACEHOLDER.findall(form)) - known for form in forms):
            wrong.append(msgid)
    assert not wrong, wrong


def admin_home(client, user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    assert client.login(username=user.username, password=PASSWORD)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    return html, " | ".join(read_page(html)[0])  # with the sidebar's labels


def test_a_trainer_who_chose_english_gets_the_admin_in_english(client, trainer):
    html, text = admin_home(client, trainer, "en")
    assert 'lang="en"' in html
    for label in ("Training session", "Question bank", "Import questions from Excel"):
        assert label in text, label
    assert "培训场次" not in text


def test_the_admin_is_chinese_otherwise(client, trainer):
    html, text = admin_home(client, trainer, "")
    assert 'lang="zh-hans"' in html
    assert "培训场次" in text and "从 Excel 导入题目" in text
    assert "Question bank" not in text


def test_wagtails_messages_quote_titles_with_chinese_quotes():
    """The admin's "页面 '财务公开' 已被更新。" (Wagtail's catalogues) reads
    页面“财务公开”已被更新。 with ours."""
    ascii_quoted = re.compile(r"'%\(\w+\)s'")
    wagtail_catalogues = [
        path
        for app in apps.get_app_configs()
        if app.name.startswith("wagtail")
        for path in Path(app.path).glob("locale/zh_Hans/LC_MESSAGES/django.po")
    ]
    wrong = []
    with override("zh-hans"):
        for po_path in wagtail_catalogues:
            for entry in polib.pofile(str(po_path)):
                if entry.msgid_plural or entry.obsolete or "fuzzy" in entry.flags:
                    continue
                if entry.msgctxt:
                    shown = pgettext(entry.msgctxt, entry.msgid)
                else:
                    shown = gettext(entry.msgid)
                if ascii_quoted.search(shown):
                    wrong.append(shown)
    assert not wrong, wrong
    with override("zh-hans"):
        shown = gettext("Page '%(page_title)s' has been updated.")
    assert shown == "页面“%(page_title)s”已被更新。"

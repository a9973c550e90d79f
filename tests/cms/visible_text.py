"""What a user sees or hears on an admin screen, and the English words in it;
used by test_admin_language.py."""

import json
import re
import zoneinfo
from html import unescape
from html.parser import HTMLParser

# Words that may stay as they are: names, formats, units, keys.
ALLOWED_WORDS = {
    *"Wagtail Excel MP4 ID QR PDF CSV XLSX xlsx csv TSV UTF GBK KB MB GB".split(),
    *"PNG JPG JPEG GIF WEBP AVIF SVG HEIC MOV M4V WebM FFmpeg URL API".split(),
    *"Ctrl Alt Shift Esc Enter Cmd Tab".split(),
    "English",  # the language's own name in the language choice
}
IGNORED_PATTERNS = [
    r"%\(\w+\)[sd]|\{\w*\}",  # placeholders Wagtail's scripts fill in
    r"https?://\S+|[\w.+-]+@[\w-]+\.[\w.]+",  # addresses
    r"[\w-]+\.[a-z][\w.]*",  # file names, app_label.model
    r"[\d*]{6,}X",  # an ID number (masked or not)
    r"(?<![A-Za-z])v\d[\d.]*",  # a version
    r"(?<![A-Za-z])[A-F]{1,6}(?![A-Za-z])",  # answer keys (选项A, ACD)
]
TIME_ZONES = zoneinfo.available_timezones()  # the account's time zone choice
WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:['’][A-Za-z]+)*")

VISIBLE_ATTRIBUTES = {
    "title",
    "placeholder",
    "aria-label",
    "alt",
    "aria-description",
    "data-w-tooltip-content-value",
}
SKIPPED = {"script", "style", "noscript", "svg"}
JSON_ATTRIBUTES = {"data-w-block-data-value", "data-w-block-arguments-value"}
JSON_SCRIPTS = {"wagtail-config", "wagtail-sidebar-props", "w-edit-handler-data"}
JSON_VISIBLE_KEYS = {"label", "description", "help_text", "helpText", "footer_text"}
JSON_STRING_TABLES = {"strings", "STRINGS", "messages"}


class VisibleText(HTMLParser):
    """Collects what a user sees or hears; skips what a script overwrites."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts, self.links = [], []
        self._skip, self._json = [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "script" and attrs.get("id") in JSON_SCRIPTS:
            self._json = []
        if tag in SKIPPED or "data-side-panel-toggle-counter" in attrs:
            self._skip.append(tag)
        for name, value in attrs.items():
            if not value:
                continue
            if name in VISIBLE_ATTRIBUTES or (
                name == "value"
                and tag == "input"
                and attrs.get("type") in ("submit", "button")
            ):
                self.texts.append(value)
            elif name in JSON_ATTRIBUTES:
                self.texts.extend(json_texts(json.loads(value)))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if self._skip and self._skip[-1] == tag:
            self._skip.pop()

    def handle_endtag(self, tag):
        if self._skip and self._skip[-1] == tag:
            self._skip.pop()
        if tag == "script" and self._json is not None:
            self.texts.extend(json_texts(json.loads("".join(self._json))))
            self._json = None

    def handle_data(self, data):
        if self._json is not None:
            self._json.append(data)
        elif not self._skip and data.strip():
            self.texts.append(data)


def json_texts(value, key=None, table=False):
    """Labels, help texts and string tables in the JSON Wagtail's scripts read;
    an HTML fragment in it (a widget's template) is read as a page."""
    if isinstance(value, dict):
        return [
            text
            for k, v in value.items()
            for text in json_texts(v, k, table or k in JSON_STRING_TABLES)
        ]
    if isinstance(value, list):
        return [text for item in value for text in json_texts(item, key, table)]
    if not isinstance(value, str) or not value.strip():
        return []
    if "<" in value and ">" in value:
        return read_page(value)[0]
    return [value] if table or key in JSON_VISIBLE_KEYS else []


def read_page(html):
    parser = VisibleText()
    parser.feed(html)
    parser.close()
    texts = [unescape(" ".join(t.split())) for t in parser.texts]
    return texts, parser.links


def english_in(text, allowed):
    if text in TIME_ZONES or text in allowed:
        return []
    for pattern in IGNORED_PATTERNS:
        text = re.sub(pattern, " ", text)
    words = WORD.findall(text)
    return [
        w for w in words if len(w) > 1 and w not in allowed and w.lower() not in allowed
    ]

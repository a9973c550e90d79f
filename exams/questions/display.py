"""How question values are shown to people: in import previews and change
history (options as "A. …；B. …", keys as typed)."""

from django.utils.translation import gettext as _

from ..models import OPTION_LETTERS, Difficulty
from .rules import answer_text

EXPLANATION_PREVIEW_LENGTH = 40


def options_text(options):
    """A. 甲；B. 乙 …"""
    return "；".join(
        f"{letter}. {text}"
        for letter, text in zip(OPTION_LETTERS, options, strict=False)
    )


def display_field(kind, attr, value):
    """A Question attribute as shown in previews and history."""
    if value is None or value == "" or value == []:
        return _("（空）")
    if attr == "options":
        return options_text(value)
    if attr == "answer":
        return answer_text(kind, value)
    if attr == "difficulty":
        return str(Difficulty(value).label)
    text = str(value)
    if attr == "explanation" and len(text) > EXPLANATION_PREVIEW_LENGTH:
        return text[: EXPLANATION_PREVIEW_LENGTH - 1] + "…"
    return text

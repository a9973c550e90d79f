"""Template tags of the course publishing screens in the Wagtail admin."""

from django import template

from ..publishing.buttons import course_header_buttons as _course_header_buttons
from ..publishing.services import course_review_summary as _course_review_summary

register = template.Library()


@register.simple_tag(takes_context=True)
def course_review_summary(context, page):
    """What approving page publishes (the reviewer's confirmation)."""
    return _course_review_summary(page=page, user=context["request"].user)


@register.simple_tag(takes_context=True)
def course_header_buttons(context, page, buttons):
    """The explorer header's buttons, with 添加课时 … on a course."""
    return _course_header_buttons(page, context["request"].user, buttons)

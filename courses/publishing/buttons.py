"""Where the admin says 添加子页面 on a course, it says what it adds:
添加课时, 添加测验 (the course's part types) and 添加培训场次 (a session of
the course, a snippet-like model with its own create view)."""

from typing import NamedTuple

from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from wagtail.admin.widgets.button import Button, ButtonWithDropdown
from wagtail.permissions import policy_registry

from ..models import CoursePage, TrainingSession

SESSION_ADD_URL_NAME = "training_sessions:add"


class AddItem(NamedTuple):
    label: str
    url: str


def course_add_items(course, user):
    """The ways user may add to course, in the course form's order."""
    if not isinstance(course, CoursePage):
        return []
    items = []
    if course.permissions_for_user(user).can_add_subpage():
        for model in course.creatable_subpage_models():
            if model.can_create_at(course):
                url = reverse(
                    "wagtailadmin_pages:add",
                    args=[model._meta.app_label, model._meta.model_name, course.pk],
                )
                kind = model._meta.verbose_name
                items.append(AddItem(_("添加%(kind)s") % {"kind": kind}, url))
    policy = policy_registry.get_by_type(TrainingSession)
    if policy.user_has_permission(user, "add"):
        try:
            url = reverse(SESSION_ADD_URL_NAME)
        except NoReverseMatch:
            url = None
        if url:
            kind = TrainingSession._meta.verbose_name
            query = urlencode({"course": course.pk})
            items.append(AddItem(_("添加%(kind)s") % {"kind": kind}, f"{url}?{query}"))
    return items


def _add_subpage_url(page):
    return reverse("wagtailadmin_pages:add_subpage", args=[page.pk])


def course_header_buttons(course, user, buttons):
    """The explorer header's buttons for course: its "+" (add child page)
    becomes a 添加 menu of 添加课时, 添加测验 and 添加培训场次."""
    items = course_add_items(course, user)
    if not items:
        return buttons
    add_url = _add_subpage_url(course)
    kept = [button for button in buttons if getattr(button, "url", None) != add_url]
    add = ButtonWithDropdown(
        _("添加"),
        icon_name="plus",
        classname="w-header-button button button-secondary",
        buttons=[
            Button(item.label, url=item.url, icon_name="plus", priority=n)
            for n, item in enumerate(items)
        ],
        attrs={"data-course-add": ""},
    )
    return [add, *kept]


def course_listing_buttons(buttons, course, user):
    """A course row's ⋯ menu in the explorer: 添加子页面 becomes the same
    items (in place)."""
    add_url = _add_subpage_url(course)
    for button in buttons:
        dropdown = getattr(button, "dropdown_buttons", None)
        if not dropdown:
            continue
        for index, item in enumerate(dropdown):
            if (getattr(item, "url", None) or "").split("?")[0] == add_url:
                priority = item.priority
                dropdown[index : index + 1] = [
                    Button(
                        add.label,
                        url=add.url,
                        icon_name="circle-plus",
                        priority=priority,
                    )
                    for add in course_add_items(course, user)
                ]
                return

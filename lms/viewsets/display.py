"""Labels and formatting shared by the admin screens; personal data masked."""

from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import BooleanColumn

from ..personal_data import MOBILE_RE, mask_mobile

# Wagtail's utility class: keeps a Chinese name on one line on a phone.
NOWRAP = "w-whitespace-nowrap"
INSPECT_LABEL = gettext_lazy("详情")
HISTORY_LABEL = gettext_lazy("变更历史")


def user_display(user):
    """A user's name for lists and history; a mobile-number username is masked."""
    if user is None:
        return ""
    if user.name:
        return user.name
    if MOBILE_RE.fullmatch(user.username or ""):
        return mask_mobile(user.username)
    return user.get_full_name() or user.username


def masked_username(user):
    if MOBILE_RE.fullmatch(user.username or ""):
        return mask_mobile(user.username)
    return user.username


def local_minute(value):
    """2026-11-29 10:15 in the site's time zone (Asia/Shanghai)."""
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def render_when(value):
    """2026-11-29 10:15, broken (on a phone) only between date and time."""
    day, minute = local_minute(value).split(" ")
    return format_html(
        '<span class="{0}">{1}</span> <span class="{0}">{2}</span>',
        NOWRAP,
        day,
        minute,
    )


def yes_no(value):
    return _("是") if value else _("否")


class YesNoColumn(BooleanColumn):
    """Wagtail's tick and cross, read out as 是/否 (Wagtail's says True/False)."""

    cell_template_name = "lms/admin/yes_no_cell.html"


def relabel_inspect(buttons, inspect_url):
    """Wagtail calls the inspect view 检查; ours is 详情."""
    for button in buttons:
        if inspect_url and getattr(button, "url", None) == inspect_url:
            button.label = INSPECT_LABEL
    return buttons

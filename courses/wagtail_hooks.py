from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_global_admin_css")
def admin_phone_css():
    """The sessions' state tags and the admin on a phone (360 px)."""
    return format_html(
        '<link rel="stylesheet" href="{}">', static("courses/css/admin-phone.css")
    )


from .attendance import wagtail_hooks as attendance_hooks  # noqa: E402, F401
from .publishing import wagtail_hooks as publishing_hooks  # noqa: E402, F401
from .teaching import wagtail_hooks as teaching_hooks  # noqa: E402, F401

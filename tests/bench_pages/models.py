"""BarePage: a Wagtail page with only its title, on the same base template as
the course page, so a benchmark can say how much the course page adds."""

from wagtail.models import Page


class BarePage(Page):
    """A page with only the fields every Wagtail page has; not in the admin."""

    is_creatable = False
    subpage_types = []

    class Meta:
        verbose_name = "bare page"

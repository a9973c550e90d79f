"""Template tags for the portal shell: site name, navigation, breadcrumbs,
the notice index, the logged-in cadre's profile and pagination.

Every tag runs a constant number of queries, whatever the number of pages."""

from django import template
from django.conf import settings
from wagtail.models import Page, Site

from cms.models import NoticeIndexPage
from lms.models import Cadre

register = template.Library()


def _site(context):
    request = context.get("request")
    if request is None:
        return None
    # Wagtail caches the site on the request, so this is one query at most.
    return Site.find_for_request(request)


@register.simple_tag(takes_context=True)
def portal_site_name(context):
    """The site's name as set in the admin, else WAGTAIL_SITE_NAME."""
    site = _site(context)
    if site is not None and site.site_name:
        return site.site_name
    return str(getattr(settings, "WAGTAIL_SITE_NAME", ""))


@register.simple_tag(takes_context=True)
def portal_home(context):
    """The root page of the current site (the portal home page), or None."""
    site = _site(context)
    return site.root_page if site is not None else None


@register.simple_tag(takes_context=True)
def nav_pages(context):
    """The live, in-menu children of the site root: one query."""
    site = _site(context)
    if site is None:
        return []
    return list(
        Page.objects.child_of(site.root_page).live().in_menu().public().order_by("path")
    )


@register.simple_tag(takes_context=True)
def nav_is_current(context, nav_page):
    """True when the page being shown is nav_page or lies below it."""
    page = context.get("page") or context.get("self")
    if not isinstance(page, Page):
        return False
    return page.path.startswith(nav_page.path)


@register.simple_tag(takes_context=True)
def breadcrumb_pages(context, page):
    """The live ancestors of page from the site root down (not page itself):
    none when the page was routed, else one query."""
    site = _site(context)
    if site is None:
        return []
    root_depth = site.root_page.depth
    # Routing leaves each page its parent (_cached_parent_obj): no query then.
    chain, node = [], page
    while (parent := getattr(node, "_cached_parent_obj", None)) is not None:
        chain.append(parent)
        node = parent
    if chain and chain[-1].depth <= root_depth:
        return [p for p in reversed(chain) if p.depth >= root_depth and p.live]
    return list(
        page.get_ancestors().filter(depth__gte=root_depth).live().order_by("depth")
    )


@register.simple_tag(takes_context=True)
def notice_index(context):
    """The live NoticeIndexPage (通知公告) of the current site, or None: one query."""
    site = _site(context)
    if site is None:
        return None
    return (
        NoticeIndexPage.objects.live()
        .descendant_of(site.root_page, inclusive=True)
        .order_by("path")
        .first()
    )


@register.simple_tag
def cadre_profile(user):
    """The cadre profile of user with village and township, or None: one query.

    Used instead of user.cadre, which raises when a user has no profile."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return Cadre.objects.select_related("village__township").filter(user=user).first()


@register.simple_tag
def page_range(page_obj):
    """Page numbers around the current one, with Paginator.ELLIPSIS for gaps."""
    return list(
        page_obj.paginator.get_elided_page_range(
            page_obj.number, on_each_side=1, on_ends=1
        )
    )

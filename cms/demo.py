"""Demo portal: the home page as the site root, notices and an about page
(their text in demo_data.py)."""

from django.conf import settings
from django.utils.translation import gettext as _
from wagtail.models import Collection, Locale, Page, Site

from .demo_data import ABOUT_BODY, HOME_INTRO, NOTICES
from .models import HomePage, NoticeIndexPage, NoticePage, PortalSettings, StandardPage


def _paragraph(text):
    return [("paragraph", f"<p>{text}</p>")]


def _ensure_tree_root():
    """Wagtail's migrations make the default locale, the tree's root and the
    root collection (where trainers' upload permissions are granted); a flushed
    database (after a transactional test) has none of them."""
    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="根目录")
    return Page.add_root(
        instance=Page(title="根目录", draft_title="根目录", slug="root")
    )


def ensure_home_page():
    """The portal home page, made the default site's root (replacing Wagtail's
    welcome page)."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node() or _ensure_tree_root()
        home = root.add_child(
            instance=HomePage(
                title=_("奈曼旗嘎查村干部培训"), slug="portal", intro=HOME_INTRO
            )
        )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True
        )
    if site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.site_name = _("奈曼旗嘎查村干部培训")
        site.save()
        if old_root.depth == 2 and not old_root.get_children().exists():
            old_root.delete()
    return home


def ensure_notices(home):
    index = NoticeIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(
            instance=NoticeIndexPage(
                title=_("通知公告"), slug="notices", show_in_menus=True
            )
        )
    for number, (date, title, summary) in enumerate(NOTICES, start=1):
        if not NoticePage.objects.child_of(index).filter(title=title).exists():
            index.add_child(
                instance=NoticePage(
                    title=title,
                    slug=f"notice-{number}",
                    date=date,
                    issuer=_("中共奈曼旗委组织部"),
                    summary=summary,
                    body=_paragraph(summary),
                )
            )
    return index


def ensure_about_page(home):
    page = StandardPage.objects.child_of(home).filter(slug="about").first()
    if page is None:
        page = home.add_child(
            instance=StandardPage(
                title=_("关于“333”工程"),
                slug="about",
                show_in_menus=True,
                intro=_("乡村振兴领头雁“333”工程：三大课堂、三类管理、三项机制。"),
                body=_paragraph(ABOUT_BODY),
            )
        )
    return page


def seed(*, size, stdout):
    home = ensure_home_page()
    ensure_notices(home)
    ensure_about_page(home)
    settings = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    if not settings.contact_phone:
        settings.contact_phone = "0475-4212345"
        settings.footer_note = _("奈曼旗乡村振兴领头雁“333”工程培训平台")
        settings.save()
    stdout.write(
        _("门户：首页、通知公告 %(count)d 条") % {"count": NoticePage.objects.count()}
    )

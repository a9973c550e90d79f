"""Demo portal: the home page as the site root, notices and an about page."""

import datetime

from django.conf import settings
from django.utils.translation import gettext as _
from wagtail.models import Collection, Locale, Page, Site

from .models import HomePage, NoticeIndexPage, NoticePage, PortalSettings, StandardPage

HOME_INTRO = (
    "<p>奈曼旗深入实施乡村振兴领头雁“333”工程，以理论实践课堂、“领头雁”课堂、"
    "在线交流课堂三大课堂为抓手，线上线下相结合，全面提升嘎查村“两委”干部"
    "抓党建、促发展、治村务的能力。</p>"
)
NOTICES = [
    (
        datetime.date(2026, 11, 20),
        "关于开展2026年度嘎查村干部冬季集中轮训的通知",
        "各苏木乡镇党委：按照旗委组织部年度培训计划，定于12月上旬分三批开展"
        "嘎查村“两委”干部冬季集中轮训，请各地按名额组织参训。",
    ),
    (
        datetime.date(2026, 11, 5),
        "11月份“比武争星”考核评分结果公布",
        "11月份各嘎查村党组织“比武争星”考核已完成，现将五面红旗评选情况予以公布，"
        "请各嘎查村对照查找差距。",
    ),
    (
        datetime.date(2026, 10, 18),
        "“领头雁”课堂赴先进村现场教学安排",
        "组织一类村党组织书记赴先进嘎查村开展现场教学，学习壮大村集体经济、"
        "发展特色产业的经验做法。",
    ),
    (
        datetime.date(2026, 9, 1),
        "民族团结进步政策宣传月学习安排",
        "9月为全旗民族团结政策宣传月，各嘎查村干部须完成在线交流课堂相关专题学习。",
    ),
    (
        datetime.date(2026, 7, 10),
        "关于做好村务监督委员会主任培训备案工作的通知",
        "请各苏木乡镇于7月底前完成村务监督委员会主任培训档案的整理备案。",
    ),
]


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
                body=_paragraph(
                    "三大课堂：理论实践课堂、“领头雁”课堂、在线交流课堂。"
                    "分类管理：一类村创先进、二类村促提升、三类村抓调整。"
                    "三项机制：考核问效、备案管理、激励保障。"
                ),
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

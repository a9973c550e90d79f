"""The portal as seed_demo builds it, for the tests of its pages."""

import pytest
from wagtail.models import Page, Site

from cms.models import (
    HomePage,
    NoticeIndexPage,
    NoticePage,
    PortalSettings,
    StandardPage,
)
from courses.models import TrackKind, TrackPage
from tests.courses.factories import tracks
from tests.logins import login

CLASSROOMS = [
    (
        TrackKind.THEORY_PRACTICE,
        "理论实践课堂",
        "theory",
        "政策理论讲授与现场实践教学相结合",
        "全体两委成员",
    ),
    (
        TrackKind.LEAD_GOOSE,
        "“领头雁”课堂",
        "lead-goose",
        "提升带头人本领",
        "党支部书记、村委会主任",
    ),
    (
        TrackKind.ONLINE_EXCHANGE,
        "在线交流课堂",
        "online",
        "在线学习与交流",
        "全体学员",
    ),
]


def add_notice(index, n, *, date, issuer="中共奈曼旗委组织部", **fields):
    notice = NoticePage(
        title=f"第{n}号培训通知",
        slug=f"notice-{n}",
        date=date,
        issuer=issuer,
        body=[("paragraph", f"<p>第{n}号通知正文</p>")],
        **fields,
    )
    index.add_child(instance=notice)
    return notice


@pytest.fixture
def portal(db):
    """The portal as seed_demo builds it: home page as site root, three classrooms
    and a notice index (in the menu), an about page not in the menu."""
    root = Page.get_first_root_node()
    home = HomePage(
        title="奈曼旗嘎查村干部培训",
        slug="portal-home",
        intro="<p>围绕乡村振兴领头雁“333”工程开展培训。</p>",
    )
    root.add_child(instance=home)
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    tracks = []
    for kind, title, slug, summary, audience in CLASSROOMS:
        track = TrackPage(
            title=title,
            slug=slug,
            kind=kind,
            summary=summary,
            audience=audience,
            intro=f"<p>{title}的课堂介绍。</p>",
            show_in_menus=True,
        )
        home.add_child(instance=track)
        tracks.append(track)
    index = NoticeIndexPage(
        title="通知公告", slug="notices", intro="培训通知", show_in_menus=True
    )
    home.add_child(instance=index)
    about = StandardPage(title="平台说明", slug="about", show_in_menus=False)
    home.add_child(instance=about)
    PortalSettings.objects.update_or_create(
        site=site,
        defaults={"organiser": "中共奈曼旗委组织部", "contact_phone": "0475-1234567"},
    )
    yield {"home": home, "tracks": tracks, "index": index, "about": about}
    # The rollback puts the site's root back, but not Wagtail's cached root
    # paths: later tests would get page URLs under this home page.
    Site.clear_site_root_paths_cache()


def html(response):
    return response.content.decode()


@pytest.fixture
def trainer_client(client, trainer):
    """A trainer signed in; the classrooms exist, so the trainers' group has
    its media permissions."""
    tracks()
    return login(client, trainer)

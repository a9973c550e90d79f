"""Demo classrooms: the three tracks of the "333" project under the home page."""

from django.utils.translation import gettext as _

from cms.models import HomePage

from .models import TrackKind, TrackPage

TRACKS = [
    (
        TrackKind.THEORY_PRACTICE,
        "theory-practice",
        "政策理论宣讲与现场实践教学相结合",
        "全体嘎查村“两委”成员、村务监督委员会主任",
        "<p>围绕党的创新理论、乡村振兴政策、基层治理法规开展专题讲授，"
        "组织到示范嘎查村现场观摩、田间地头实训，做到学用结合。</p>",
    ),
    (
        TrackKind.LEAD_GOOSE,
        "lead-goose",
        "为嘎查村党组织书记、村委会主任量身打造的能力提升课堂",
        "嘎查村党组织书记、村委会主任（含书记兼主任）",
        "<p>聚焦抓班子带队伍、发展壮大村集体经济、产业发展和项目管理，"
        "通过先进村经验交流、“比武争星”述职点评，培养乡村振兴带头人。</p>",
    ),
    (
        TrackKind.ONLINE_EXCHANGE,
        "online-exchange",
        "随时随地在线学习，与讲师、同行交流经验",
        "全体学员",
        "<p>提供政策解读、典型案例、民族团结进步教育等在线课程，"
        "学员可在线提问、讨论、分享本村经验，讲师及时答疑。</p>",
    ),
]


def ensure_track_pages(home):
    """The three classrooms, first in the home page's menu, in the project's order."""
    pages, created = [], False
    for kind, slug, summary, audience, intro in TRACKS:
        page = TrackPage.objects.child_of(home).filter(kind=kind).first()
        if page is None:
            page = home.add_child(
                instance=TrackPage(
                    title=kind.label,
                    slug=slug,
                    kind=kind,
                    summary=summary,
                    audience=audience,
                    intro=intro,
                    show_in_menus=True,
                )
            )
            created = True
        pages.append(page)
    if created:
        for page in reversed(pages):
            page.refresh_from_db()
            page.move(home, pos="first-child")
    return pages


def seed(*, size, stdout):
    home = HomePage.objects.get()
    pages = ensure_track_pages(home)
    stdout.write(_("课堂：%(count)d 个") % {"count": len(pages)})

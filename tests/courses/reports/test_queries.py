"""督导看板's number of queries: the same for 10 and 1,200 cadres, at each
level."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses.models import CourseRecord, YearRecord
from lms.demo import ensure_township, ensure_village, make_mobile
from lms.models import Cadre, Position

from ..factories import make_course, tracks
from .conftest import URL, YEAR

D = Decimal

# Pinned: a change that saves queries lowers them; one that adds a query per
# township, village or cadre breaks the equality of the two sizes. The Banner
# level's 17: session, user; the filter form's tracks and courses; the targets;
# the townships; the figures (one GROUP BY); a page of those behind; their
# missing courses; and 8 of base.html (site, portal settings, the userbar's
# permissions and profile). A township adds its lookup; a village its lookup
# and its cadres' missing courses.
BANNER_QUERIES = 17
TOWNSHIP_QUERIES = 18
VILLAGE_QUERIES = 19


def _bulk_cadres(count, start):
    """count cadres over 3 townships × 4 villages, each with a YearRecord and
    one unfinished required CourseRecord (for the missing items)."""
    course = _bulk_cadres.course
    villages = [
        ensure_village(ensure_township(f"镇{t}", sort_order=t), f"村{t}-{v}")
        for t in range(3)
        for v in range(4)
    ]
    cadres = Cadre.objects.bulk_create(
        Cadre(
            name=f"学员{n}",
            sex="M",
            position=Position.COMMITTEE_MEMBER,
            village=villages[n % len(villages)],
            mobile=make_mobile(100_000 + n),
        )
        for n in range(start, start + count)
    )
    YearRecord.objects.bulk_create(
        YearRecord(
            cadre=c,
            year=YEAR,
            online_hours=D(n % 3),
            required_courses=1,
            required_completed=n % 2,
        )
        for n, c in enumerate(cadres)
    )
    CourseRecord.objects.bulk_create(
        CourseRecord(
            cadre=c,
            course=course,
            track_id=course.get_parent().pk,
            year=YEAR,
            required=True,
            completed_at=timezone.now() if n % 2 else None,
        )
        for n, c in enumerate(cadres)
    )
    return villages


def count_queries(client, params):
    client.get(URL, params)  # warm up: settings rows, site root
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL, params)
    assert response.status_code == 200
    return len(ctx), [q["sql"] for q in ctx.captured_queries], response


def test_dashboard_queries_do_not_grow_with_the_banner(
    client, banner_supervisor, targets
):
    _bulk_cadres.course = make_course(tracks()[0], title="必修课", year=YEAR)
    villages = _bulk_cadres(10, 0)
    client.force_login(banner_supervisor)
    levels = [
        ({}, BANNER_QUERIES),
        ({"township": villages[0].township_id}, TOWNSHIP_QUERIES),
        ({"village": villages[0].pk}, VILLAGE_QUERIES),
    ]
    small = [count_queries(client, params) for params, _n in levels]
    assert small[0][2].context["report"].total.cadres == 10

    _bulk_cadres(1190, 10)
    large = [count_queries(client, params) for params, _n in levels]
    assert large[0][2].context["report"].total.cadres == 1200
    assert len(large[0][2].context["page_obj"].object_list) == 50
    assert large[2][2].context["report"].total.cadres == 100
    for (params, expected), (n_small, _sql, _r), (n_large, sql_large, _s) in zip(
        levels, small, large, strict=True
    ):
        assert n_small == n_large, (params, "\n".join(sql_large))
        assert n_small == expected, (params, n_small)

"""督导看板: the figures at each level, with and without a track filter, the
list of those behind, every scope rule (URL tampering included) and the
number of queries (the same for 10 and 1,200 cadres)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.models import (
    CourseRecord,
    HoursLedgerEntry,
    Requirement,
    StudyHourTargets,
    YearRecord,
)
from courses.reports.selectors import ReportFilters, missing_items
from courses.selectors import study_year
from courses.services import course_part_complete, enrollments_ensure_required
from lms.demo import ensure_township, ensure_village, make_cadre, make_mobile
from lms.models import Cadre, Position, VillageClass

from .factories import make_course, make_lesson, tracks

URL = reverse("courses:reports:dashboard")
YEAR = study_year(timezone.now())

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


def complete(cadre, course):
    now = timezone.now()
    for lesson in course.get_children().specific():
        course_part_complete(
            cadre=cadre,
            part=lesson,
            course=course,
            source=HoursLedgerEntry.Source.LESSON,
            now=now,
        )


@pytest.fixture(name="targets")
def targets_fixture(db):
    targets = StudyHourTargets.load()
    targets.online_hours = Decimal("1.5")
    targets.centralised_hours = Decimal("0")
    targets.save()
    return targets


@pytest.fixture(name="world")
def world_fixture(targets, township, village, other_village, cadre, other_cadre):
    """东明镇: cadre (completed A, not B), party secretary 巴特尔 (both) and an
    inactive cadre; 八仙筒镇: other_cadre (nothing). Targets 1.5 online, 0
    centralised; A carries 1.5 online hours, B 0.5."""
    track_a, track_b = tracks()[:2]
    course_a = make_course(
        track_a, title="村集体经济", year=YEAR, credit_hours=Decimal("1.5")
    )
    make_lesson(course_a, credit_hours=Decimal("1.0"))
    make_lesson(course_a, credit_hours=Decimal("0.5"))
    course_b = make_course(
        track_b, title="四议两公开", year=YEAR, credit_hours=Decimal("0.5")
    )
    make_lesson(course_b, credit_hours=Decimal("0.5"))
    make_course(track_a, title="选修课", year=YEAR, requirement=Requirement.ELECTIVE)
    secretary = make_cadre(
        village=village,
        name="巴特尔",
        serial=3,
        position=Position.PARTY_SECRETARY,
    )
    inactive = make_cadre(village=village, name="离任者", serial=4, is_active=False)
    for person in (cadre, other_cadre, secretary, inactive):
        enrollments_ensure_required(cadre=person)
    complete(cadre, course_a)
    complete(secretary, course_a)
    complete(secretary, course_b)
    return {
        "a": course_a,
        "b": course_b,
        "track_b": track_b,
        "secretary": secretary,
        "inactive": inactive,
    }


def get(client, user, **params):
    client.force_login(user)
    return client.get(URL, params)


def figures(row):
    return (
        row.label,
        row.cadres,
        row.required_courses,
        row.required_completed,
        row.completion_rate,
        row.avg_online_hours,
        row.avg_centralised_hours,
        row.behind,
        row.behind_share,
    )


D = Decimal


def test_banner_level_figures_come_from_the_kept_records(
    client, banner_supervisor, world
):
    response = get(client, banner_supervisor)
    assert response.status_code == 200
    report = response.context["report"]
    assert report.level == "banner"
    assert [figures(row) for row in report.rows] == [
        ("东明镇", 2, 4, 3, D("75.0"), D("1.8"), D("0.0"), 1, D("50.0")),
        ("八仙筒镇", 1, 2, 0, D("0.0"), D("0.0"), D("0.0"), 1, D("100.0")),
    ]
    assert figures(report.total) == (
        "合计",
        3,
        6,
        3,
        D("50.0"),
        D("1.2"),
        D("0.0"),
        2,
        D("66.7"),
    )
    html = response.content.decode()
    assert "各苏木乡镇必修课完成率" in html  # the chart
    assert f"?township={report.rows[0].key}&amp;year={YEAR}" in html


def test_the_records_are_read_not_recomputed(client, banner_supervisor, world):
    """The figures follow YearRecord even where the raw events say otherwise."""
    YearRecord.objects.filter(cadre=world["secretary"], year=YEAR).update(
        online_hours=D("10.0")
    )
    report = get(client, banner_supervisor).context["report"]
    assert report.rows[0].online_hours == D("11.5")


def test_township_level_lists_villages_and_those_behind(
    client, banner_supervisor, world, township, village
):
    second = ensure_village(township, "新村", village_class=VillageClass.RECTIFYING)
    response = get(client, banner_supervisor, township=township.pk)
    report = response.context["report"]
    assert report.level == "township"
    assert [figures(row) for row in report.rows] == [
        ("东明村", 2, 4, 3, D("75.0"), D("1.8"), D("0.0"), 1, D("50.0")),
        ("新村", 0, 0, 0, None, None, None, 0, None),
    ]
    assert report.rows[1].obj == second
    behind = list(response.context["page_obj"])
    assert [c.name for c in behind] == ["乌力吉"]
    assert behind[0].missing == ["必修课未结业：四议两公开"]
    html = response.content.decode()
    assert f"?village={village.pk}&amp;year={YEAR}" in html
    assert "必修课未结业：四议两公开" in html


def test_village_level_lists_cadres_with_missing_items(
    client, banner_supervisor, world, village, cadre
):
    response = get(client, banner_supervisor, village=village.pk)
    report = response.context["report"]
    assert report.level == "village"
    rows = {row.label: row for row in report.rows}
    assert set(rows) == {"乌力吉", "巴特尔"}  # not the inactive cadre
    assert rows["乌力吉"].behind == 1
    assert rows["乌力吉"].missing == ["必修课未结业：四议两公开"]
    assert rows["乌力吉"].online_hours == D("1.5")
    assert rows["巴特尔"].behind == 0
    assert rows["巴特尔"].missing == []
    html = response.content.decode()
    assert reverse("courses:cadre_archive", kwargs={"cadre_id": cadre.pk}) in html


def test_hours_gaps_and_many_titles_are_summed_up(world, targets, other_cadre):
    filters = ReportFilters(year=YEAR)
    items = missing_items([(other_cadre.pk, D("0.0"), D("0.0"))], filters, targets)
    assert items[other_cadre.pk] == [
        "网络学时差 1.5",
        "必修课未结业：村集体经济、四议两公开",
    ]
    for n in range(3):
        course = make_course(tracks()[2], title=f"课程{n}", year=YEAR)
        make_lesson(course)
    enrollments_ensure_required(cadre=other_cadre)
    targets.centralised_hours = D("40")
    items = missing_items([(other_cadre.pk, D("1.0"), D("0.0"))], filters, targets)
    assert items[other_cadre.pk] == [
        "网络学时差 0.5",
        "集中学时差 40.0",
        "必修课未结业：村集体经济、四议两公开、课程0等5门",
    ]


def test_a_track_filter_counts_its_courses_only_without_targets(
    client, banner_supervisor, world
):
    response = get(client, banner_supervisor, track=world["track_b"].pk)
    report = response.context["report"]
    assert [figures(row) for row in report.rows] == [
        ("东明镇", 2, 2, 1, D("50.0"), D("0.3"), D("0.0"), 1, D("50.0")),
        ("八仙筒镇", 1, 1, 0, D("0.0"), D("0.0"), D("0.0"), 1, D("100.0")),
    ]
    behind = list(response.context["page_obj"])
    assert [c.missing for c in behind] == [
        ["必修课未结业：四议两公开"],
        ["必修课未结业：四议两公开"],
    ]
    assert "不按年度学时目标判断" in response.content.decode()


def test_a_course_filter(client, banner_supervisor, world):
    report = get(client, banner_supervisor, course=world["a"].pk).context["report"]
    assert [
        (r.required_courses, r.required_completed, r.behind) for r in report.rows
    ] == [
        (2, 2, 0),
        (1, 0, 1),
    ]


def test_village_class_and_position_filters(client, banner_supervisor, world):
    report = get(
        client, banner_supervisor, village_class=VillageClass.RECTIFYING
    ).context["report"]
    assert [(r.label, r.cadres) for r in report.rows] == [
        ("东明镇", 0),
        ("八仙筒镇", 1),
    ]
    report = get(client, banner_supervisor, position=Position.PARTY_SECRETARY).context[
        "report"
    ]
    assert [(r.label, r.cadres, r.behind) for r in report.rows] == [
        ("东明镇", 1, 0),
        ("八仙筒镇", 0, 0),
    ]


def test_another_year_has_no_records(client, banner_supervisor, world):
    report = get(client, banner_supervisor, year=YEAR - 1).context["report"]
    assert report.total.cadres == 3
    assert report.total.required_courses == 0
    assert report.total.completion_rate is None
    assert report.total.behind == 3  # no hours against a target of 1.5


def test_a_bad_filter_value_is_shown_and_left_out(client, banner_supervisor, world):
    response = get(client, banner_supervisor, course="999999", year="abc")
    assert response.status_code == 200
    assert response.context["filters"] == ReportFilters(year=YEAR)
    assert response.context["form"].errors


# --- Scope ----------------------------------------------------------------


def test_anonymous_users_are_sent_to_log_in(client):
    for url in (
        URL,
        reverse("courses:reports:export_start"),
        reverse("courses:reports:export", args=[1]),
        reverse("courses:reports:export_status", args=[1]),
        reverse("courses:reports:export_download", args=[1]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", ["cadre", "trainer"])
def test_cadres_and_trainers_see_no_dashboard(client, request, who, township):
    person = request.getfixturevalue(who)
    client.force_login(person.user if who == "cadre" else person)
    for url in (URL, f"{URL}?township={township.pk}"):
        assert client.get(url).status_code == 403
    assert client.post(reverse("courses:reports:export_start")).status_code == 403
    for name in ("export", "export_status", "export_download"):
        assert (
            client.get(reverse(f"courses:reports:{name}", args=[1])).status_code == 403
        )


def test_township_supervisor_lands_on_their_township(
    client, township_supervisor, township, world
):
    client.force_login(township_supervisor)
    response = client.get(URL, {"year": YEAR, "position": Position.PARTY_SECRETARY})
    assert response.status_code == 302
    assert response["Location"] == (
        f"{URL}?township={township.pk}&year={YEAR}&position=party_secretary"
    )
    response = client.get(response["Location"])
    assert response.context["report"].level == "township"
    assert [r.label for r in response.context["report"].rows] == ["东明村"]
    assert "全旗" not in response.content.decode().split("<main")[1].split("</h1>")[0]


@pytest.mark.parametrize(
    "params",
    [
        lambda t, v: {"township": t.pk},
        lambda t, v: {"village": v.pk},
        lambda t, v: {"township": t.pk, "village": v.pk},
        lambda t, v: {"township": "x"},
        lambda t, v: {"village": "999999"},
    ],
)
def test_township_supervisor_gets_404_outside_their_township(
    client, township_supervisor, township, other_township, other_village, params
):
    client.force_login(township_supervisor)
    assert client.get(URL, params(other_township, other_village)).status_code == 404


def test_township_supervisor_sees_own_village_but_not_others_cadres(
    client, township_supervisor, village, world
):
    client.force_login(township_supervisor)
    response = client.get(URL, {"village": village.pk})
    assert response.status_code == 200
    names = [c.name for c in response.context["page_obj"]]
    assert names == ["乌力吉"]
    assert "张玉兰" not in response.content.decode()


@pytest.mark.parametrize("who", ["banner_supervisor", "administrator"])
def test_banner_supervisors_and_administrators_see_every_township(
    client, request, who, world, other_village
):
    user = request.getfixturevalue(who)
    assert len(get(client, user).context["report"].rows) == 2
    response = get(client, user, village=other_village.pk)
    assert [r.label for r in response.context["report"].rows] == ["张玉兰"]


# --- Queries --------------------------------------------------------------


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

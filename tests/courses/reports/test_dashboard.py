"""督导看板: the figures at each level, with and without a track filter, the
list of those behind and every scope rule (URL tampering included); the
number of queries is in test_report_queries."""

from decimal import Decimal

import pytest
from django.urls import reverse

from courses.models import (
    YearRecord,
)
from courses.reports.scope import ReportFilters
from courses.reports.selectors import missing_items
from courses.services import enrollments_ensure_required
from lms.demo import ensure_village
from lms.models import Position, VillageClass

from ..factories import make_course, make_lesson, tracks
from .conftest import URL, YEAR


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

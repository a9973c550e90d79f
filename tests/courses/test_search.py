"""课程搜索: courses found by Chinese words in their title or summary."""

import pytest
from django.urls import reverse

from courses.models import Requirement
from tests.logins import logged_in

from .factories import make_course, tracks

URL = reverse("courses:search")


@pytest.fixture
def courses(db):
    theory, lead_goose, online = tracks()
    return {
        "title": make_course(
            lead_goose,
            title="发展壮大村级集体经济",
            summary="合作社与产业项目。",
            requirement=Requirement.ELECTIVE,
        ),
        "summary": make_course(
            theory, title="乡村产业振兴案例", summary="介绍三个嘎查村集体经济的做法。"
        ),
        "other": make_course(
            online, title="铸牢中华民族共同体意识", summary="民族团结政策学习。"
        ),
    }


def titles(response):
    return [course.title for course in response.context["results"]]


def test_chinese_words_in_title_or_summary_title_matches_first(client, courses):
    response = client.get(URL, {"q": "集体经济"})
    assert response.status_code == 200
    assert titles(response) == ["发展壮大村级集体经济", "乡村产业振兴案例"]
    html = response.content.decode()
    assert "找到 2 门课程" in html
    assert "“领头雁”课堂" in html  # the track of each result
    assert courses["title"].url in html


def test_every_word_must_match(client, courses):
    assert titles(client.get(URL, {"q": "集体经济 合作社"})) == ["发展壮大村级集体经济"]
    assert titles(client.get(URL, {"q": "民族团结\u3000政策"})) == [
        "铸牢中华民族共同体意识"
    ]


def test_unpublished_courses_are_not_found(client, courses):
    courses["title"].unpublish()
    assert titles(client.get(URL, {"q": "集体经济"})) == ["乡村产业振兴案例"]


def test_nothing_found_says_so(client, courses):
    html = client.get(URL, {"q": "无此课程"}).content.decode()
    assert "没有找到含“无此课程”的课程" in html


@pytest.mark.parametrize("query", ["", "   ", "%", "_", "a&b=c", "集" * 500])
def test_odd_entries_are_handled(client, courses, query):
    response = client.get(URL, {"q": query})
    assert response.status_code == 200
    assert len(response.context["results"]) == 0 or query.startswith("集")


def test_pages_of_results_keep_the_words(cadre, db):
    track = tracks()[0]
    for n in range(25):
        make_course(track, title=f"党建工作第{n}讲")
    client = logged_in(cadre.user)
    first = client.get(URL, {"q": "党建"})
    assert len(first.context["results"]) == 20
    assert "?q=%E5%85%9A%E5%BB%BA&amp;page=2" in first.content.decode()
    second = client.get(URL, {"q": "党建", "page": 2})
    assert len(second.context["results"]) == 5


def test_track_pages_offer_the_search_box(client, courses):
    html = client.get(tracks()[0].url).content.decode()
    assert f'action="{URL}"' in html

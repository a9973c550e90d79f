"""我的学习: the cadre's courses, progress, next lesson and yearly hours."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.models import (
    Enrollment,
    HoursLedgerEntry,
    LessonProgress,
    PartCompletion,
    Requirement,
    StudyHourTargets,
)
from courses.selectors import study_year
from courses.services import enrollment_choose
from tests.logins import logged_in

from .factories import make_course, make_lesson, tracks

URL = reverse("courses:my_learning")


def done(cadre, lesson):
    """The lesson completed, as the study services record it."""
    now = timezone.now()
    LessonProgress.objects.create(
        cadre=cadre, lesson=lesson, seconds_studied=60, completed_at=now
    )
    PartCompletion.objects.create(
        cadre=cadre, course=lesson.get_parent().specific, page=lesson, completed_at=now
    )


def ledger(cadre, page, hours, *, year=None, kind=HoursLedgerEntry.Kind.ONLINE):
    source = (
        HoursLedgerEntry.Source.COURSE
        if page.specific_class.__name__ == "CoursePage"
        else HoursLedgerEntry.Source.LESSON
    )
    return HoursLedgerEntry.objects.create(
        cadre=cadre,
        page=page,
        hours=Decimal(hours),
        source=source,
        kind=kind,
        year=year or study_year(timezone.now()),
        earned_at=timezone.now(),
    )


@pytest.fixture
def elective(db):
    course = make_course(
        tracks()[1], title="村级集体经济发展", requirement=Requirement.ELECTIVE
    )
    lessons = [make_lesson(course, title=f"集体经济第{n}讲") for n in (1, 2, 3)]
    return course, lessons


def test_logged_out_users_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_staff_without_a_cadre_profile_get_an_explanation(trainer):
    response = logged_in(trainer).get(URL)
    assert response.status_code == 200
    assert "不是学员账号" in response.content.decode()


def test_courses_with_progress_and_the_next_lesson(cadre, elective):
    course, lessons = elective
    enrollment_choose(cadre=cadre, course=course)
    done(cadre, lessons[0])
    response = logged_in(cadre.user).get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "村级集体经济发展" in html
    assert "已完成 1/3 项" in html
    assert "下一项：集体经济第2讲" in html
    assert response.context["next_course"].next_part.pk == lessons[1].pk
    assert lessons[1].url in html


def test_required_courses_of_the_audience_appear_without_a_visit(cadre):
    course = make_course(tracks()[0], title="党支部标准化建设")
    make_lesson(course)
    html = logged_in(cadre.user).get(URL).content.decode()
    assert "党支部标准化建设" in html
    assert Enrollment.objects.filter(cadre=cadre, course=course).exists()


def test_completed_courses_are_listed_apart(cadre, elective):
    course, _lessons = elective
    enrollment = enrollment_choose(cadre=cadre, course=course)
    Enrollment.objects.filter(pk=enrollment.pk).update(completed_at=timezone.now())
    response = logged_in(cadre.user).get(URL)
    assert [c.course.pk for c in response.context["completed"]] == [course.pk]
    assert response.context["unfinished"] == []
    assert "已结业 ✓" in response.content.decode()
    assert response.context["next_course"] is None


def test_unpublished_courses_are_not_listed(cadre, elective):
    course, _lessons = elective
    enrollment_choose(cadre=cadre, course=course)
    course.unpublish()
    response = logged_in(cadre.user).get(URL)
    assert "村级集体经济发展" not in response.content.decode()


def test_hours_this_year_against_the_default_targets(cadre, elective):
    course, lessons = elective
    ledger(cadre, lessons[0], "0.5")
    ledger(cadre, course, "1.5")
    ledger(cadre, lessons[1], "3.0", year=study_year(timezone.now()) - 1)
    response = logged_in(cadre.user).get(URL)
    online, centralised = response.context["hours"]
    assert (online.earned, online.target) == (Decimal("2.0"), Decimal("50"))
    assert (centralised.earned, centralised.target) == (Decimal("0"), Decimal("90"))
    html = response.content.decode()
    assert "还差 48 学时" in html
    assert "还差 90 学时" in html


def test_targets_are_configurable(cadre, elective):
    course, _lessons = elective
    ledger(cadre, course, "2.0")
    targets = StudyHourTargets.load()
    targets.online_hours = Decimal("2")
    targets.centralised_hours = Decimal("40")
    targets.save()
    html = logged_in(cadre.user).get(URL).content.decode()
    assert "已达标 ✓" in html
    assert "还差 40 学时" in html


def test_the_nav_links_to_my_learning_for_cadres(cadre):
    html = logged_in(cadre.user).get(tracks()[0].url).content.decode()
    assert f'href="{URL}"' in html


def _count_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    return len(queries)


def test_queries_do_not_grow_with_courses_or_lessons(cadre):
    client = logged_in(cadre.user)

    def add_courses(count, lessons_each):
        for _ in range(count):
            course = make_course(tracks()[2], requirement=Requirement.ELECTIVE)
            lessons = [make_lesson(course) for _ in range(lessons_each)]
            enrollment_choose(cadre=cadre, course=course)
            done(cadre, lessons[0])

    add_courses(2, 2)
    client.get(URL)  # settings row created on first load
    few = _count_queries(client)
    add_courses(6, 5)
    many = _count_queries(client)
    assert few == many

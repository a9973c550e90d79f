"""The demo courses seed_demo adds: spread over the three classrooms, with lessons,
credit hours that add up, varied audiences, and nothing added on a second run."""

import io
from collections import Counter
from decimal import Decimal

import pytest
from django.db import transaction

from cms.demo import ensure_home_page
from courses import demo
from courses.models import CoursePage, LessonPage, Requirement, TrackKind, TrackPage
from lms.demo import ensure_banner_places, ensure_demo_staff
from lms.models import Position, VillageClass


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    # One seed for the module (places, staff, home page, courses), rolled back at
    # its end like a TestCase class.
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        ensure_banner_places()
        ensure_demo_staff("!")
        ensure_home_page()
        out = io.StringIO()
        demo.seed(size="S", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


def courses_by_kind():
    counts = Counter()
    for track in TrackPage.objects.all():
        counts[track.kind] = CoursePage.objects.child_of(track).count()
    return counts


def test_courses_spread_over_the_three_tracks(seeded, db):
    counts = courses_by_kind()
    assert set(counts) == set(TrackKind.values)
    assert all(8 <= n <= 12 for n in counts.values()), counts
    assert 27 <= CoursePage.objects.count() <= 33
    assert "课程：" in seeded and "课时：" in seeded


def test_lessons_per_course_and_in_total(seeded, db):
    assert 180 <= LessonPage.objects.count() <= 220
    for course in CoursePage.objects.all():
        lessons = LessonPage.objects.child_of(course)
        assert 5 <= lessons.count() <= 9, course.code
        for lesson in lessons:
            assert 10 <= lesson.study_minutes <= 40
            assert lesson.credit_hours in {Decimal("0.5"), Decimal("1.0")}
            kinds = [block.block_type for block in lesson.body]
            assert 2 <= kinds.count("paragraph") <= 4, lesson.title
            assert "heading" in kinds
            assert {"policy_quote", "callout"} & set(kinds)


def test_codes_slugs_and_prefixes(seeded, db):
    prefixes = {
        TrackKind.THEORY_PRACTICE: "LL-",
        TrackKind.LEAD_GOOSE: "LTY-",
        TrackKind.ONLINE_EXCHANGE: "ZX-",
    }
    codes = list(CoursePage.objects.values_list("code", flat=True))
    assert len(codes) == len(set(codes))
    for track in TrackPage.objects.all():
        for course in CoursePage.objects.child_of(track):
            assert course.code.startswith(prefixes[track.kind])
            assert course.slug == course.code.lower()
            assert course.live
    for lesson in LessonPage.objects.all():
        assert lesson.slug.isascii() and lesson.slug.startswith("lesson-")
        assert lesson.live


def test_course_credit_hours_are_the_sum_of_its_lessons(seeded, db):
    for course in CoursePage.objects.all():
        total = sum(
            LessonPage.objects.child_of(course).values_list("credit_hours", flat=True),
            Decimal("0"),
        )
        assert course.credit_hours == total, course.code


def test_course_fields_vary(seeded, db):
    courses = CoursePage.objects.all()
    requirements = Counter(c.requirement for c in courses)
    assert requirements[Requirement.REQUIRED] > requirements[Requirement.ELECTIVE] > 0
    years = Counter(c.year for c in courses)
    assert set(years) == {2025, 2026} and years[2026] > years[2025]
    trainers = Counter(
        username
        for c in courses
        for username in c.trainers.values_list("username", flat=True)
    )
    assert trainers["trainer"] > trainers["trainer2"] > 0
    assert all(c.trainers.exists() for c in courses)


def test_audience_variety(seeded, db):
    leaders = {
        Position.PARTY_SECRETARY,
        Position.COMMITTEE_DIRECTOR,
        Position.SECRETARY_AND_DIRECTOR,
    }
    lead_goose = TrackPage.objects.get(kind=TrackKind.LEAD_GOOSE)
    for course in CoursePage.objects.child_of(lead_goose).specific():
        assert set(course.audience_positions) == leaders
    courses = list(CoursePage.objects.all())
    class3 = [c for c in courses if c.audience_village_classes]
    assert class3 and all(
        c.audience_village_classes == [VillageClass.RECTIFYING] for c in class3
    )
    with_townships = [c for c in courses if c.audience_townships.exists()]
    assert len(with_townships) == 1
    assert with_townships[0].audience_townships.count() == 2
    for_everyone = [
        c
        for c in courses
        if not c.audience_positions
        and not c.audience_village_classes
        and not c.audience_townships.exists()
    ]
    assert len(for_everyone) > len(courses) / 2


def test_seed_is_repeat_safe(seeded, db):
    before = (CoursePage.objects.count(), LessonPage.objects.count())
    out = io.StringIO()
    demo.seed(size="S", stdout=out)
    assert (CoursePage.objects.count(), LessonPage.objects.count()) == before
    assert "本次新增课程 0 门、课时 0 个" in out.getvalue()


def test_seed_is_deterministic():
    first = [
        (kind, fields, plans) for kind, fields, _flags, plans in demo.course_plans()
    ]
    second = [
        (kind, fields, plans) for kind, fields, _flags, plans in demo.course_plans()
    ]
    assert first == second

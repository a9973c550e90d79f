"""The dashboard's world: study-hour targets, two townships' cadres and the
courses they have or have not completed this study year."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.models import Requirement, StudyHourTargets
from courses.selectors import study_year
from courses.services import enrollments_ensure_required
from lms.demo import make_cadre
from lms.models import Position

from ..factories import complete, make_course, make_lesson, tracks

URL = reverse("courses:reports:dashboard")
YEAR = study_year(timezone.now())


@pytest.fixture
def targets(db):
    targets = StudyHourTargets.load()
    targets.online_hours = Decimal("1.5")
    targets.centralised_hours = Decimal("0")
    targets.save()
    return targets


@pytest.fixture
def world(targets, township, village, other_village, cadre, other_cadre):
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

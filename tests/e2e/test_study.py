"""A cadre opens a lesson on a phone and earns its hours, timed by the server."""

import types
from decimal import Decimal

from django.utils import timezone

from courses.models import HoursLedgerEntry, LessonProgress
from tests.courses.factories import make_course, make_lesson, tracks

from .logins import log_in


def test_cadre_earns_a_lessons_hours_on_a_phone(
    phone_page, live_server, cadre, monkeypatch
):
    # A one-minute lesson. The page beats every 2 s instead of 15, and the study
    # views' clock runs 15 times faster than the wall's, so each beat is 30 s to
    # the server and the lesson takes a few seconds; the server's rules (at
    # least 10 s between beats, at most 60 s credited a beat) are unchanged.
    monkeypatch.setattr("courses.views.learning.HEARTBEAT_SECONDS", 2)
    started = timezone.now()
    monkeypatch.setattr(
        "courses.views.learning.timezone",
        types.SimpleNamespace(now=lambda: started + (timezone.now() - started) * 15),
    )
    course = make_course(tracks()[0], title="村务公开实务", year=2026)
    lesson = make_lesson(
        course, title="四议两公开工作法", study_minutes=1, credit_hours=Decimal("0.5")
    )

    page = phone_page
    log_in(page, live_server.url, cadre.user, lesson.url)

    progress = page.locator("#study-progress")
    progress.get_by_text("本课时已完成").wait_for(timeout=120_000)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    done = LessonProgress.objects.get(cadre=cadre, lesson=lesson)
    assert done.completed_at is not None
    assert 60 <= done.seconds_studied <= 66  # the length plus at most 10 %
    entry = HoursLedgerEntry.objects.get(
        cadre=cadre, source=HoursLedgerEntry.Source.LESSON, page=lesson
    )
    assert entry.hours == Decimal("0.5")
    assert entry.year == timezone.localtime(done.completed_at).year

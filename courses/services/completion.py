"""Course completion (结业): the one rule, and completed parts."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Sum
from wagtail.models import Page

from ..attendance.requirement import SessionAttendance, sessions_attendance
from ..models import Enrollment, HoursLedgerEntry, PartCompletion
from ..records.services import records_refresh
from ..selectors import course_part_models, course_part_type_ids, study_year

# --- Course completion (结业) ---------------------------------------------------
#
# One rule, here. A course's required parts are its live child pages of the
# types marked is_course_part (lessons; exams adds quizzes). A part completed
# anywhere calls course_part_complete; attendance will join the rule as a
# further condition in _required_parts_done.


def course_part_complete(*, cadre, part, course, source, now):
    """Record that cadre completed part (a lesson, a quiz) of course, once.

    Writes the PartCompletion and the part's hours to the ledger (source
    LESSON or QUIZ, online hours; the unique constraints make a repeat a no-op),
    then applies the course completion rule and refreshes the cadre's records.
    """
    with transaction.atomic():
        PartCompletion.objects.get_or_create(
            cadre=cadre,
            page_id=part.pk,
            defaults={"course": course, "completed_at": now},
        )
        HoursLedgerEntry.objects.get_or_create(
            cadre=cadre,
            source=source,
            page_id=part.pk,
            defaults={
                "year": study_year(now),
                "hours": part.credit_hours,
                "kind": HoursLedgerEntry.Kind.ONLINE,
                "earned_at": now,
            },
        )
        course_completion_check(cadre=cadre, course=course, now=now)
        records_refresh(cadre_ids=[cadre.pk])


@dataclass(frozen=True)
class RequiredParts:
    done: bool
    part_hours: Decimal  # the credit hours the course's live parts carry
    session_hours: Decimal  # the centralised hours of its training sessions


def _required_parts_done(*, cadre, course):
    """Whether the cadre has done every required part of the course.

    The one place the completion rule lives:
    - every live part (lesson, quiz; unpublished ones do not count) has a
      PartCompletion;
    - when the course has training sessions, the cadre attended (present or
      late) at least course.attendance_share % of them, and excused absences
      add up to no more than one seventh of the sessions' hours (the national
      cadre-training rule: courses.attendance.requirement);
    - a course with neither parts nor sessions is never complete.
    Queries: two, plus one per part model for the hours.
    """
    counts = (
        Page.objects.live()
        .child_of(course)
        .filter(content_type_id__in=course_part_type_ids())
        .aggregate(
            total=Count("pk"),
            done=Count(
                "pk",
                filter=Exists(
                    PartCompletion.objects.filter(cadre=cadre, page=OuterRef("pk"))
                ),
            ),
        )
    )
    sessions = sessions_attendance(cadre, [course.pk]).get(
        course.pk, SessionAttendance(share=course.attendance_share)
    )
    part_hours = sum(
        (
            model.objects.live().child_of(course).aggregate(h=Sum("credit_hours"))["h"]
            or Decimal("0")
            for model in course_part_models()
        ),
        Decimal("0"),
    )
    parts_done = counts["done"] == counts["total"]
    done = counts["total"] + sessions.total > 0 and parts_done and sessions.done
    return RequiredParts(done=done, part_hours=part_hours, session_hours=sessions.hours)


def course_completion_check(*, cadre, course, now):
    """Complete the cadre's enrolment in course when every required part is done.

    On completion: Enrollment.completed_at is set (saved, so history records
    it) and one COURSE entry is written to the hours ledger. Part entries
    already carry each lesson's and quiz's hours; the course entry carries the
    remainder, max(course.credit_hours - its live parts' credit hours - its
    sessions' hours, 0), so a completed course adds up to its credit hours and
    every hour has a source (parts worth more than the course are not cut
    back). The year is
    the local year of now, as for parts.

    Idempotent: a completed enrolment is left alone, and the unique
    (cadre, source, page) constraint guards the ledger. Returns whether the
    course is complete. Queries are constant in the number of lessons.
    """
    with transaction.atomic():
        enrollment = (
            Enrollment.objects.select_for_update()
            .filter(cadre=cadre, course=course)
            .first()
        )
        if enrollment is None:
            return False
        if enrollment.completed_at is not None:
            return True
        parts = _required_parts_done(cadre=cadre, course=course)
        if not parts.done:
            return False
        enrollment.completed_at = now
        enrollment.save(update_fields=["completed_at"])
        HoursLedgerEntry.objects.get_or_create(
            cadre=cadre,
            source=HoursLedgerEntry.Source.COURSE,
            page=course,
            defaults={
                "year": study_year(now),
                "hours": max(
                    course.credit_hours - parts.part_hours - parts.session_hours,
                    Decimal("0"),
                ),
                "kind": HoursLedgerEntry.Kind.ONLINE,
                "earned_at": now,
            },
        )
    return True

"""Writes for studying: enrolments (报名).

Required (必修) courses enrol their audience automatically, on two paths that
meet in the unique (cadre, course) constraint:
- enrollments_sync_required(course=...) when a course is published (and by the
  sync_enrollments command), for every cadre in its audience;
- enrollments_ensure_required(cadre=...) when a cadre opens a course page, so a
  cadre who joins later gets the required courses without lms importing courses.
Electives (选修) are chosen by the cadre: enrollment_choose(cadre=..., course=...).
"""

import math
import secrets
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, F, OuterRef, Sum
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history
from wagtail.models import Page

from lms.models import Cadre

from .models import (
    CoursePage,
    Enrollment,
    HoursLedgerEntry,
    LessonProgress,
    PartCompletion,
    Requirement,
    StudySession,
)
from .selectors import course_part_models, course_part_type_ids, study_year
from .video import lesson_video_seconds

BATCH_SIZE = 1000


def _enrollments_create(enrollments):
    """Insert enrollments (unsaved) and their history; returns those created.

    Fast path: one bulk insert and one history insert. If a concurrent request
    inserted one of the same (cadre, course) pairs meanwhile, the unique
    constraint rejects the batch; then each row is tried on its own, so history
    is written only for rows really created.
    """
    if not enrollments:
        return []
    try:
        with transaction.atomic():
            return bulk_create_with_history(enrollments, Enrollment)
    except IntegrityError:
        pass
    created = []
    for enrollment in enrollments:
        enrollment.pk = None
        enrollment._state.adding = True
        try:
            with transaction.atomic():
                enrollment.save()  # simple_history records the creation
        except IntegrityError:
            continue
        created.append(enrollment)
    return created


def _chunks(items, size):
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def enrollments_ensure_required(*, cadre):
    """Enrol cadre in every live required course whose audience includes them.

    Creates only what is missing; repeat-safe and race-safe. Queries do not grow
    with the number of courses: the missing courses (one query), their townships
    (one), then one insert and one history insert when something is missing.
    Returns the enrolments created.
    """
    if not cadre.is_active:
        return []
    # Read first, outside a transaction: a page view that finds nothing missing
    # takes no write lock. The unique constraint settles any race on insert.
    courses = list(
        CoursePage.objects.live()
        .filter(requirement=Requirement.REQUIRED)
        .exclude(Exists(Enrollment.objects.filter(cadre=cadre, course=OuterRef("pk"))))
        .only("pk", "audience_positions", "audience_village_classes")
        .prefetch_related("audience_townships")
    )
    missing = [
        Enrollment(cadre=cadre, course=course, source=Enrollment.Source.REQUIRED)
        for course in courses
        if course.audience_includes(
            cadre, {t.pk for t in course.audience_townships.all()}
        )
    ]
    if not missing:
        return []
    with transaction.atomic():
        return _enrollments_create(missing)


def course_contents_changed(*, course_path):
    """The course at course_path (or its parts) changed: bump its
    contents_version, so that its cached contents are read afresh."""
    CoursePage.objects.filter(path=course_path).update(
        contents_version=F("contents_version") + 1
    )


def enrollment_on_visit(*, cadre, course):
    """The cadre's enrolment in course, when a cadre opens it or one of its
    parts: one query when enrolled; otherwise the cadre's missing required
    enrolments are made first (enrollments_ensure_required). None when the
    course is not theirs to study."""
    enrollment = Enrollment.objects.filter(cadre=cadre, course=course).first()
    if enrollment is None and enrollments_ensure_required(cadre=cadre):
        enrollment = Enrollment.objects.filter(cadre=cadre, course=course).first()
    return enrollment


def course_audience_cadres(course):
    """The active cadres a course is meant for (empty audience lists = everyone)."""
    cadres = Cadre.objects.filter(is_active=True)
    if course.audience_positions:
        cadres = cadres.filter(position__in=course.audience_positions)
    if course.audience_village_classes:
        cadres = cadres.filter(
            village__village_class__in=course.audience_village_classes
        )
    township_ids = [t.pk for t in course.audience_townships.all()]
    if township_ids:
        cadres = cadres.filter(village__township_id__in=township_ids)
    return cadres


def enrollments_sync_required(*, course, batch_size=BATCH_SIZE):
    """Enrol every cadre in a live required course's audience who is not yet.

    Queries: the course's townships, the missing cadre ids, then per batch of
    batch_size one insert and one history insert — constant in the number of
    cadres per batch. Returns the number of enrolments created.
    """
    if not course.live or course.requirement != Requirement.REQUIRED:
        return 0
    cadre_ids = list(
        course_audience_cadres(course)
        .exclude(Exists(Enrollment.objects.filter(course=course, cadre=OuterRef("pk"))))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    created = 0
    for batch in _chunks(cadre_ids, batch_size):
        with transaction.atomic():
            created += len(
                _enrollments_create(
                    [
                        Enrollment(
                            cadre_id=cadre_id,
                            course=course,
                            source=Enrollment.Source.REQUIRED,
                        )
                        for cadre_id in batch
                    ]
                )
            )
    return created


def enrollment_choose(*, cadre, course):
    """A cadre enrols in a course they are in the audience of (an elective; a
    required course is recorded as required). Enrolling twice returns the
    existing enrolment."""
    if not course.live:
        raise ValidationError(
            _("课程“%(course)s”尚未发布，暂不能报名。"),
            code="not_live",
            params={"course": course.title},
        )
    if not cadre.is_active or not course.audience_includes(cadre):
        raise ValidationError(
            _("您不在课程“%(course)s”的学习对象范围内，不能报名。"),
            code="outside_audience",
            params={"course": course.title},
        )
    source = (
        Enrollment.Source.REQUIRED
        if course.requirement == Requirement.REQUIRED
        else Enrollment.Source.CHOSEN
    )
    with transaction.atomic():
        enrollment, _created = Enrollment.objects.get_or_create(
            cadre=cadre, course=course, defaults={"source": source}
        )
    return enrollment


# --- Study time measured on the server (学习计时) ------------------------------
#
# The lesson page starts a study session, then sends heartbeats (token and a
# rising sequence number; never a duration). The server credits the time that
# passed between accepted heartbeats, capped per beat, and only for the cadre's
# one current session: starting a session (another tab, another lesson)
# replaces the token, so an older tab stops counting.

MIN_BEAT_SECONDS = 10  # beats closer together than this are ignored
MAX_CREDIT_PER_BEAT_SECONDS = 60  # a longer gap means the tab slept
HEARTBEAT_SECONDS = 15  # how often the page sends a heartbeat
STUDY_MARGIN = Decimal("0.1")  # credit at most the lesson's length plus 10 %
VIDEO_WATCHED_SHARE = Decimal("0.8")  # a video lesson needs most of it watched

STUDY_ACCEPTED = "accepted"
STUDY_IGNORED = "ignored"
STUDY_SUPERSEDED = "superseded"


@dataclass(frozen=True)
class StudyResult:
    status: str
    seconds_studied: int = 0
    required_seconds: int = 0
    video_seconds_watched: int = 0
    video_required_seconds: int = 0
    completed: bool = False


def lesson_required_seconds(lesson):
    return lesson.study_minutes * 60


def lesson_video_required_seconds(lesson):
    """How much of the lesson's uploaded videos must be watched (0: no video)."""
    return math.ceil(lesson_video_seconds(lesson) * VIDEO_WATCHED_SHARE)


def lesson_max_seconds(lesson):
    required = lesson_required_seconds(lesson)
    return required + int(required * STUDY_MARGIN)


def _lesson_course(lesson):
    return CoursePage.objects.parent_of(lesson).get()


def study_session_start(*, cadre, lesson, now):
    """Open (or take over) the cadre's one study session, on lesson.

    Requires an enrolment in the lesson's course. A fresh token replaces any
    earlier one, so only the newest tab's heartbeats count. Returns the session.
    """
    course = _lesson_course(lesson)
    if (
        not cadre.is_active
        or not Enrollment.objects.filter(cadre=cadre, course=course).exists()
    ):
        raise ValidationError(
            _("您尚未报名课程“%(course)s”，不能计入学习时长。"),
            code="not_enrolled",
            params={"course": course.title},
        )
    with transaction.atomic():
        session, _created = StudySession.objects.update_or_create(
            cadre=cadre,
            defaults={
                "lesson": lesson,
                "token": secrets.token_hex(16),
                "sequence": 0,
                "last_beat_at": now,
            },
        )
    return session


def _lesson_complete(*, cadre, lesson, progress, now):
    """Mark progress complete, then record the lesson as a completed part."""
    progress.completed_at = now
    progress.save(update_fields=["completed_at"])
    course_part_complete(
        cadre=cadre,
        part=lesson,
        course=_lesson_course(lesson),
        source=HoursLedgerEntry.Source.LESSON,
        now=now,
    )


def study_heartbeat(*, cadre, token, sequence, now, video_seconds=0):
    """Credit the time since the session's last accepted heartbeat.

    video_seconds: how much video the page says it played since its last beat;
    credited no more than the time credited for the beat, and never beyond
    the lesson's video length. A lesson is complete when its study time is
    reached and, if it has uploaded videos, VIDEO_WATCHED_SHARE of them was
    watched.

    Returns a StudyResult: "superseded" when the token is not the cadre's
    current session (another tab took over, or never started); "ignored" for
    a replayed, out-of-order or too frequent beat; otherwise "accepted".
    """
    with transaction.atomic():
        session = (
            StudySession.objects.select_for_update()
            .select_related("lesson")
            .filter(cadre=cadre, token=token)
            .first()
        )
        if session is None:
            return StudyResult(status=STUDY_SUPERSEDED)
        lesson = session.lesson
        progress, _created = LessonProgress.objects.get_or_create(
            cadre=cadre, lesson=lesson
        )
        progress = LessonProgress.objects.select_for_update().get(pk=progress.pk)
        required = lesson_required_seconds(lesson)
        video_required = lesson_video_required_seconds(lesson)
        status = STUDY_IGNORED
        elapsed = (now - session.last_beat_at).total_seconds()
        if sequence > session.sequence and elapsed >= MIN_BEAT_SECONDS:
            status = STUDY_ACCEPTED
            credit = int(min(elapsed, MAX_CREDIT_PER_BEAT_SECONDS))
            session.sequence = sequence
            session.last_beat_at = now
            session.save(update_fields=["sequence", "last_beat_at"])
            seconds = min(progress.seconds_studied + credit, lesson_max_seconds(lesson))
            watched = min(
                progress.video_seconds_watched + min(max(video_seconds, 0), credit),
                lesson_video_seconds(lesson),
            )
            if (seconds, watched) != (
                progress.seconds_studied,
                progress.video_seconds_watched,
            ):
                progress.seconds_studied = seconds
                progress.video_seconds_watched = watched
                progress.save(
                    update_fields=["seconds_studied", "video_seconds_watched"]
                )
            if (
                progress.seconds_studied >= required
                and progress.video_seconds_watched >= video_required
                and progress.completed_at is None
            ):
                _lesson_complete(cadre=cadre, lesson=lesson, progress=progress, now=now)
        return StudyResult(
            status=status,
            seconds_studied=progress.seconds_studied,
            required_seconds=required,
            video_seconds_watched=progress.video_seconds_watched,
            video_required_seconds=video_required,
            completed=progress.completed_at is not None,
        )


def lesson_progress_for(*, cadre, lesson):
    """The cadre's progress on a lesson, or None (a read, for pages)."""
    return LessonProgress.objects.filter(cadre=cadre, lesson=lesson).first()


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
    then applies the course completion rule.
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


@dataclass(frozen=True)
class RequiredParts:
    done: bool
    part_hours: Decimal  # the credit hours the course's live parts carry


def _required_parts_done(*, cadre, course):
    """Whether the cadre has done every required part of the course.

    The one place the completion rule lives: every live part (unpublished
    ones do not count) has a PartCompletion; a course with no parts is never
    complete. Queries: one, plus one per part model for the hours.
    """
    models = course_part_models()
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
    hours = sum(
        (
            model.objects.live().child_of(course).aggregate(h=Sum("credit_hours"))["h"]
            or Decimal("0")
            for model in models
        ),
        Decimal("0"),
    )
    done = counts["total"] > 0 and counts["done"] == counts["total"]
    return RequiredParts(done=done, part_hours=hours)


def course_completion_check(*, cadre, course, now):
    """Complete the cadre's enrolment in course when every required part is done.

    On completion: Enrollment.completed_at is set (saved, so history records
    it) and one COURSE entry is written to the hours ledger. Part entries
    already carry each lesson's and quiz's hours; the course entry carries the
    remainder, max(course.credit_hours - sum of its live parts' credit hours,
    0), so a completed course adds up to its credit hours and every hour has a
    source (parts worth more than the course are not cut back). The year is
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
                "hours": max(course.credit_hours - parts.part_hours, Decimal("0")),
                "kind": HoursLedgerEntry.Kind.ONLINE,
                "earned_at": now,
            },
        )
    return True

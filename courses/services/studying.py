"""Study time measured on the server (学习计时) and lesson completion."""

import math
import secrets
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import (
    CoursePage,
    Enrollment,
    HoursLedgerEntry,
    LessonProgress,
    StudySession,
)
from ..video import lesson_video_seconds
from .completion import course_part_complete

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

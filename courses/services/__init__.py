"""Writes of the courses app, one module per part of the domain:

- enrolment: required courses enrol their audience, cadres choose electives;
- studying: study time measured on the server, lesson completion;
- completion: completed parts and the one course completion rule.

Every write is a keyword-only function inside a transaction, guarded by
database constraints. Import from here: `from courses.services import ...`.
Offline sessions and attendance are in courses.attendance.services; kept
records, their rebuild and certificates in courses.records.
"""

from .completion import RequiredParts, course_completion_check, course_part_complete
from .enrolment import (
    BATCH_SIZE,
    course_audience_cadres,
    course_contents_changed,
    enrollment_choose,
    enrollment_on_visit,
    enrollments_ensure_required,
    enrollments_sync_required,
)
from .studying import (
    HEARTBEAT_SECONDS,
    MAX_CREDIT_PER_BEAT_SECONDS,
    MIN_BEAT_SECONDS,
    STUDY_ACCEPTED,
    STUDY_IGNORED,
    STUDY_MARGIN,
    STUDY_SUPERSEDED,
    VIDEO_WATCHED_SHARE,
    StudyResult,
    lesson_max_seconds,
    lesson_progress_for,
    lesson_required_seconds,
    lesson_video_required_seconds,
    study_heartbeat,
    study_session_start,
)

__all__ = [
    "BATCH_SIZE",
    "HEARTBEAT_SECONDS",
    "MAX_CREDIT_PER_BEAT_SECONDS",
    "MIN_BEAT_SECONDS",
    "STUDY_ACCEPTED",
    "STUDY_IGNORED",
    "STUDY_MARGIN",
    "STUDY_SUPERSEDED",
    "VIDEO_WATCHED_SHARE",
    "RequiredParts",
    "StudyResult",
    "course_audience_cadres",
    "course_completion_check",
    "course_contents_changed",
    "course_part_complete",
    "enrollment_choose",
    "enrollment_on_visit",
    "enrollments_ensure_required",
    "enrollments_sync_required",
    "lesson_max_seconds",
    "lesson_progress_for",
    "lesson_required_seconds",
    "lesson_video_required_seconds",
    "study_heartbeat",
    "study_session_start",
]

"""Writes of the courses app, one module per part of the domain:

- enrolment: required courses enrol their audience, cadres choose electives;
- studying: study time measured on the server, lesson completion;
- completion: completed parts and the one course completion rule;
- attendance: offline sessions, QR check-in and the register;
- records: the kept course and year summaries, and certificates.

Every write is a keyword-only function inside a transaction, guarded by
database constraints. Import from here: `from courses.services import ...`.
"""

from .attendance import (
    CHECKIN_CODE_REFRESH_SECONDS,
    CHECKIN_CODE_SECONDS,
    CHECKIN_SCAN_GRACE_SECONDS,
    checkin,
    checkin_code,
    checkin_code_check,
    checkin_refusal,
    checkin_scan_check,
    checkin_window,
    checkout,
    mark_set,
    marks_all_present,
    session_close,
    session_roster,
)
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
from .rebuild import RebuildReport, records_rebuild
from .records import (
    Summaries,
    certificates_issue,
    records_refresh,
    stored_summaries,
    summaries_compute,
    summaries_write,
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
    "RebuildReport",
    "records_rebuild",
    "Summaries",
    "certificates_issue",
    "records_refresh",
    "stored_summaries",
    "summaries_compute",
    "summaries_write",
    "CHECKIN_CODE_REFRESH_SECONDS",
    "CHECKIN_CODE_SECONDS",
    "CHECKIN_SCAN_GRACE_SECONDS",
    "checkin",
    "checkin_code",
    "checkin_code_check",
    "checkin_refusal",
    "checkin_scan_check",
    "checkin_window",
    "checkout",
    "mark_set",
    "marks_all_present",
    "session_close",
    "session_roster",
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

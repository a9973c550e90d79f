"""courses' models, one module per part of the domain: the pages (classrooms,
courses, lessons), studying (enrolments, progress, completed parts, the hours
ledger) and attendance (offline sessions and their registers)."""

from .attendance import (
    ATTENDED_STATES,
    AttendanceMark,
    AttendanceState,
    TrainingSession,
)
from .pages import (
    CoursePage,
    CoursePageForm,
    CoursePartMixin,
    LessonPage,
    Requirement,
    TrackKind,
    TrackPage,
    route_to_child,
)
from .studying import (
    Enrollment,
    HoursLedgerEntry,
    LessonProgress,
    PartCompletion,
    StudyHourTargets,
    StudySession,
)

__all__ = [
    "ATTENDED_STATES",
    "AttendanceMark",
    "AttendanceState",
    "TrainingSession",
    "CoursePage",
    "CoursePageForm",
    "CoursePartMixin",
    "Enrollment",
    "HoursLedgerEntry",
    "LessonPage",
    "LessonProgress",
    "PartCompletion",
    "Requirement",
    "StudyHourTargets",
    "StudySession",
    "TrackKind",
    "TrackPage",
    "route_to_child",
]

"""courses' models, one module per part of the domain: the pages (classrooms,
courses, lessons), studying (enrolments, progress, completed parts, the hours
ledger), attendance (offline sessions and their registers) and records
(summaries for reports, certificates, report exports)."""

from .attendance import (
    ATTENDED_STATES,
    HOURS_COUNT_APPROVALS,
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
from .records import Certificate, CourseRecord, ReportExport, YearRecord
from .review import CourseReviewTask
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
    "HOURS_COUNT_APPROVALS",
    "AttendanceMark",
    "AttendanceState",
    "TrainingSession",
    "Certificate",
    "CoursePage",
    "CoursePageForm",
    "CourseRecord",
    "CourseReviewTask",
    "CoursePartMixin",
    "Enrollment",
    "HoursLedgerEntry",
    "LessonPage",
    "LessonProgress",
    "PartCompletion",
    "ReportExport",
    "Requirement",
    "StudyHourTargets",
    "StudySession",
    "TrackKind",
    "TrackPage",
    "YearRecord",
    "route_to_child",
]

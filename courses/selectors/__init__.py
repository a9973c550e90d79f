"""Reads for the course pages, one module per subject:

- access: who may study a course (course_access: "full", "login" or
  "outside_audience"), the viewer's cadre profile, the audience in words;
- contents: a course's live parts in order, counts and progress, and the
  cached contents every page of a course reads;
- learning: 我的学习, a cadre's own courses and the year's hours;
- search: 课程搜索.

Import from here: `from courses.selectors import ...`. The sessions' reads
are in courses.attendance.selectors, the kept records' in
courses.records.selectors.
"""

from .access import (
    FULL,
    LOGIN,
    OUTSIDE_AUDIENCE,
    VILLAGE_CLASS_AUDIENCE,
    audience_parts,
    audience_text,
    course_access,
    viewer_cadre,
)
from .contents import (
    CONTENTS_CACHE_SECONDS,
    CourseContents,
    CourseProgress,
    PartRow,
    count_subquery,
    course_contents,
    course_lesson_counts,
    course_part_models,
    course_part_type_ids,
    course_progress,
    live_lesson_count,
    part_done_ids,
    part_neighbours,
    track_courses,
)
from .learning import (
    STUDY_TIME_ZONE,
    MyCourse,
    YearHours,
    my_courses,
    parent_titles,
    study_year,
    year_hours,
)
from .search import SEARCH_MAX_LENGTH, SEARCH_MAX_WORDS, course_search, search_words

__all__ = [
    "CONTENTS_CACHE_SECONDS",
    "FULL",
    "LOGIN",
    "OUTSIDE_AUDIENCE",
    "SEARCH_MAX_LENGTH",
    "SEARCH_MAX_WORDS",
    "STUDY_TIME_ZONE",
    "VILLAGE_CLASS_AUDIENCE",
    "CourseContents",
    "CourseProgress",
    "MyCourse",
    "PartRow",
    "YearHours",
    "audience_parts",
    "audience_text",
    "course_access",
    "course_contents",
    "count_subquery",
    "course_lesson_counts",
    "course_part_models",
    "course_part_type_ids",
    "course_progress",
    "course_search",
    "live_lesson_count",
    "my_courses",
    "parent_titles",
    "part_done_ids",
    "part_neighbours",
    "search_words",
    "study_year",
    "track_courses",
    "viewer_cadre",
    "year_hours",
]

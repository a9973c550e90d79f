"""RAW_SQL: the supervisors' dashboard's per-township figures computed in one
plain query straight from the raw events, for tests/perf/report_bench.py to
time beside the page and to check the page's figures against."""

from decimal import ROUND_HALF_UP, Decimal

# The dashboard's figures (courses/reports/selectors.py) from the raw events,
# by the rules of courses/services/completion.py, attendance.py and
# exams/services.py, for the study year [start, end) and its courses:
# - a part (live lesson or quiz) is done by a LessonProgress with completed_at,
#   a quiz by its first passed attempt;
# - an enrolment is complete when every live part is done and, if the course
#   has sessions, attendance_share % were attended (present or late) and the
#   excused ones carry no more than a seventh of the sessions' hours; a course
#   with neither parts nor sessions never is;
# - online hours: each part's credit hours in the year it was done, and on
#   completion the course's remainder (its credit hours less its live parts'
#   and sessions' hours, not below 0) in the year of the last requirement met;
# - centralised hours: a closed session's hours for each attended mark, in
#   the year the session started.
# Per township (LEFT JOIN: a township without cadres has zeros), over active
# cadres; "behind" as the dashboard's (zeros count: a cadre with nothing is
# behind when a target is above zero).
RAW_SQL = """
WITH course AS (
    SELECT c.page_ptr_id AS id, p.path, c.year, c.requirement, c.credit_hours,
           c.attendance_share
    FROM {coursepage} c JOIN {page} p ON p.id = c.page_ptr_id
),
part AS (
    SELECT p.id AS id, course.id AS course_id, p.live, l.credit_hours AS hours
    FROM {lessonpage} l
    JOIN {page} p ON p.id = l.page_ptr_id
    JOIN course ON course.path = SUBSTR(p.path, 1, LENGTH(p.path) - %(steplen)s)
    UNION ALL
    SELECT p.id, course.id, p.live, q.credit_hours
    FROM {quizpage} q
    JOIN {page} p ON p.id = q.page_ptr_id
    JOIN course ON course.path = SUBSTR(p.path, 1, LENGTH(p.path) - %(steplen)s)
),
done AS (
    SELECT cadre_id, lesson_id AS part_id, completed_at AS done_at
    FROM {lessonprogress} WHERE completed_at IS NOT NULL
    UNION ALL
    SELECT cadre_id, quiz_id, MIN(submitted_at)
    FROM {attempt} WHERE passed AND submitted_at IS NOT NULL
    GROUP BY cadre_id, quiz_id
),
live_parts AS (
    SELECT course_id, COUNT(*) AS n, SUM(hours) AS hours
    FROM part WHERE live GROUP BY course_id
),
sessions AS (
    SELECT course_id, COUNT(*) AS n, SUM(credit_hours) AS hours
    FROM {session} GROUP BY course_id
),
attended AS (
    SELECT m.cadre_id, s.course_id, s.starts_at, s.closed_at, s.credit_hours
    FROM {mark} m JOIN {session} s ON s.id = m.session_id
    WHERE m.state IN ('present', 'late')
),
excused AS (
    SELECT m.cadre_id, s.course_id, SUM(s.credit_hours) AS hours
    FROM {mark} m JOIN {session} s ON s.id = m.session_id
    WHERE m.state = 'excused'
    GROUP BY m.cadre_id, s.course_id
),
-- Each requirement met, with its moment: live parts done, sessions attended.
met AS (
    SELECT done.cadre_id, part.course_id, done.done_at AS at, 1 AS parts,
           0 AS sessions
    FROM done JOIN part ON part.id = done.part_id AND part.live
    UNION ALL
    SELECT cadre_id, course_id, closed_at, 0, 1 FROM attended
),
met_by_enrolment AS (
    SELECT cadre_id, course_id, SUM(parts) AS parts, SUM(sessions) AS sessions,
           MAX(at) AS last_at
    FROM met GROUP BY cadre_id, course_id
),
enrolment AS (
    SELECT e.cadre_id, course.year, course.requirement, m.last_at,
           course.credit_hours - COALESCE(lp.hours, 0) - COALESCE(s.hours, 0)
               AS remainder,
           CASE WHEN COALESCE(lp.n, 0) + COALESCE(s.n, 0) > 0
                 AND COALESCE(m.parts, 0) = COALESCE(lp.n, 0)
                 AND (s.n IS NULL OR (
                      COALESCE(m.sessions, 0) * 100 >= course.attendance_share * s.n
                      AND COALESCE(x.hours, 0) * 7 <= s.hours))
                THEN 1 ELSE 0 END AS complete
    FROM {enrollment} e
    JOIN course ON course.id = e.course_id
    LEFT JOIN live_parts lp ON lp.course_id = e.course_id
    LEFT JOIN sessions s ON s.course_id = e.course_id
    LEFT JOIN met_by_enrolment m
           ON m.cadre_id = e.cadre_id AND m.course_id = e.course_id
    LEFT JOIN excused x ON x.cadre_id = e.cadre_id AND x.course_id = e.course_id
),
hours AS (
    SELECT done.cadre_id, part.hours AS online, 0 AS centralised
    FROM done JOIN part ON part.id = done.part_id
    WHERE done.done_at >= %(start)s AND done.done_at < %(end)s
    UNION ALL
    SELECT cadre_id, 0, credit_hours FROM attended
    WHERE closed_at IS NOT NULL AND starts_at >= %(start)s AND starts_at < %(end)s
    UNION ALL
    SELECT cadre_id, remainder, 0 FROM enrolment
    WHERE complete = 1 AND remainder > 0
      AND last_at >= %(start)s AND last_at < %(end)s
),
per_cadre AS (
    SELECT c.id, v.township_id,
           COALESCE(h.online, 0) AS online,
           COALESCE(h.centralised, 0) AS centralised,
           COALESCE(r.required, 0) AS required,
           COALESCE(r.completed, 0) AS completed
    FROM {cadre} c
    JOIN {village} v ON v.id = c.village_id
    LEFT JOIN (
        SELECT cadre_id, SUM(online) AS online, SUM(centralised) AS centralised
        FROM hours GROUP BY cadre_id
    ) h ON h.cadre_id = c.id
    LEFT JOIN (
        SELECT cadre_id, COUNT(*) AS required, SUM(complete) AS completed
        FROM enrolment
        WHERE year = %(year)s AND requirement = %(required)s
        GROUP BY cadre_id
    ) r ON r.cadre_id = c.id
    WHERE c.is_active
)
SELECT t.id,
       COUNT(pc.id) AS cadres,
       COALESCE(SUM(pc.required), 0) AS required_courses,
       COALESCE(SUM(pc.completed), 0) AS required_completed,
       COALESCE(SUM(pc.online), 0) AS online_hours,
       COALESCE(SUM(pc.centralised), 0) AS centralised_hours,
       COALESCE(SUM(CASE WHEN pc.online < %(target_online)s
                           OR pc.centralised < %(target_centralised)s
                           OR pc.completed < pc.required
                         THEN 1 ELSE 0 END), 0) AS behind
FROM {township} t LEFT JOIN per_cadre pc ON pc.township_id = t.id
GROUP BY t.id
ORDER BY t.id
"""


def raw_sql_query(now):
    """(sql, params) of RAW_SQL for the study year of now."""
    import datetime as dt

    from django.db import connection
    from wagtail.models import Page

    from courses.models import (
        AttendanceMark,
        CoursePage,
        Enrollment,
        LessonPage,
        LessonProgress,
        Requirement,
        StudyHourTargets,
        TrainingSession,
    )
    from courses.selectors import STUDY_TIME_ZONE, study_year
    from exams.models import Attempt, QuizPage
    from lms.models import Cadre, Township, Village

    tables = {
        name: connection.ops.quote_name(model._meta.db_table)
        for name, model in {
            "page": Page,
            "coursepage": CoursePage,
            "lessonpage": LessonPage,
            "quizpage": QuizPage,
            "lessonprogress": LessonProgress,
            "attempt": Attempt,
            "session": TrainingSession,
            "mark": AttendanceMark,
            "enrollment": Enrollment,
            "cadre": Cadre,
            "village": Village,
            "township": Township,
        }.items()
    }
    year = study_year(now)
    start = dt.datetime(year, 1, 1, tzinfo=STUDY_TIME_ZONE)
    end = dt.datetime(year + 1, 1, 1, tzinfo=STUDY_TIME_ZONE)
    targets = StudyHourTargets.load()
    adapt = connection.ops.adapt_datetimefield_value
    params = {
        "steplen": Page.steplen,
        "start": adapt(start),
        "end": adapt(end),
        "year": year,
        "required": Requirement.REQUIRED.value,
        # floats: SQLite would compare a number with a Decimal's text
        "target_online": float(targets.online_hours),
        "target_centralised": float(targets.centralised_hours),
    }
    return RAW_SQL.format(**tables), params


def raw_sql_run(sql, params):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def one_decimal(value):
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def raw_sql_figures(rows):
    """{township id: (figures…)} of RAW_SQL's rows, hours to one decimal, in
    the order of courses.reports.selectors.SUMMED_FIGURES."""
    return {
        row[0]: (
            int(row[1]),
            int(row[2]),
            int(row[3]),
            one_decimal(row[4]),
            one_decimal(row[5]),
            int(row[6]),
        )
        for row in rows
    }

"""What the classroom, course and lesson pages show, built outside the page
models (which the selectors and services used here import): the page models'
get_context calls these builders, connected in CoursesConfig.ready(). Every
course part shares course_part_context and enrol_on_visit; exams' quiz page
reuses them (exams.page_context).

A GET writes in one place only: enrol_on_visit, when a cadre opens a course or
one of its parts.
"""

from .attendance.requirement import attendance_missing
from .attendance.selectors import course_sessions
from .models import LessonPage
from .selectors import (
    FULL,
    OUTSIDE_AUDIENCE,
    CourseProgress,
    course_access,
    course_contents,
    part_done_ids,
    part_neighbours,
    track_courses,
    viewer_cadre,
)
from .services import (
    enrollment_on_visit,
    lesson_progress_for,
    lesson_required_seconds,
    lesson_video_required_seconds,
)


def enrol_on_visit(context):
    """The viewing cadre's enrolment in the page's course, or None: the one
    place where a page view (a GET) writes. A cadre with full access who is
    not enrolled yet is first enrolled in every required course meant for
    them (services.enrollment_on_visit; an inactive cadre only has their
    enrolment read). context: from course_access_context."""
    cadre = context["viewer_cadre"]
    if cadre is None:
        return None
    return enrollment_on_visit(cadre=cadre, course=context["course"])


def course_access_context(request, course):
    """What every page of a course shows about it: access, course, contents
    (selectors.CourseContents), audience_text, and viewer_cadre, the user's
    cadre profile when the access is full (otherwise None). No query when the
    contents are cached and the login backend loaded the cadre."""
    contents = course_contents(course)
    cadre = viewer_cadre(request.user)
    access = course_access(
        request.user, course, cadre=cadre, township_ids=contents.township_ids
    )
    return {
        "access": access,
        "course": course,
        "contents": contents,
        "audience_text": contents.audience_text,
        "viewer_cadre": cadre if access == FULL else None,
    }


def course_part_context(part, request, context):
    """A course part's (a lesson's, a quiz's) share: course_access_context of
    its course, and status_code 403 (CoursePartMixin.serve) for a cadre outside
    the course's audience. Returns the context."""
    course = part.get_parent().specific  # cached by routing: no query
    context.update(course_access_context(request, course))
    if context["access"] == OUTSIDE_AUDIENCE:
        context["status_code"] = 403
    return context


def track_context(track, request, context):
    """A classroom: its live courses."""
    context["courses"] = track_courses(track)
    return context


def course_context(course, request, context):
    """A course: its parts, and for an enrolled cadre their progress, what
    they still lack in the sessions (集中培训) and the sessions with their own
    state."""
    context.update(course_access_context(request, course))
    contents = context["contents"]
    full = context["access"] == FULL
    context["course_url"] = course.get_url(request)
    context["parts"] = contents.parts if full else []
    context["lesson_kind"] = str(LessonPage._meta.verbose_name)
    cadre = context["viewer_cadre"]
    enrollment = enrol_on_visit(context)
    if cadre is not None:
        context["enrollment"] = enrollment
    if enrollment:
        done = part_done_ids(cadre, [row.pk for row in contents.parts])
        context["done_ids"] = done
        context["progress"] = CourseProgress(
            len(done), len(contents.parts), enrollment.completed_at
        )
        if contents.session_count:
            context["attendance_missing"] = attendance_missing(cadre, [enrollment]).get(
                course.pk, []
            )
    # 集中培训: the sessions, with an enrolled cadre's own state (one query).
    context["sessions"] = (
        course_sessions(course, cadre if enrollment else None)
        if contents.session_count
        else []
    )
    return context


def lesson_context(lesson, request, context):
    """A lesson: the previous and next parts, and for an enrolled active
    cadre what they studied so far and what completes it."""
    course_part_context(lesson, request, context)
    context["can_study"] = False
    if context["access"] != FULL:
        return context
    context["previous"], context["next"] = part_neighbours(lesson, context["contents"])
    context["course_url"] = context["course"].get_url(request)
    cadre = context["viewer_cadre"]
    if cadre is None or not cadre.is_active or not enrol_on_visit(context):
        return context
    progress = lesson_progress_for(cadre=cadre, lesson=lesson)
    context["can_study"] = True
    context["study_seconds"] = progress.seconds_studied if progress else 0
    context["study_completed"] = bool(progress and progress.completed_at)
    context["study_required_seconds"] = lesson_required_seconds(lesson)
    context["study_video_watched"] = progress.video_seconds_watched if progress else 0
    context["study_video_required"] = lesson_video_required_seconds(lesson)
    return context

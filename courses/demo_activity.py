"""A year of demo activity (size S): what the demo Banner's cadres did in the
current study year, written as raw events so that 我的学习, the supervisors'
reports and the quiz results have something true to show.

Written in bulk and deterministic for a given day: each cadre's draws are
seeded by their mobile number, each course's by its code, and every moment
falls between the start of the study year and today (Asia/Shanghai).

- Required courses enrol their audience (courses.services), about one cadre
  in eight also chooses an elective; the enrolments date from early January.
- Cadres study at three paces: about a quarter finished most of their
  courses, about half are midway, a fifth barely started. Each lesson studied
  has a LessonProgress (seconds studied; completed_at, when the lesson's time
  was reached, spread over the months).
- A cadre who finished a course's lessons goes on with what later apps offer
  as `activity_after_lessons` (lms.demo_hooks; exams: the quiz attempts, see
  exams.demo_activity.QuizAttempts for the calls), drawn from the cadre's own
  sequence, so the year stays one story.
- The offline classrooms (理论实践课堂, “领头雁”课堂) hold two or three closed
  sessions per required course of the year; every enrolled cadre is marked
  present, late, excused or absent.
- Then records_rebuild(fix=True) derives the completion records, the hours
  ledger, the summaries and the certificates from these events, as the live
  services would have written them.

Skipped when there is activity already (lesson progress, or what a hook's
exists() finds), so re-running seed_demo adds nothing.
"""

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from lms.demo_bulk import BATCH, HistoryUsers, insert_rows
from lms.demo_hooks import demo_hooks
from lms.models import Cadre, User

from .demo_data import EXCUSE_NOTES, SESSION_PLACES
from .demo_trust import seed_trust_cases
from .models import (
    AttendanceMark,
    AttendanceState,
    Certificate,
    CoursePage,
    Enrollment,
    LessonPage,
    LessonProgress,
    Requirement,
    TrackKind,
    TrackPage,
    TrainingSession,
)
from .records.rebuild import records_rebuild
from .selectors import STUDY_TIME_ZONE
from .services import (
    course_audience_cadres,
    lesson_max_seconds,
    lesson_required_seconds,
)

ACTIVITY_SEED = "naiman-333-activity"
# (share of cadres, lowest and highest diligence): barely started, midway,
# finished most.
PACES = [(0.20, 0.0, 0.1), (0.55, 0.25, 0.7), (0.25, 0.9, 1.0)]
ELECTIVE_SHARE = 0.12
OFFLINE_TRACKS = (TrackKind.THEORY_PRACTICE, TrackKind.LEAD_GOOSE)
DAY_STARTS, DAY_ENDS = 7 * 3600, 22 * 3600  # cadres study between 7:00 and 22:00


@dataclass
class _Course:
    page: CoursePage
    lessons: list  # [(pk, required seconds, max seconds)], in course order
    sessions: list = field(default_factory=list)  # TrainingSessions


@dataclass
class _Made:
    progress: list = field(default_factory=list)
    marks: list = field(default_factory=list)
    users: HistoryUsers = field(default_factory=HistoryUsers)


class Calendar:
    """Days of the study year so far (local midnights) and moments in them."""

    def __init__(self, now):
        local = timezone.localtime(now, STUDY_TIME_ZONE)
        self.end = local.replace(hour=0, minute=0, second=0, microsecond=0)
        self.start = self.end.replace(month=1, day=1)
        if (self.end - self.start).days < 30:  # early January: last autumn too
            self.start = self.end - dt.timedelta(days=90)
        self.days = (self.end - self.start).days

    def moment(self, rng, day, after=None):
        """A daytime moment of day (an index from the start), later than after."""
        moment = self.start + dt.timedelta(
            days=day, seconds=rng.randint(DAY_STARTS, DAY_ENDS)
        )
        if after is not None and moment <= after:
            moment = after + dt.timedelta(minutes=rng.randint(10, 90))
        return moment

    def at(self, day, hour, minute=0):
        return self.start + dt.timedelta(days=day, hours=hour, minutes=minute)


def seed_activity(*, stdout, now=None):
    """Write a year of activity for the cadres there are, then derive the
    records from it. A no-op when there is activity already."""
    hooks = demo_hooks("activity_after_lessons")
    if LessonProgress.objects.exists() or any(hook.exists() for hook in hooks):
        stdout.write(_("学习活动：已有学习记录，跳过生成。"))
        return
    now = now or timezone.now()
    calendar = Calendar(now)
    _enrol(calendar)
    courses = _courses()
    _sessions_create(courses, calendar)
    after_lessons = [hook(calendar) for hook in hooks]
    cadres = list(
        Cadre.objects.filter(is_active=True)
        .order_by("mobile")
        .values_list("pk", "mobile", "user_id")
    )
    enrolled = defaultdict(list)
    for cadre_id, course_id in Enrollment.objects.filter(
        cadre__is_active=True, course_id__in=courses
    ).values_list("cadre_id", "course_id"):
        enrolled[cadre_id].append(course_id)
    made = _Made()
    for cadre_id, mobile, user_id in cadres:
        rng = random.Random(f"{ACTIVITY_SEED}/{mobile}")
        diligence = _diligence(rng)
        for course_id in sorted(
            enrolled[cadre_id], key=lambda pk: courses[pk].page.path
        ):
            course = courses[course_id]
            finished = _study(rng, diligence, cadre_id, course, calendar, made)
            if finished is not None:
                for step in after_lessons:
                    step(rng, diligence, cadre_id, user_id, course.page, finished)
            _attend(rng, diligence, cadre_id, user_id, course, made)
    _write(made)
    for step in after_lessons:
        step.write(stdout)
    seed_trust_cases(stdout=stdout, now=now)
    rebuilt = records_rebuild(fix=True)
    stdout.write(
        _(
            "学习活动：%(cadres)d 名学员本年度的课时进度 %(progress)d 条，"
            "线下培训 %(sessions)d 场（考勤 %(marks)d 条）；"
            "据此生成学习档案：结业 %(completed)d 门次，证书 %(certificates)d 张"
            "（写入 %(written)d 处）"
        )
        % {
            "cadres": len(cadres),
            "progress": len(made.progress),
            "sessions": sum(len(c.sessions) for c in courses.values()),
            "marks": len(made.marks),
            "completed": Enrollment.objects.filter(completed_at__isnull=False).count(),
            "certificates": Certificate.objects.count(),
            "written": rebuilt.total,
        }
    )


# --- Enrolments ------------------------------------------------------------------


def _enrol(calendar):
    """Every live required course enrols its audience (as
    enrollments_sync_required does, in one bulk insert: the records follow
    from records_rebuild), and about one cadre in eight chooses an elective.
    The enrolments date from the second day of the year."""
    started = timezone.now()
    enrolled_at = calendar.at(1, 9)
    have = set(Enrollment.objects.values_list("cadre_id", "course_id"))
    new = []

    def enrol(cadre_id, course, source):
        if (cadre_id, course.pk) not in have:
            have.add((cadre_id, course.pk))
            enrollment = Enrollment(cadre_id=cadre_id, course=course, source=source)
            enrollment._history_date = enrolled_at
            new.append(enrollment)

    live = (
        CoursePage.objects.live()
        .order_by("path")
        .prefetch_related("audience_townships")
    )
    for course in live.filter(requirement=Requirement.REQUIRED):
        for cadre_id in (
            course_audience_cadres(course).order_by("pk").values_list("pk", flat=True)
        ):
            enrol(cadre_id, course, Enrollment.Source.REQUIRED)
    electives = list(live.filter(requirement=Requirement.ELECTIVE))
    cadres = Cadre.objects.filter(is_active=True).select_related("village")
    for cadre in cadres.order_by("mobile"):
        rng = random.Random(f"{ACTIVITY_SEED}/elective/{cadre.mobile}")
        if rng.random() >= ELECTIVE_SHARE:
            continue
        open_to = [
            course
            for course in electives
            if course.audience_includes(
                cadre, {t.pk for t in course.audience_townships.all()}
            )
        ]
        if open_to:
            enrol(cadre.pk, rng.choice(open_to), Enrollment.Source.CHOSEN)
    bulk_create_with_history(new, Enrollment, batch_size=BATCH)
    # enrolled_at is set on insert (auto_now_add): date it back, history too.
    Enrollment.history.filter(
        history_date=enrolled_at, enrolled_at__gte=started
    ).update(enrolled_at=enrolled_at)
    Enrollment.objects.filter(enrolled_at__gte=started).update(enrolled_at=enrolled_at)
    return len(new)


# --- The courses as the activity needs them ----------------------------------------


def _courses():
    """{course pk: _Course} with their live lessons in order."""
    courses = {
        page.pk: _Course(page=page, lessons=[])
        for page in CoursePage.objects.live().order_by("path")
    }
    by_path = {c.page.path: c for c in courses.values()}
    for lesson in LessonPage.objects.live().order_by("path"):
        course = by_path.get(lesson.path[: -lesson.steplen])
        if course is not None:
            course.lessons.append(
                (
                    lesson.pk,
                    lesson_required_seconds(lesson),
                    lesson_max_seconds(lesson),
                )
            )
    return courses


def _sessions_create(courses, calendar):
    """Two or three closed sessions for each required course of the year in
    an offline classroom; kept on the courses."""
    default_trainer = User.objects.filter(username="trainer").first()
    offline = set(
        TrackPage.objects.filter(kind__in=OFFLINE_TRACKS).values_list("path", flat=True)
    )
    year = calendar.end.year
    sessions = []
    for course in courses.values():
        page = course.page
        if (
            page.requirement != Requirement.REQUIRED
            or page.year != year
            or page.path[: -page.steplen] not in offline
            or calendar.days < 20
        ):
            continue
        rng = random.Random(f"{ACTIVITY_SEED}/sessions/{page.code}")
        trainer = page.trainers.order_by("pk").first() or default_trainer
        if trainer is None:
            continue
        count = rng.choice([2, 3, 3])
        days = sorted(rng.sample(range(10, calendar.days - 2), count))
        for number, day in enumerate(days, start=1):
            full_day = rng.random() < 0.75
            starts_at = calendar.at(day, 9) if full_day else calendar.at(day, 14, 30)
            ends_at = starts_at + dt.timedelta(hours=7 if full_day else 3)
            session = TrainingSession(
                course=page,
                title=_("%(course)s 第%(number)d期")
                % {
                    "course": page.title,
                    "number": number,
                },
                place=rng.choice(SESSION_PLACES),
                starts_at=starts_at,
                ends_at=ends_at,
                credit_hours=Decimal("6.0") if full_day else Decimal("3.0"),
                trainer=trainer,
                roster=TrainingSession.Roster.ENROLLED,
                closed_at=ends_at + dt.timedelta(minutes=20),
                closed_by=trainer,
            )
            session._history_date = starts_at - dt.timedelta(days=14)
            session._history_user = trainer
            sessions.append(session)
            course.sessions.append(session)
    bulk_create_with_history(sessions, TrainingSession, batch_size=BATCH)


# --- One cadre's year ----------------------------------------------------------------


def _diligence(rng):
    roll = rng.random()
    for share, low, high in PACES:
        if roll < share:
            return rng.uniform(low, high)
        roll -= share
    return rng.uniform(PACES[-1][1], PACES[-1][2])


def _study(rng, diligence, cadre_id, course, calendar, made):
    """The cadre's lessons of course: all of them (more likely the more
    diligent), the first few and perhaps the next one begun, or none.
    Returns when the last lesson was completed (all of them), or None."""
    roll = rng.random()
    if not course.lessons or roll >= 0.15 + diligence:
        return None  # never opened
    lessons = course.lessons
    if roll >= diligence**0.8:  # midway
        lessons = lessons[: rng.randint(0, len(lessons) - 1)]
    day = rng.randint(2, max(2, int(calendar.days * 0.8)))
    last = None
    for lesson_id, required, most in lessons:
        day += rng.choice([0, 0, 1, 1, 2, 3, 5, 7, 12])
        if day >= calendar.days:
            return None
        last = calendar.moment(rng, day, after=last)
        made.progress.append(
            (cadre_id, lesson_id, rng.randint(required, most), 0, last)
        )
    if len(lessons) < len(course.lessons):
        if rng.random() < 0.6:  # the next lesson begun
            lesson_id, required, _most = course.lessons[len(lessons)]
            seconds = rng.randint(60, max(60, required - 30))
            made.progress.append((cadre_id, lesson_id, seconds, 0, None))
        return None
    return last


def _attend(rng, diligence, cadre_id, user_id, course, made):
    """The cadre's marks in the course's sessions (everyone enrolled is on
    the roster; the register was closed, so nobody is left unmarked)."""
    for session in course.sessions:
        roll = rng.random()
        attends = 0.5 + 0.5 * diligence
        mark = AttendanceMark(session=session, cadre_id=cadre_id)
        if roll < attends:
            late = rng.random() < 0.1
            mark.state = AttendanceState.LATE if late else AttendanceState.PRESENT
            if rng.random() < 0.85:
                mark.source = AttendanceMark.Source.CHECKIN
                minutes = (
                    rng.randint(session.late_after_minutes + 1, 45)
                    if late
                    else -rng.randint(0, 25)
                )
                mark.checked_in_at = session.starts_at + dt.timedelta(minutes=minutes)
                if rng.random() < 0.5:
                    mark.checked_out_at = session.ends_at + dt.timedelta(
                        minutes=rng.randint(0, 15)
                    )
                mark.marked_by_id = user_id
            else:
                mark.source = AttendanceMark.Source.REGISTER
                mark.marked_by_id = session.trainer_id
        elif roll < attends + (1 - attends) * 0.3:
            mark.state = AttendanceState.EXCUSED
            mark.source = AttendanceMark.Source.REGISTER
            mark.note = rng.choice(EXCUSE_NOTES)
            mark.marked_by_id = session.trainer_id
        else:
            mark.state = AttendanceState.ABSENT
            mark.source = AttendanceMark.Source.CLOSING
            mark.marked_by_id = session.trainer_id
        mark._history_date = mark.checked_in_at or session.closed_at
        mark._history_user = made.users(mark.marked_by_id)
        made.marks.append(mark)


# --- Writing -------------------------------------------------------------------------


def _write(made):
    """Marks through bulk_create_with_history; lesson progress (big and
    untracked) straight through executemany."""
    insert_rows(
        LessonProgress,
        [
            "cadre_id",
            "lesson_id",
            "seconds_studied",
            "video_seconds_watched",
            "completed_at",
        ],
        made.progress,
    )
    bulk_create_with_history(made.marks, AttendanceMark, batch_size=BATCH)

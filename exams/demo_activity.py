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
- A cadre who finished a course's lessons usually takes its 课后测验: up to the
  quiz's attempts, each with questions drawn by the quiz's rules (as
  attempt_start draws them), answers saved and graded as attempt_submit
  grades them; some pass, some fail.
- The offline classrooms (理论实践课堂, “领头雁”课堂) hold two or three closed
  sessions per required course of the year; every enrolled cadre is marked
  present, late, excused or absent.
- Then courses.services.records_rebuild(fix=True) derives the completion
  records (completed parts, the hours ledger, completed enrolments), the
  summaries and the certificates from these events, as the live services
  would have written them.

Skipped when lesson progress or attempts exist already, so re-running
seed_demo adds nothing.
"""

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from courses.models import (
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
from courses.selectors import STUDY_TIME_ZONE
from courses.services import (
    course_audience_cadres,
    lesson_max_seconds,
    lesson_required_seconds,
    records_rebuild,
)
from lms.models import Cadre, User

from .models import (
    OPTION_LETTERS,
    Attempt,
    AttemptAnswer,
    Question,
    QuestionKind,
    QuizPage,
)
from .services import (
    CHOICE_KINDS,
    TRUE_FALSE_ANSWERS,
    _attempt_questions,
    response_is_correct,
)

ACTIVITY_SEED = "naiman-333-activity"
# (share of cadres, lowest and highest diligence): barely started, midway,
# finished most.
PACES = [(0.20, 0.0, 0.1), (0.55, 0.25, 0.7), (0.25, 0.9, 1.0)]
ELECTIVE_SHARE = 0.12
OFFLINE_TRACKS = (TrackKind.THEORY_PRACTICE, TrackKind.LEAD_GOOSE)
SESSION_PLACES = [
    "奈曼旗委党校报告厅",
    "旗党群服务中心培训室",
    "大沁他拉镇党群服务中心",
    "示范嘎查村现场教学点",
]
EXCUSE_NOTES = ["因病请假", "家中有事请假", "村里防汛值班", "外出办理村务"]
WRONG_BLANK = "不清楚"
DAY_STARTS, DAY_ENDS = 7 * 3600, 22 * 3600  # cadres study between 7:00 and 22:00
BATCH = 2000


@dataclass
class _Course:
    page: CoursePage
    lessons: list  # [(pk, required seconds, max seconds)], in course order
    quiz: QuizPage | None = None
    fixed: list = field(default_factory=list)  # [(Question, points)]
    rules: list = field(default_factory=list)  # [([Question], count, points)]
    sessions: list = field(default_factory=list)  # TrainingSessions


@dataclass
class _Made:
    progress: list = field(default_factory=list)
    attempts: list = field(default_factory=list)
    answers: list = field(default_factory=list)  # [(attempt, AttemptAnswer)]
    marks: list = field(default_factory=list)
    users: dict = field(default_factory=dict)  # {pk: User} for history rows

    def user(self, user_id):
        """A User standing for user_id (history rows take an instance)."""
        if user_id is not None and user_id not in self.users:
            self.users[user_id] = User(pk=user_id)
        return self.users.get(user_id)


class _Calendar:
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
    if LessonProgress.objects.exists() or Attempt.objects.exists():
        stdout.write(_("学习活动：已有学习记录，跳过生成。"))
        return
    now = now or timezone.now()
    calendar = _Calendar(now)
    _enrol(calendar)
    courses = _courses()
    _sessions_create(courses, calendar)
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
                _sit_quiz(
                    rng, diligence, cadre_id, user_id, course, finished, calendar, made
                )
            _attend(rng, diligence, cadre_id, user_id, course, made)
    _write(made)
    rebuilt = records_rebuild(fix=True)
    stdout.write(
        _(
            "学习活动：%(cadres)d 名学员本年度的课时进度 %(progress)d 条，"
            "答题 %(attempts)d 次（作答 %(answers)d 条），"
            "线下培训 %(sessions)d 场（考勤 %(marks)d 条）；"
            "据此生成学习档案：结业 %(completed)d 门次，证书 %(certificates)d 张"
            "（写入 %(written)d 处）"
        )
        % {
            "cadres": len(cadres),
            "progress": len(made.progress),
            "attempts": len(made.attempts),
            "answers": len(made.answers),
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
    """{course pk: _Course} with live lessons in order, the quiz and its rules."""
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
    quizzes = QuizPage.objects.live().prefetch_related(
        "fixed_questions__question", "random_rules"
    )
    pools = defaultdict(list)
    for question in Question.objects.order_by("pk"):
        pools[question.category_id].append(question)
    for quiz in quizzes.order_by("path"):
        course = by_path.get(quiz.path[: -quiz.steplen])
        if course is None or course.quiz is not None:
            continue
        course.quiz = quiz
        course.fixed = [
            (fixed.question, fixed.points)
            for fixed in sorted(quiz.fixed_questions.all(), key=lambda f: f.sort_order)
        ]
        course.rules = [
            (pools[rule.category_id], rule.count, rule.points)
            for rule in sorted(quiz.random_rules.all(), key=lambda r: r.sort_order)
        ]
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


def _draw(course, rng):
    """[(Question, points)] as exams.services._draw_questions draws them, from
    the question pools read once."""
    chosen = list(course.fixed)
    taken = {question.pk for question, _points in chosen}
    for pool, count, points in course.rules:
        pool = [q for q in pool if q.pk not in taken]
        for question in rng.sample(pool, min(count, len(pool))):
            chosen.append((question, points))
            taken.add(question.pk)
    if course.quiz.shuffle_questions:
        rng.shuffle(chosen)
    return chosen


def _response(question, right, rng):
    """What a cadre answers: the key when right, otherwise a wrong answer."""
    if question.kind in CHOICE_KINDS:
        key = sorted(OPTION_LETTERS.index(letter) for letter in question.answer)
        others = [i for i in range(len(question.options)) if i not in key]
        if right or not others:
            return key
        if question.kind == QuestionKind.SINGLE:
            return [rng.choice(others)]
        if len(key) > 1 and rng.random() < 0.6:
            key.remove(rng.choice(key))  # one right option left out
            return key
        return sorted([*key, rng.choice(others)])  # one wrong option ticked
    if question.kind == QuestionKind.TRUE_FALSE:
        if right:
            return list(question.answer)
        return [next(a for a in TRUE_FALSE_ANSWERS if a not in question.answer)]
    return [question.answer[0]] if right else [WRONG_BLANK]


def _sit_quiz(rng, diligence, cadre_id, user_id, course, after, calendar, made):
    """The cadre's attempts at the course's quiz, after the last lesson."""
    quiz = course.quiz
    if quiz is None or rng.random() > 0.6 + 0.4 * diligence:
        return
    moment = after
    for number in range(1, quiz.max_attempts + 1):
        started = moment + dt.timedelta(
            hours=rng.randint(1, 24 * 6 if number > 1 else 48)
        )
        if started.hour < 7 or started.hour >= 22:
            started += dt.timedelta(hours=9)
        deadline = started + dt.timedelta(minutes=quiz.time_limit_minutes)
        submitted = started + dt.timedelta(
            seconds=rng.randint(180, quiz.time_limit_minutes * 60 - 30)
        )
        if submitted >= calendar.end or (quiz.closes_at and started >= quiz.closes_at):
            return
        if quiz.opens_at and started < quiz.opens_at:
            return
        drawn = _draw(course, rng)
        attempt = Attempt(
            quiz_id=quiz.pk,
            cadre_id=cadre_id,
            number=number,
            questions=_attempt_questions(quiz, drawn, rng),
            started_at=started,
            deadline=min(deadline, quiz.closes_at) if quiz.closes_at else deadline,
            submitted_at=submitted,
        )
        skill = min(0.97, max(0.1, 0.45 + 0.5 * diligence + rng.gauss(0, 0.1)))
        total = earned = Decimal("0")
        saved = started
        step = (submitted - started) / (len(drawn) + 1)
        for question, points in drawn:
            total += points
            saved += step
            if rng.random() < 0.03:
                continue  # left unanswered
            response = _response(question, rng.random() < skill, rng)
            correct = response_is_correct(question, response)
            earned += points if correct else Decimal("0")
            made.answers.append(
                (
                    attempt,
                    question.pk,
                    response,
                    saved,
                    correct,
                    points if correct else Decimal("0"),
                )
            )
        attempt.score = (
            (earned * 100 / total).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            if total
            else Decimal("0")
        )
        attempt.passed = attempt.score >= quiz.pass_mark
        attempt._history_date = submitted
        attempt._history_user = made.user(user_id)
        made.attempts.append(attempt)
        if attempt.passed:
            return
        moment = submitted


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
        mark._history_user = made.user(mark.marked_by_id)
        made.marks.append(mark)


# --- Writing -------------------------------------------------------------------------


def _write(made):
    """Tracked rows through bulk_create_with_history; the two big untracked
    tables (lesson progress, answers) straight through executemany."""
    _insert(
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
    bulk_create_with_history(made.attempts, Attempt, batch_size=BATCH)
    _insert(
        AttemptAnswer,
        ["attempt_id", "question_id", "response", "saved_at", "correct", "points"],
        [(attempt.pk, *rest) for attempt, *rest in made.answers],
    )
    bulk_create_with_history(made.marks, AttendanceMark, batch_size=BATCH)


def _insert(model, names, rows):
    """INSERT rows (tuples of the named fields' Python values) in batches: what
    bulk_create does for these plain rows without its per-value preparation,
    about five times faster. Values are adapted by field type (datetimes,
    decimals, JSON) as Django adapts them for the database in use."""
    fields = [model._meta.get_field(name) for name in names]
    adapters = [_adapter(f) for f in fields]
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        connection.ops.quote_name(model._meta.db_table),
        ", ".join(connection.ops.quote_name(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(
                sql,
                [
                    tuple(
                        value if adapt is None or value is None else adapt(value)
                        for adapt, value in zip(adapters, row, strict=True)
                    )
                    for row in rows[start : start + BATCH]
                ],
            )


def _adapter(field):
    """How a field's values are adapted for the database (None: as they are).
    Decimals and JSON repeat (points, short answers): adapted once each."""
    if isinstance(field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value
    if isinstance(field, (models.DecimalField, models.JSONField)):
        adapted = {}

        def adapt(value):
            key = repr(value)
            if key not in adapted:
                adapted[key] = field.get_db_prep_save(value, connection)
            return adapted[key]

        return adapt
    return None

"""The demo cadres' attempts at the course quizzes (课后测验), as part of
courses' year of activity (courses/demo_activity.py): a cadre who finished a
course's lessons usually takes its quiz, up to the quiz's attempts, each with
questions drawn by the quiz's rules (as attempt_start draws them), answers
saved and graded as attempt_submit grades them; some pass, some fail.

courses asks for it as `activity_after_lessons` (exams/demo.py) and calls it
with the cadre's own random sequence, so the draws stay deterministic.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from lms.demo_bulk import BATCH, HistoryUsers, insert_rows

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

WRONG_BLANK = "不清楚"


@dataclass
class _Quiz:
    page: QuizPage
    fixed: list = field(default_factory=list)  # [(Question, points)]
    rules: list = field(default_factory=list)  # [([Question], count, points)]


class QuizAttempts:
    """The attempts drawn over the year, written at its end. courses' year
    makes one with its calendar, calls it for each course a cadre finished,
    then write(stdout) before the records are rebuilt."""

    def __init__(self, calendar):
        self.calendar = calendar
        self.quizzes = _quizzes()
        self.attempts = []
        self.answers = []  # [(attempt, question pk, response, saved, correct, points)]
        self.users = HistoryUsers()

    @staticmethod
    def exists():
        """Whether there are attempts already (the year is then not drawn)."""
        return Attempt.objects.exists()

    def __call__(self, rng, diligence, cadre_id, user_id, course, finished):
        """The cadre's attempts at course's quiz, after the last lesson
        (finished)."""
        quiz = self.quizzes.get(course.path)
        if quiz is not None:
            self._sit(rng, diligence, cadre_id, user_id, quiz, finished)

    def write(self, stdout):
        bulk_create_with_history(self.attempts, Attempt, batch_size=BATCH)
        insert_rows(
            AttemptAnswer,
            ["attempt_id", "question_id", "response", "saved_at", "correct", "points"],
            [(attempt.pk, *rest) for attempt, *rest in self.answers],
        )
        stdout.write(
            _("学习活动：答题 %(attempts)d 次（作答 %(answers)d 条）")
            % {"attempts": len(self.attempts), "answers": len(self.answers)}
        )

    def _sit(self, rng, diligence, cadre_id, user_id, plan, after):
        quiz = plan.page
        if rng.random() > 0.6 + 0.4 * diligence:
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
            if submitted >= self.calendar.end or (
                quiz.closes_at and started >= quiz.closes_at
            ):
                return
            if quiz.opens_at and started < quiz.opens_at:
                return
            drawn = _draw(plan, rng)
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
                self.answers.append(
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
            attempt._history_user = self.users(user_id)
            self.attempts.append(attempt)
            if attempt.passed:
                return
            moment = submitted


def _quizzes():
    """{course path: _Quiz}: each course's first live quiz with its rules,
    the question pools read once."""
    quizzes = {}
    pools = defaultdict(list)
    for question in Question.objects.order_by("pk"):
        pools[question.category_id].append(question)
    live = QuizPage.objects.live().prefetch_related(
        "fixed_questions__question", "random_rules"
    )
    for page in live.order_by("path"):
        course_path = page.path[: -page.steplen]
        if course_path in quizzes:
            continue
        quizzes[course_path] = _Quiz(
            page=page,
            fixed=[
                (fixed.question, fixed.points)
                for fixed in sorted(
                    page.fixed_questions.all(), key=lambda f: f.sort_order
                )
            ],
            rules=[
                (pools[rule.category_id], rule.count, rule.points)
                for rule in sorted(page.random_rules.all(), key=lambda r: r.sort_order)
            ],
        )
    return quizzes


def _draw(plan, rng):
    """[(Question, points)] as exams.services._draw_questions draws them, from
    the question pools read once."""
    chosen = list(plan.fixed)
    taken = {question.pk for question, _points in chosen}
    for pool, count, points in plan.rules:
        pool = [q for q in pool if q.pk not in taken]
        for question in rng.sample(pool, min(count, len(pool))):
            chosen.append((question, points))
            taken.add(question.pk)
    if plan.page.shuffle_questions:
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

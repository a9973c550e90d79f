"""Reads for quiz pages: a cadre's attempts, and what an attempt shows."""

import re
from collections import Counter
from typing import NamedTuple

from django.db.models import Count, Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from wagtail.models import Page

from lms.access import (
    course_paths_taught,
    is_active_user,
    is_administrator,
    is_supervisor,
    is_trainer,
)
from lms.selectors import cadres_visible_to

from .models import (
    OPTION_LETTERS,
    Attempt,
    AttemptAnswer,
    Question,
    QuestionKind,
    QuizPage,
    ShowAnswers,
)
from .services import no_attempts_left_message, quiz_closed_reason


class QuizState(NamedTuple):
    submitted: list  # the cadre's submitted attempts, newest first
    open_attempt: Attempt | None
    attempts_left: int
    refusal: str | None  # why a new attempt cannot start now, or None


def quiz_state(quiz, cadre, now):
    """What the quiz page shows a cadre: one query."""
    attempts = list(
        Attempt.objects.filter(quiz=quiz, cadre=cadre)
        .only(
            "pk", "number", "started_at", "deadline", "submitted_at", "score", "passed"
        )
        .order_by("-number")
    )
    submitted = [a for a in attempts if a.submitted_at]
    open_attempt = next((a for a in attempts if not a.submitted_at), None)
    attempts_left = max(quiz.max_attempts - len(attempts), 0)
    refusal = quiz_closed_reason(quiz, now)
    if refusal is None and attempts_left == 0 and open_attempt is None:
        refusal = no_attempts_left_message(quiz)
    return QuizState(submitted, open_attempt, attempts_left, refusal)


def quiz_grade(*, quiz, cadre):
    """The cadre's grade for the quiz under its grading rule (highest or
    last submitted attempt), or None before any submitted attempt."""
    grades = Attempt.objects.filter(cadre=cadre, quiz=quiz).grades()
    return grades.get((cadre.pk, quiz.pk))


class ShownOption(NamedTuple):
    value: int  # the option's index in the question (what the form sends)
    label: str  # the letter shown: A, B … in the order shown
    text: str
    picked: bool
    right: bool  # only filled in for the review


class ShownQuestion(NamedTuple):
    number: int
    question: Question
    points: str
    options: list
    response: list
    correct: bool | None  # only in the review
    key_text: str  # only in the review


def answers_visible(attempt, quiz, now):
    """Whether the review (keys, explanations, right and wrong) may be shown."""
    if attempt.submitted_at is None or quiz.show_answers == ShowAnswers.NEVER:
        return False
    closed = bool(quiz.closes_at and now >= quiz.closes_at)
    if quiz.show_answers == ShowAnswers.AFTER_CLOSE:
        return closed
    if quiz.show_answers == ShowAnswers.AFTER_LAST:
        return closed or _attempts_used_up(attempt, quiz)
    return True


def _attempts_used_up(attempt, quiz):
    """Whether the cadre used every attempt of quiz, all of them submitted."""
    counts = Attempt.objects.filter(
        quiz_id=quiz.pk, cadre_id=attempt.cadre_id
    ).aggregate(used=Count("pk"), open=Count("pk", filter=Q(submitted_at=None)))
    return counts["used"] >= quiz.max_attempts and not counts["open"]


def attempt_questions(attempt, *, review):
    """The attempt's questions in the order shown, with the saved answers.

    Without review, nothing about the key is filled in. Two queries.
    """
    questions = Question.objects.in_bulk([item["id"] for item in attempt.questions])
    answers = {a.question_id: a for a in attempt.answers.all()}
    shown = []
    for number, item in enumerate(attempt.questions, start=1):
        question = questions[item["id"]]
        answer = answers.get(question.pk)
        response = answer.response if answer else []
        key = (
            {OPTION_LETTERS.index(letter) for letter in question.answer}
            if review and question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
            else set()
        )
        options = [
            ShownOption(
                value=index,
                label=OPTION_LETTERS[position],
                text=question.options[index],
                picked=index in response,
                right=index in key,
            )
            for position, index in enumerate(item["options"])
        ]
        shown.append(
            ShownQuestion(
                number=number,
                question=question,
                points=item["points"],
                options=options,
                response=response,
                correct=(bool(answer and answer.correct) if review else None),
                key_text=_key_text(question, options) if review else "",
            )
        )
    return shown


def _key_text(question, options):
    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        return "、".join(option.label for option in options if option.right)
    return " / ".join(question.answer)


def seconds_left(attempt, now=None):
    now = now or timezone.now()
    return max(int((attempt.deadline - now).total_seconds()), 0)


# --- Results for trainers and supervisors (测验成绩) ----------------------------


def quizzes_visible_to(user):
    """Quizzes whose results user may see: a trainer those of the courses they
    teach; supervisors and administrators every quiz; cadres none."""
    if not is_active_user(user):
        return QuizPage.objects.none()
    if is_administrator(user) or is_supervisor(user):
        return QuizPage.objects.all()
    if is_trainer(user):
        paths = course_paths_taught(user)
        if not paths:
            return QuizPage.objects.none()
        under = Q()
        for path in paths:
            under |= Q(path__startswith=path, depth=len(path) // QuizPage.steplen + 1)
        return QuizPage.objects.filter(under)
    return QuizPage.objects.none()


def attempts_scope(user, prefix="attempts__"):
    """A filter on attempts (through prefix) to those user may see: all for
    administrators and trainers (of their quizzes), the cadres in scope for
    supervisors."""
    if is_administrator(user) or is_trainer(user):
        return Q()
    return Q(**{f"{prefix}cadre__in": cadres_visible_to(user)})


def quiz_attempts_visible_to(user, quiz):
    """The submitted attempts of quiz that user may see, with cadre and place:
    a township supervisor only their township's cadres."""
    attempts = Attempt.objects.filter(
        attempts_scope(user, prefix=""), quiz=quiz, submitted_at__isnull=False
    )
    return attempts.select_related("cadre__village__township").order_by(
        "cadre__village__township__name",
        "cadre__village__name",
        "cadre__name",
        "number",
    )


class QuestionStat(NamedTuple):
    question: Question
    asked: int  # submitted attempts that had the question
    correct: int

    @property
    def percent(self):
        return round(self.correct * 100 / self.asked) if self.asked else 0


def question_stats(attempts):
    """Per question of the attempts: how many had it and answered correctly.
    Three queries, whatever the number of attempts."""
    asked = Counter()
    for questions in attempts.values_list("questions", flat=True):
        asked.update(item["id"] for item in questions)
    correct = dict(
        AttemptAnswer.objects.filter(attempt__in=attempts.order_by(), correct=True)
        .values("question")
        .annotate(n=Count("pk"))
        .values_list("question", "n")
    )
    questions = Question.objects.select_related("category").in_bulk(list(asked))
    return [
        QuestionStat(questions[pk], count, correct.get(pk, 0))
        for pk, count in sorted(asked.items())
        if pk in questions
    ]


def minutes_taken(attempt):
    return round((attempt.submitted_at - attempt.started_at).total_seconds() / 60, 1)


# --- For courses: scores in a course's 学习进度, mistakes on a trainer's home ---


def quiz_grades_of_cadres(*, cadre_ids, quiz_ids):
    """{(cadre id, quiz id): grade} of the cadres' quizzes, each under its
    grading rule (AttemptQuerySet.grades): one query. Ids that are not
    quizzes, and quizzes without a submitted attempt, are left out."""
    return Attempt.objects.filter(cadre_id__in=cadre_ids, quiz_id__in=quiz_ids).grades()


class MissedQuestion(NamedTuple):
    question: Question
    quiz_id: int
    quiz_title: str
    asked: int  # submitted attempts that had the question
    correct: int

    @property
    def wrong(self):
        return self.asked - self.correct

    @property
    def percent_wrong(self):
        return round(self.wrong * 100 / self.asked) if self.asked else 0


class CourseMistakes(NamedTuple):
    course_id: int
    course_title: str
    questions: list  # MissedQuestion, the most missed first


MISSED_PER_COURSE = 3
# An item of Attempt.questions is {"id": 12, "options": [...], "points": "5"}.
_QUESTION_ID = re.compile(r'"id":\s*(\d+)')


def most_missed_questions(user, *, per_course=MISSED_PER_COURSE):
    """Per course whose quizzes user may see (a trainer: the courses they
    teach), the questions most often answered wrong (or left unanswered) in
    the submitted attempts user may see: the share wrong as 测验成绩 counts it
    (100 % less its 正确率), highest first, then the most attempts wrong.
    Courses with no wrong answer are left out.

    Queries: five (the quizzes, their courses, the attempts' questions, the
    correct answers, the questions shown), whatever the number of courses,
    quizzes and attempts."""
    quizzes = list(
        quizzes_visible_to(user).order_by("path").values_list("pk", "title", "path")
    )
    if not quizzes:
        return []
    steplen = QuizPage.steplen
    course_paths = {path[:-steplen] for _pk, _title, path in quizzes}
    courses = {
        path: (pk, title)
        for pk, title, path in Page.objects.filter(path__in=course_paths)
        .order_by("path")
        .values_list("pk", "title", "path")
    }
    attempts = Attempt.objects.filter(
        attempts_scope(user, prefix=""),
        quiz_id__in=[pk for pk, _title, _path in quizzes],
        submitted_at__isnull=False,
    )
    # The attempts' question lists as text, their ids picked out by a pattern:
    # decoding every list as JSON took ten times as long (0.8 s for 9,000
    # attempts), and a home page reads every attempt of the trainer's quizzes.
    asked = Counter()
    listed = attempts.annotate(text=Cast("questions", TextField()))
    for quiz_id, text in listed.values_list("quiz_id", "text"):
        asked.update((quiz_id, int(pk)) for pk in _QUESTION_ID.findall(text))
    correct = {
        (quiz_id, question_id): n
        for quiz_id, question_id, n in AttemptAnswer.objects.filter(
            attempt__in=attempts.order_by(), correct=True
        )
        .values("attempt__quiz_id", "question_id")
        .annotate(n=Count("pk"))
        .values_list("attempt__quiz_id", "question_id", "n")
    }

    quiz_titles = {pk: title for pk, title, _path in quizzes}
    quiz_courses = {pk: path[:-steplen] for pk, _title, path in quizzes}
    missed = {}  # course path: [(quiz id, question id, asked, correct)]
    for (quiz_id, question_id), n in asked.items():
        right = correct.get((quiz_id, question_id), 0)
        if n > right and quiz_courses[quiz_id] in courses:
            missed.setdefault(quiz_courses[quiz_id], []).append(
                (quiz_id, question_id, n, right)
            )
    for stats in missed.values():
        stats.sort(key=lambda s: (-(s[2] - s[3]) / s[2], -(s[2] - s[3]), s[0], s[1]))
        del stats[per_course:]
    questions = Question.objects.in_bulk(
        [question_id for stats in missed.values() for _q, question_id, *_n in stats]
    )
    result = []
    for course_path in sorted(missed):
        course_id, course_title = courses[course_path]
        shown = [
            MissedQuestion(questions[qid], quiz_id, quiz_titles[quiz_id], n, right)
            for quiz_id, qid, n, right in missed[course_path]
            if qid in questions
        ]
        result.append(CourseMistakes(course_id, course_title, shown))
    return result

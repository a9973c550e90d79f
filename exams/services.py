"""Taking quizzes: starting an attempt, saving answers, submitting and grading.

The server keeps the deadline. An attempt's questions (and their option
order) are fixed when it starts. Submitting is idempotent: the attempt row is
locked (select_for_update; SQLite's IMMEDIATE transactions serialise writers)
and submitted_at is set once, so a double click, two tabs or a retried request
give one graded attempt. An attempt past its deadline is graded with what was
saved, at its deadline, whenever it is next touched (attempt_close_if_overdue)
or by `manage.py close_overdue_attempts`. Regrading after a key changed:
exams.regrading.
"""

import datetime as dt
import random
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import CoursePage, Enrollment, HoursLedgerEntry
from courses.services import course_part_complete

from .models import (
    OPTION_LETTERS,
    Attempt,
    AttemptAnswer,
    Question,
    QuestionKind,
    QuizPage,
)

ANSWER_GRACE = dt.timedelta(seconds=15)  # network delay allowed after the deadline
TRUE_FALSE_ANSWERS = ("对", "错")
MAX_BLANK_LENGTH = 200

CHOICE_KINDS = {QuestionKind.SINGLE, QuestionKind.MULTIPLE}


def quiz_course(quiz):
    return CoursePage.objects.parent_of(quiz).get()


# --- Rules on when a quiz can be taken ---------------------------------------


def quiz_closed_reason(quiz, now):
    """Why the quiz cannot be started now (a message), or None."""
    if quiz.opens_at and now < quiz.opens_at:
        return _("测验尚未开放，开放时间：%(time)s。") % {"time": _local(quiz.opens_at)}
    if quiz.closes_at and now >= quiz.closes_at:
        return _("测验已于 %(time)s 截止。") % {"time": _local(quiz.closes_at)}
    return None


def no_attempts_left_message(quiz):
    return _("本测验最多作答 %(max)s 次，您已用完。") % {"max": quiz.max_attempts}


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


# --- Starting an attempt -----------------------------------------------------


def _draw_questions(quiz, rng):
    """The attempt's questions: fixed ones, then N random per category rule.

    Returns [(Question, points)]; raises ValidationError when the bank has
    too few questions for a rule.
    """
    chosen = [
        (fixed.question, fixed.points)
        for fixed in quiz.fixed_questions.select_related("question").order_by(
            "sort_order"
        )
    ]
    taken = {question.pk for question, _points in chosen}
    for rule in quiz.random_rules.select_related("category").order_by("sort_order"):
        pool = list(
            Question.objects.filter(category=rule.category).exclude(pk__in=taken)
        )
        if len(pool) < rule.count:
            raise ValidationError(
                _(
                    "题库中“%(category)s”分类只有 %(have)s 道可抽的题，"
                    "不够抽 %(need)s 道，请联系讲师。"
                ),
                code="bank_too_small",
                params={
                    "category": rule.category.name,
                    "have": len(pool),
                    "need": rule.count,
                },
            )
        for question in rng.sample(pool, rule.count):
            chosen.append((question, rule.points))
            taken.add(question.pk)
    if not chosen:
        raise ValidationError(_("本测验还没有题目，请联系讲师。"), code="no_questions")
    if quiz.shuffle_questions:
        rng.shuffle(chosen)
    return chosen


def _attempt_questions(quiz, drawn, rng):
    """The JSON kept on the attempt: id, points and the option order shown."""
    items = []
    for question, points in drawn:
        order = list(range(len(question.options)))
        if quiz.shuffle_options and question.kind in CHOICE_KINDS:
            rng.shuffle(order)
        items.append({"id": question.pk, "points": str(points), "options": order})
    return items


def attempt_start(*, cadre, quiz, now, rng=None):
    """The cadre's open attempt at quiz, or a new one.

    Refused (ValidationError with a Chinese message) when the cadre is not
    enrolled in the quiz's course, the quiz is not open, or every allowed
    attempt was used. An open attempt past its deadline is first graded.
    """
    if not quiz.live:
        raise ValidationError(_("测验尚未发布。"), code="not_live")
    course = quiz_course(quiz)
    if not (
        cadre.is_active
        and Enrollment.objects.filter(cadre=cadre, course=course).exists()
    ):
        raise ValidationError(
            _("您尚未报名课程“%(course)s”，不能参加本测验。"),
            code="not_enrolled",
            params={"course": course.title},
        )
    open_attempt = Attempt.objects.filter(
        quiz=quiz, cadre=cadre, submitted_at__isnull=True
    ).first()
    if open_attempt is not None:
        if attempt_close_if_overdue(attempt=open_attempt, now=now):
            open_attempt = None
        else:
            return open_attempt
    reason = quiz_closed_reason(quiz, now)
    if reason:
        raise ValidationError(reason, code="closed")
    used = Attempt.objects.filter(quiz=quiz, cadre=cadre).count()
    if used >= quiz.max_attempts:
        raise ValidationError(no_attempts_left_message(quiz), code="no_attempts_left")
    rng = rng or random.SystemRandom()
    questions = _attempt_questions(quiz, _draw_questions(quiz, rng), rng)
    deadline = now + dt.timedelta(minutes=quiz.time_limit_minutes)
    if quiz.closes_at:
        deadline = min(deadline, quiz.closes_at)
    try:
        with transaction.atomic():
            return Attempt.objects.create(
                quiz=quiz,
                cadre=cadre,
                number=used + 1,
                questions=questions,
                started_at=now,
                deadline=deadline,
            )
    except IntegrityError:
        # Another tab started one at the same moment: take that one.
        attempt = Attempt.objects.filter(
            quiz=quiz, cadre=cadre, submitted_at__isnull=True
        ).first()
        if attempt is None:
            raise
        return attempt


# --- Saving answers ----------------------------------------------------------


def clean_response(question, shown_options, raw):
    """The stored form of an answer from the page, or raise ValidationError.

    raw: a list of strings from the form. Choices arrive as the original
    option indexes (the page shows them shuffled); true/false as 对/错; a
    blank as its text.
    """
    values = [str(v).strip() for v in raw if str(v).strip()]
    if question.kind in CHOICE_KINDS:
        try:
            picked = sorted({int(v) for v in values})
        except ValueError:
            picked = None
        if picked is None or any(i not in shown_options for i in picked):
            raise ValidationError(_("选项不存在。"), code="bad_option")
        if question.kind == QuestionKind.SINGLE and len(picked) > 1:
            raise ValidationError(_("单选题只能选一个答案。"), code="bad_option")
        return picked
    if question.kind == QuestionKind.TRUE_FALSE:
        if len(values) > 1 or (values and values[0] not in TRUE_FALSE_ANSWERS):
            raise ValidationError(_("判断题只能答“对”或“错”。"), code="bad_option")
        return values
    text = values[0] if values else ""
    if len(text) > MAX_BLANK_LENGTH:
        raise ValidationError(
            _("答案太长，最多 %(max)s 个字。"),
            code="too_long",
            params={"max": MAX_BLANK_LENGTH},
        )
    return [text] if text else []


def _answer_write(attempt, question_id, raw, now):
    """Check and store one answer of attempt (its row already locked)."""
    item = next((q for q in attempt.questions if q["id"] == question_id), None)
    if item is None:
        raise ValidationError(_("本次答题没有这道题。"), code="not_in_attempt")
    question = Question.objects.get(pk=question_id)
    response = clean_response(question, item["options"], raw)
    answer, _created = AttemptAnswer.objects.update_or_create(
        attempt=attempt,
        question=question,
        defaults={"response": response, "saved_at": now},
    )
    return answer


def _locked(attempt):
    """The attempt re-read with its row locked until the transaction ends
    (SQLite's IMMEDIATE transactions lock the database as they begin)."""
    return Attempt.objects.select_for_update().get(pk=attempt.pk)


def answer_save(*, attempt, question_id, raw, now):
    """Save (or replace) one answer of an open attempt.

    Refused once submitted, and after the deadline plus ANSWER_GRACE (the
    attempt is then graded with what was saved). The check and the write
    happen with the attempt row locked, so no answer lands after grading.
    """
    with transaction.atomic():
        locked = _locked(attempt)
        if locked.submitted_at is not None:
            raise ValidationError(_("本次答题已交卷，不能再修改。"), code="submitted")
        if now <= locked.deadline + ANSWER_GRACE:
            return _answer_write(locked, question_id, raw, now)
    attempt_close_if_overdue(attempt=locked, now=now)
    raise ValidationError(
        _("答题时间已到，此答案未保存；已保存的答案已自动交卷。"), code="late"
    )


# --- Grading -----------------------------------------------------------------


def _normalise_blank(text):
    """Full-width to half-width, no spaces, lower case: 'ＡＢ 1' -> 'ab1'."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(text.split()).lower()


def response_is_correct(question, response):
    if question.kind in CHOICE_KINDS:
        key = {OPTION_LETTERS.index(letter) for letter in question.answer}
        return bool(response) and set(response) == key
    if question.kind == QuestionKind.TRUE_FALSE:
        return bool(response) and response == list(question.answer)
    accepted = {_normalise_blank(a) for a in question.answer}
    return bool(response) and _normalise_blank(response[0]) in accepted


def _grade(attempt):
    """Mark each saved answer and return the score out of 100 (one decimal).

    Queries: the questions and the answers (two), then one bulk update.
    """
    questions = Question.objects.in_bulk([q["id"] for q in attempt.questions])
    answers = {a.question_id: a for a in attempt.answers.all()}
    total = earned = Decimal("0")
    for item in attempt.questions:
        points = Decimal(item["points"])
        total += points
        answer = answers.get(item["id"])
        if answer is None:
            continue
        answer.correct = response_is_correct(questions[item["id"]], answer.response)
        answer.points = points if answer.correct else Decimal("0")
        earned += answer.points
    AttemptAnswer.objects.bulk_update(answers.values(), ["correct", "points"])
    if not total:
        return Decimal("0")
    return (earned * 100 / total).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def attempt_submit(*, attempt, now, answers=()):
    """Save the answers a submitting form carries, then submit and grade the
    attempt once; returns the graded attempt.

    answers: (question id, raw values) pairs; a bad value is left unanswered.
    All of it happens with the attempt row locked: a second call (double
    click, another tab, a retry) waits, then returns the same graded attempt
    without writing or grading again. Past the deadline plus ANSWER_GRACE the
    form's answers are not saved and the attempt is submitted at its deadline
    with what was saved in time.
    """
    with transaction.atomic():
        locked = _locked(attempt)
        if locked.submitted_at is not None:
            return locked
        if now <= locked.deadline + ANSWER_GRACE:
            for question_id, raw in answers:
                try:
                    with transaction.atomic():
                        _answer_write(locked, question_id, raw, now)
                except ValidationError:
                    continue
        locked.submitted_at = min(now, locked.deadline)
        locked.score = _grade(locked)
        quiz = QuizPage.objects.get(pk=locked.quiz_id)
        locked.passed = locked.score >= quiz.pass_mark
        locked.save(update_fields=["submitted_at", "score", "passed"])
        if locked.passed:
            _quiz_passed(cadre=locked.cadre, quiz=quiz, now=locked.submitted_at)
    return locked


def _quiz_passed(*, cadre, quiz, now):
    """A passed quiz counts toward its course (once: the ledger and the
    completed part are unique)."""
    course_part_complete(
        cadre=cadre,
        part=quiz,
        course=quiz_course(quiz),
        source=HoursLedgerEntry.Source.QUIZ,
        now=now,
    )


def attempt_close_if_overdue(*, attempt, now):
    """Grade an open attempt whose deadline plus grace has passed; returns
    whether it is (now) submitted."""
    if attempt.submitted_at is not None:
        return True
    if now <= attempt.deadline + ANSWER_GRACE:
        return False
    attempt_submit(attempt=attempt, now=now)
    return True


def attempts_close_overdue(*, now):
    """Grade every open attempt past its deadline (the command's work)."""
    overdue = Attempt.objects.filter(
        submitted_at__isnull=True, deadline__lt=now - ANSWER_GRACE
    ).order_by("pk")
    closed = 0
    for attempt in overdue.iterator():
        attempt_submit(attempt=attempt, now=now)
        closed += 1
    return closed

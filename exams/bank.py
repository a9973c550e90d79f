"""Whose questions: the share of the question bank (题库) each user sees.

Administrators see and edit the whole bank. A trainer sees and edits the
questions of the categories in their charge (QuestionCategory.trainers; a
category a trainer creates, or an import of theirs adds, is theirs) and those
that quizzes of the courses they teach use, fixed or drawn from a category.
Changing the key or the options of a question that a quiz of a course they
do not teach uses needs an administrator: it would change another trainer's
quiz and regrade its attempts.
"""

from django.db.models import Q
from django.utils.translation import gettext as _

from lms.access import (
    course_paths_taught,
    is_active_user,
    may_edit_whole_question_bank,
)

from .models import (
    Question,
    QuestionCategory,
    QuizFixedQuestion,
    QuizPage,
    QuizRandomRule,
)


def quizzes_taught(user):
    """The quizzes of the courses user is a trainer of."""
    paths = course_paths_taught(user)
    if not paths:
        return QuizPage.objects.none()
    under = Q()
    for path in paths:
        under |= Q(path__startswith=path)
    return QuizPage.objects.filter(under)


def _categories_in_charge(user):
    return QuestionCategory.objects.filter(trainers=user).values("pk")


def _categories_drawn(quizzes):
    return QuizRandomRule.objects.filter(quiz__in=quizzes).values("category")


def questions_for(user):
    """The questions user may see and edit (none for anyone without a role
    on the bank: the views require may_use_question_bank first)."""
    if may_edit_whole_question_bank(user):
        return Question.objects.all()
    if not is_active_user(user):
        return Question.objects.none()
    quizzes = quizzes_taught(user)
    return Question.objects.filter(
        Q(category__in=_categories_in_charge(user))
        | Q(category__in=_categories_drawn(quizzes))
        | Q(
            pk__in=QuizFixedQuestion.objects.filter(quiz__in=quizzes).values("question")
        )
    )


def categories_for(user):
    """The categories user may see, edit and put questions in."""
    if may_edit_whole_question_bank(user):
        return QuestionCategory.objects.all()
    if not is_active_user(user):
        return QuestionCategory.objects.none()
    return QuestionCategory.objects.filter(
        Q(pk__in=_categories_in_charge(user))
        | Q(pk__in=_categories_drawn(quizzes_taught(user)))
    )


def quizzes_using(question):
    """The quizzes that have question fixed or draw from its category."""
    return QuizPage.objects.filter(
        Q(pk__in=QuizFixedQuestion.objects.filter(question=question).values("quiz"))
        | Q(
            pk__in=QuizRandomRule.objects.filter(
                category_id=question.category_id
            ).values("quiz")
        )
    )


def key_change_refusal(user, question):
    """Why user may not change the key (or options) of question, or None: a
    quiz of a course user does not teach uses it, and user is no
    administrator. question: as stored (its category before the edit)."""
    if may_edit_whole_question_bank(user) or question.pk is None:
        return None
    others = list(
        quizzes_using(question)
        .exclude(pk__in=quizzes_taught(user).values("pk"))
        .order_by("title")
        .values_list("title", flat=True)[:3]
    )
    if not others:
        return None
    return _(
        "这道题被其他讲师课程的测验（%(quizzes)s）使用，更改答案或选项须由管理员操作。"
    ) % {"quizzes": "、".join(others)}


def categories_take_charge(*, names, user):
    """A trainer who creates a category (or whose import adds some) is in
    charge of it. names: the categories' names."""
    if not names or user is None or may_edit_whole_question_bank(user):
        return
    if is_active_user(user):
        categories = QuestionCategory.objects.filter(name__in=names)
        user.question_categories.add(*categories)

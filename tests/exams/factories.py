"""Builders for quizzes in tests: make_question(...), make_quiz(course, ...)."""

import itertools
from decimal import Decimal

from exams.models import (
    Question,
    QuestionCategory,
    QuestionKind,
    QuizFixedQuestion,
    QuizPage,
    QuizRandomRule,
)

_serial = itertools.count(1)


def category(name="党的建设"):
    return QuestionCategory.objects.get_or_create(name=name)[0]


def make_question(kind=QuestionKind.SINGLE, *, answer=None, options=None, **fields):
    n = next(_serial)
    defaults = {
        QuestionKind.SINGLE: (["甲", "乙", "丙", "丁"], ["B"]),
        QuestionKind.MULTIPLE: (["甲", "乙", "丙", "丁"], ["A", "C"]),
        QuestionKind.TRUE_FALSE: ([], ["对"]),
        QuestionKind.FILL_BLANK: ([], ["村民代表会议", "村民会议"]),
    }[kind]
    fields.setdefault("stem", f"第{n}题：村级重大事项实行什么决策制度？")
    fields.setdefault("category", category())
    return Question.objects.create(
        kind=kind,
        options=defaults[0] if options is None else options,
        answer=defaults[1] if answer is None else answer,
        **fields,
    )


def make_quiz(course, *, questions=(), rules=(), **fields):
    """A live quiz under course; questions: [(Question, points)] or Questions;
    rules: [(category, count, points)]."""
    n = next(_serial)
    fields.setdefault("title", f"测验{n}")
    fields.setdefault("slug", f"quiz-{n}")
    fields.setdefault("shuffle_questions", False)
    fields.setdefault("shuffle_options", False)
    quiz = QuizPage(**fields)
    for order, item in enumerate(questions):
        question, points = item if isinstance(item, tuple) else (item, Decimal("5"))
        quiz.fixed_questions.add(
            QuizFixedQuestion(question=question, points=points, sort_order=order)
        )
    for order, (cat, count, points) in enumerate(rules):
        quiz.random_rules.add(
            QuizRandomRule(category=cat, count=count, points=points, sort_order=order)
        )
    course.add_child(instance=quiz)
    return quiz

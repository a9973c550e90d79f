"""Question banks (题库), quizzes (测验), attempts (答题记录) and regrades."""

from .attempts import Attempt, AttemptAnswer, AttemptQuerySet
from .questions import (
    OPTION_LETTERS,
    Difficulty,
    Question,
    QuestionCategory,
    QuestionKind,
)
from .quizzes import Grading, QuizFixedQuestion, QuizPage, QuizRandomRule, ShowAnswers
from .regrades import Regrade

__all__ = [
    "OPTION_LETTERS",
    "Attempt",
    "AttemptAnswer",
    "AttemptQuerySet",
    "Difficulty",
    "Grading",
    "Question",
    "QuestionCategory",
    "QuestionKind",
    "QuizFixedQuestion",
    "QuizPage",
    "QuizRandomRule",
    "Regrade",
    "ShowAnswers",
]

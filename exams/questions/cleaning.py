"""Cleaning one row of a question file into the values of a Question, the way
trainers type them: 题型 by its usual names, 答案 as "B", "ACD", "A,C", 对/错/√/×
or several accepted blanks separated by "|" or "；", 难度 as 易/中/难 or 1/2/3.
The key is checked by the rules the admin form uses (exams.questions.rules)."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from lms.imports import RowError, cell_text, text_cell, typed_text

from ..models import Difficulty, QuestionKind
from .columns import (
    ANSWER,
    CATEGORY,
    DIFFICULTY,
    EXPLANATION,
    KIND,
    OPTION_COLUMNS,
    PROBLEM_COLUMNS,
    REQUIRED_COLUMNS,
    STEM,
)
from .display import options_text
from .rules import (
    CATEGORY_MAX_LENGTH,
    EXPLANATION_MAX_LENGTH,
    STEM_MAX_LENGTH,
    answer_text,
    clean_key,
    difficulty_from_text,
    kind_from_text,
)

# Middle dots people type in 五面红旗·党建示范: all one dot.
_DOTS = str.maketrans({"・": "·", "･": "·", "•": "·", "‧": "·", "∙": "·"})


@dataclass
class QuestionRow:
    """The cleaned values of one data row."""

    row: int
    kind: str = ""
    stem: str = ""
    options: list = field(default_factory=list)
    answer: list = field(default_factory=list)
    explanation: str = ""
    category: str = ""
    difficulty: int | None = None  # blank: 中 for a new question, else kept
    valid: bool = True

    @property
    def key(self):
        """What makes two questions the same one: kind and stem."""
        return (self.kind, self.stem)

    @property
    def kind_label(self):
        return str(QuestionKind(self.kind).label) if self.kind else ""

    @property
    def difficulty_label(self):
        return str(Difficulty(self.difficulty or Difficulty.MEDIUM).label)

    @property
    def answer_display(self):
        return answer_text(self.kind, self.answer)

    @property
    def options_display(self):
        return options_text(self.options)


def category_name(value):
    """A category as typed (full-width brackets stay as they are), spaces
    removed and its middle dot made one kind."""
    return cell_text(value).translate(_DOTS)


def clean_row(number, cells):
    """A QuestionRow from one row's {column: raw value}, and the row's errors."""
    row = QuestionRow(row=number)
    errors = []

    def error(column, message):
        errors.append(RowError(number, column, message))

    for column in REQUIRED_COLUMNS:
        if cell_text(cells.get(column)) == "":
            error(column, _("%(column)s未填写") % {"column": column})

    kind_typed = typed_text(cells.get(KIND))
    if kind_typed:
        row.kind = kind_from_text(kind_typed) or ""
        if not row.kind:
            error(
                KIND,
                _("无法识别的题型“%(value)s”，应为单选题、多选题、判断题或填空题")
                % {"value": kind_typed},
            )

    row.stem = text_cell(cells.get(STEM))
    if len(row.stem) > STEM_MAX_LENGTH:
        error(STEM, _("题干过长（最多 %(max)d 字）") % {"max": STEM_MAX_LENGTH})

    options = [text_cell(cells.get(column)) for column in OPTION_COLUMNS]
    typed_answer = text_cell(cells.get(ANSWER))
    if row.kind and typed_answer:
        row.options, row.answer, problems = clean_key(row.kind, options, typed_answer)
        for problem in problems:
            error(PROBLEM_COLUMNS[problem.field], problem.message)

    row.explanation = text_cell(cells.get(EXPLANATION))
    if len(row.explanation) > EXPLANATION_MAX_LENGTH:
        error(
            EXPLANATION,
            _("解析过长（最多 %(max)d 字）") % {"max": EXPLANATION_MAX_LENGTH},
        )

    row.category = category_name(cells.get(CATEGORY))
    if len(row.category) > CATEGORY_MAX_LENGTH:
        error(
            CATEGORY,
            _("分类名称过长（最多 %(max)d 字）") % {"max": CATEGORY_MAX_LENGTH},
        )

    typed_difficulty = typed_text(cells.get(DIFFICULTY))
    if typed_difficulty:
        difficulty = difficulty_from_text(typed_difficulty)
        if difficulty is None:
            error(
                DIFFICULTY,
                _("无法识别的难度“%(value)s”，应为易、中、难（或 1、2、3）")
                % {"value": typed_difficulty},
            )
        else:
            row.difficulty = difficulty

    row.valid = not errors
    return row, errors

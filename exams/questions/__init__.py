"""题库导入 and the rules of a well-formed question.

The flow is every file import's (lms.imports), whose reader it uses:
``plan_questions()`` → a ``QuestionPlan`` (errors by row and column, or the
questions to create and update and the categories to add) →
``question_import()``, which plans again inside one transaction and applies the
plan, all or nothing.

- ``rules``: kinds, keys and difficulties as people type them; ``clean_key()``,
  shared by the admin edit form, the import and the demo bank.
- ``columns``: the columns of a question file.
- ``cleaning``: one row's cells into a QuestionRow.
- ``plan``: QuestionPlan, its summary, QuestionsInvalid.
- ``planning``: ``plan_questions()``: rows against each other and the bank.
- ``display``: values as shown in previews and history.
- ``importing``: ``question_import()``, the writes.
- ``template``: the downloadable .xlsx template.
"""

from .cleaning import QuestionRow
from .importing import question_import
from .plan import QuestionPlan, QuestionsInvalid, QuestionUpdate, summary_lines
from .planning import plan_questions
from .rules import Problem, answer_text, clean_key
from .template import template_xlsx

__all__ = [
    "Problem",
    "QuestionPlan",
    "QuestionRow",
    "QuestionUpdate",
    "QuestionsInvalid",
    "answer_text",
    "clean_key",
    "plan_questions",
    "question_import",
    "summary_lines",
    "template_xlsx",
]

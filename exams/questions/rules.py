"""What makes a question well formed, as people type it: its kind, its options A–F
and its key. One set of rules for the admin edit form, the Excel import and the
demo bank, so that a question accepted by one is accepted by the others.

``clean_key(kind, options, answer)`` turns typed options and a typed answer into
what a Question stores (``options``: the texts in order; ``answer``: a list, see
exams.models.Question) and the problems found, each naming the field it is about:
"options", "option_A" … "option_F" or "answer".
"""

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ..models import OPTION_LETTERS, Difficulty, QuestionKind
from ..services import CHOICE_KINDS, MAX_BLANK_LENGTH, TRUE_FALSE_ANSWERS

TRUE, FALSE = TRUE_FALSE_ANSWERS
STEM_MAX_LENGTH = 1000
OPTION_MAX_LENGTH = 300
EXPLANATION_MAX_LENGTH = 2000
CATEGORY_MAX_LENGTH = 40

# What people write in a 题型 cell (the names first); stored values work too.
KIND_ALIASES = {
    QuestionKind.SINGLE: ("单选题", "单选", "单项选择题", "单项选择", "单选择题"),
    QuestionKind.MULTIPLE: ("多选题", "多选", "多项选择题", "多项选择", "多选择题"),
    QuestionKind.TRUE_FALSE: ("判断题", "判断", "是非题", "对错题"),
    QuestionKind.FILL_BLANK: ("填空题", "填空"),
}
# A true/false key: 对/错, 正确/错误, √/×, and the like (compared in upper case).
TRUE_WORDS = frozenset({TRUE, "正确", "√", "✓", "✔", "T", "TRUE", "Y", "YES", "是"})
FALSE_WORDS = frozenset(
    {FALSE, "错误", "×", "✗", "✘", "╳", "X", "F", "FALSE", "N", "NO", "否"}
)
DIFFICULTY_ALIASES = {
    Difficulty.EASY: ("易", "简单", "容易", "低", "1"),
    Difficulty.MEDIUM: ("中", "中等", "一般", "适中", "2"),
    Difficulty.HARD: ("难", "困难", "较难", "高", "3"),
}
# Between letters of a choice key ("A,C", "A、C", "A C") and between the accepted
# answers of a blank ("村民会议|村民代表会议", "三年；3年").
LETTER_SEPARATORS_RE = re.compile(r"[\s,，、;；/|.．]+")
BLANK_SEPARATORS_RE = re.compile(r"[|｜;；]")


@dataclass(frozen=True)
class Problem:
    field: str  # "options", "option_A" … "option_F" or "answer"
    message: str


def _folded(text):
    return unicodedata.normalize("NFKC", str(text)).strip().upper()


def _lookup(aliases):
    return {
        _folded(word): value
        for value, words in aliases.items()
        for word in (value.value, *words)
    }


KIND_LOOKUP = _lookup(KIND_ALIASES)
DIFFICULTY_LOOKUP = _lookup(DIFFICULTY_ALIASES)


def kind_from_text(text):
    """The QuestionKind a typed 题型 means, or None."""
    return KIND_LOOKUP.get(_folded(text))


def difficulty_from_text(text):
    """1, 2 or 3 from 易/中/难, 简单/中等/困难, 1/2/3 …; None if unknown."""
    return DIFFICULTY_LOOKUP.get(_folded(text))


def truth_from_text(text):
    """对 or 错 from what people write for true and false, or None."""
    word = _folded(text)
    if word in TRUE_WORDS:
        return TRUE
    if word in FALSE_WORDS:
        return FALSE
    return None


def answer_text(kind, answer):
    """A stored key as people type it: "B", "AC", "对", "村民会议|村民代表会议"."""
    if kind == QuestionKind.FILL_BLANK:
        return "|".join(answer)
    return "".join(answer)


# --- the key -------------------------------------------------------------------


def clean_key(kind, options, answer):
    """(options, answer, problems) for a question of kind.

    options: the typed texts of options A–F in order (blank ones as ""); answer:
    the typed key. Options are kept for choice questions only: a true/false
    question whose key is a letter takes 对 or 错 from that option's text (files
    written for other systems do that), and its options are then dropped.
    """
    options = [(text or "").strip() for text in options]
    answer = (answer or "").strip()
    problems = []
    if kind in CHOICE_KINDS:
        options = _choice_options(options, problems)
        key = _choice_key(kind, options, answer, problems)
        return options, key, problems
    if kind == QuestionKind.TRUE_FALSE:
        return [], _true_false_key(options, answer, problems), problems
    if kind == QuestionKind.FILL_BLANK:
        return [], _blank_key(answer, problems), problems
    return [], [], problems  # no kind: the kind field says why


def _choice_options(options, problems):
    """The filled options from A on; a gap, a repeat or too few is a problem."""
    while options and not options[-1]:
        options.pop()
    for index, text in enumerate(options):
        letter = OPTION_LETTERS[index]
        if not text:
            problems.append(
                Problem(
                    f"option_{letter}",
                    _("选项%(letter)s未填写：选项须从A起依次填写，中间不能空")
                    % {"letter": letter},
                )
            )
        elif len(text) > OPTION_MAX_LENGTH:
            problems.append(
                Problem(
                    f"option_{letter}",
                    _("选项过长（最多 %(max)d 字）") % {"max": OPTION_MAX_LENGTH},
                )
            )
        elif text in options[:index]:
            first = OPTION_LETTERS[options.index(text)]
            problems.append(
                Problem(
                    f"option_{letter}",
                    _("选项%(letter)s与选项%(first)s相同")
                    % {"letter": letter, "first": first},
                )
            )
    if len(options) < 2:
        problems.append(Problem("options", _("选择题至少需要两个选项（选项A和选项B）")))
    return options


def _letters(answer):
    """The option letters of a typed key in order, once each, or None if
    something in it is not a letter A–F."""
    text = LETTER_SEPARATORS_RE.sub("", _folded(answer))
    if not text or any(char not in OPTION_LETTERS for char in text):
        return None
    return sorted(set(text))


def _choice_key(kind, options, answer, problems):
    letters = _letters(answer)
    if kind == QuestionKind.SINGLE:
        wrong = letters is None or len(letters) != 1
        message = _("单选题的答案应为一个选项字母，如“B”")
    else:
        wrong = letters is None or len(letters) < 2
        message = _("多选题的答案应为两个或以上的选项字母，如“ACD”或“A,C”")
    if not answer:
        problems.append(Problem("answer", _("答案未填写")))
        return []
    if wrong:
        problems.append(
            Problem(
                "answer",
                _("%(message)s（填写的是“%(answer)s”）")
                % {
                    "message": message,
                    "answer": answer,
                },
            )
        )
        return []
    missing = [
        letter for letter in letters if OPTION_LETTERS.index(letter) >= len(options)
    ]
    if missing:
        problems.append(
            Problem(
                "answer",
                _("答案中的%(letters)s没有对应的选项，请填写选项或改正答案")
                % {"letters": "、".join(missing)},
            )
        )
        return []
    return letters


def _true_false_key(options, answer, problems):
    if not answer:
        problems.append(Problem("answer", _("答案未填写")))
        return []
    truth = truth_from_text(answer)
    letters = _letters(answer)
    if truth is None and letters and len(letters) == 1:
        index = OPTION_LETTERS.index(letters[0])
        if index < len(options) and options[index]:
            truth = truth_from_text(options[index])
    if truth is None:
        problems.append(
            Problem(
                "answer",
                _(
                    "判断题的答案应为“对”或“错”（也可写 正确/错误、√/×），"
                    "填写的是“%(answer)s”"
                )
                % {"answer": answer},
            )
        )
        return []
    return [truth]


def _blank_key(answer, problems):
    accepted = []
    for text in BLANK_SEPARATORS_RE.split(answer):
        text = text.strip()
        if text and text not in accepted:
            accepted.append(text)
    if not accepted:
        problems.append(
            Problem(
                "answer",
                _("填空题至少需要一个正确答案；几种都算对的写法用“|”或“；”隔开"),
            )
        )
    for text in accepted:
        if len(text) > MAX_BLANK_LENGTH:
            problems.append(
                Problem(
                    "answer",
                    _("答案“%(answer)s…”过长（最多 %(max)d 字）")
                    % {"answer": text[:10], "max": MAX_BLANK_LENGTH},
                )
            )
    return accepted

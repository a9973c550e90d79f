"""Demo question bank (题库, from demo_data.BANK) and a 课后测验 for every demo
course. Repeat-safe and deterministic: a question already there (same kind and
stem) is left alone; the rest are added in bulk, each checked by the rules the
admin form and the import use.
"""

from decimal import Decimal

from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from courses.models import CoursePage

from .demo_activity import QuizAttempts
from .demo_data import BANK, QUIZ_CATEGORY_BY_WORD
from .models import Question, QuestionCategory, QuizPage, QuizRandomRule
from .questions.rules import clean_key, difficulty_from_text, kind_from_text


def question_specs():
    """(category, Question fields) of every demo question, checked by the bank's
    rules; a wrong row in BANK fails loudly rather than entering the demo."""
    for category, rows in BANK.items():
        for kind_text, difficulty_text, stem, options, answer, explanation in rows:
            kind = kind_from_text(kind_text)
            typed = options.split("|") if options else []
            options_list, key, problems = clean_key(kind, typed, answer)
            if problems or kind is None:
                raise ValueError(f"demo question {stem!r}: {problems}")
            yield (
                category,
                {
                    "kind": kind,
                    "stem": stem,
                    "options": options_list,
                    "answer": key,
                    "explanation": explanation,
                    "difficulty": difficulty_from_text(difficulty_text),
                },
            )


def ensure_question_bank():
    """The demo categories and questions; adds only what is missing (in bulk).
    Returns how many questions were added."""
    specs = list(question_specs())
    names = list(BANK)
    have = set(
        QuestionCategory.objects.filter(name__in=names).values_list("name", flat=True)
    )
    QuestionCategory.objects.bulk_create(
        [QuestionCategory(name=name) for name in names if name not in have]
    )
    category_ids = dict(
        QuestionCategory.objects.filter(name__in=names).values_list("name", "id")
    )
    existing = set(
        Question.objects.filter(stem__in={f["stem"] for _c, f in specs}).values_list(
            "kind", "stem"
        )
    )
    new = [
        Question(category_id=category_ids[category], **fields)
        for category, fields in specs
        if (fields["kind"], fields["stem"]) not in existing
    ]
    bulk_create_with_history(
        new, Question, batch_size=500, default_change_reason=_("演示数据")
    )
    return len(new)


QUIZ_SLUG = "quiz"
QUIZ_QUESTIONS = 10


def quiz_category(course_title, category_ids):
    for word, category in QUIZ_CATEGORY_BY_WORD:
        if word in course_title:
            return category_ids[category]
    return category_ids["党的建设"]


def ensure_course_quizzes():
    """A 课后测验 in every demo course that has none: ten random questions of
    the course's category, 20 minutes, three attempts, 60 to pass. Returns
    how many were added."""
    category_ids = dict(QuestionCategory.objects.values_list("name", "id"))
    with_quiz = set(
        QuizPage.objects.filter(slug=QUIZ_SLUG).values_list("path", flat=True)
    )
    added = 0
    for course in CoursePage.objects.order_by("path"):
        if any(path.startswith(course.path) for path in with_quiz):
            continue
        quiz = QuizPage(
            title=_("课后测验：%(course)s") % {"course": course.title},
            slug=QUIZ_SLUG,
            intro=_(
                "<p>建议学完本课程的课时后再作答。60 分及格，可作答 3 次，取最高分。</p>"  # noqa: E501
            ),
            time_limit_minutes=20,
            max_attempts=3,
            pass_mark=60,
        )
        quiz.random_rules.add(
            QuizRandomRule(
                category_id=quiz_category(course.title, category_ids),
                count=QUIZ_QUESTIONS,
                points=Decimal("10"),
            )
        )
        course.add_child(instance=quiz)
        added += 1
    return added


def seed(*, size, stdout):
    added = ensure_question_bank()
    stdout.write(
        _("题库：%(categories)d 个分类，%(questions)d 道题（本次新增 %(added)d 道）")
        % {
            "categories": QuestionCategory.objects.count(),
            "questions": Question.objects.count(),
            "added": added,
        }
    )
    added_quizzes = ensure_course_quizzes()
    stdout.write(
        _("测验：%(quizzes)d 个（本次新增 %(added)d 个）")
        % {"quizzes": QuizPage.objects.count(), "added": added_quizzes}
    )


# courses' year of activity (lms.demo_hooks) calls it for each course whose
# lessons a cadre finished: the course quiz's attempts.
activity_after_lessons = QuizAttempts

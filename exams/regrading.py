"""Grading again after a question's key changed, each time recorded (Regrade:
who, when, why, the old and new key, how many attempts)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Attempt, Regrade
from .services import _grade, _quiz_passed


def question_regrade(*, question, reason, by=None, old_answer=None):
    """Regrade the submitted attempts that answered question (after its key
    was changed) and record it, with reason (required). Each changed score is
    saved with history (by whom, when, old and new score). A regrade that
    turns a fail into a pass completes the quiz; one that turns a pass into a
    fail leaves earlier completion alone (hours already earned are not taken
    back). Returns the attempts changed.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValueError("a regrade needs a reason")
    history_user = by if by is not None and by.is_authenticated else None
    changed = []
    attempts = (
        Attempt.objects.filter(answers__question=question, submitted_at__isnull=False)
        .select_related("quiz", "cadre")
        .distinct()
        .order_by("pk")
    )
    affected = 0
    for attempt in attempts:
        affected += 1
        with transaction.atomic():
            locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
            score = _grade(locked)
            if score == locked.score:
                continue
            quiz = attempt.quiz
            was_passed = locked.passed
            locked.score = score
            locked.passed = score >= quiz.pass_mark
            locked._history_user = history_user
            locked._change_reason = _(
                "题目“%(question)s”答案更正后重新评分：%(reason)s"
            ) % {"question": question, "reason": reason}
            locked.save(update_fields=["score", "passed"])
            if locked.passed and not was_passed:
                _quiz_passed(cadre=attempt.cadre, quiz=quiz, now=timezone.now())
        changed.append(locked)
    Regrade.objects.create(
        question=question,
        by=history_user,
        at=timezone.now(),
        reason=reason,
        old_answer=list(old_answer or []),
        new_answer=list(question.answer),
        attempts_affected=affected,
        scores_changed=len(changed),
    )
    return changed

"""Fixtures of the exams tests (the people fixtures are tests/conftest.py's)."""

import pytest
from django.db.models.signals import post_save

from exams.models import QuestionCategory


@pytest.fixture
def bank_trainer(trainer):
    """A trainer (the 讲师 group has the bank permissions, lms ROLE_GROUPS) in
    charge of every category, those the test makes later included, so the
    whole bank is theirs (exams.bank)."""

    def take_charge(sender, instance, created, **kwargs):
        if created:
            instance.trainers.add(trainer)

    trainer.question_categories.add(*QuestionCategory.objects.all())
    post_save.connect(take_charge, sender=QuestionCategory, weak=False)
    yield trainer
    post_save.disconnect(take_charge, sender=QuestionCategory)

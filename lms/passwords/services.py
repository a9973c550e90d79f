"""Writes of passwords: a user's own change, an account marked as set by
someone else, and the reset of an account to a one-time initial password."""

import logging
import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..models import PasswordReset, User

logger = logging.getLogger(__name__)

# No 0/o, 1/l/i: an initial password is read off a screen and typed on a phone.
INITIAL_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
INITIAL_LENGTH = 10


def password_change(*, user, new_password):
    """The user's own new password (already validated by the form): the flag
    that sent them to 账号安全 clears only here."""
    user.set_password(new_password)
    user.password_must_change = False
    user.save(update_fields=["password", "password_must_change"])
    logger.info("password changed by user %s", user.pk)
    return user


def password_set_by_other(user):
    """Mark an unsaved user whose password someone else sets (an administrator's
    user form): they choose their own at the next login."""
    user.password_must_change = True


def initial_password(user=None):
    """A random password of letters and digits that meets the site's rules."""
    while True:
        password = "".join(
            secrets.choice(INITIAL_ALPHABET) for _i in range(INITIAL_LENGTH)
        )
        if not (password.isalpha() or password.isdigit()):
            try:
                validate_password(password, user=user)
            except ValidationError:
                continue
            return password


@transaction.atomic
def password_reset(*, user, by, now=None):
    """Give user a new one-time initial password, to be changed at the next
    login, and record who reset it and when. Returns the password, which is
    stored only as its hash: the caller shows it once. The user's sessions end
    (their session hash no longer matches)."""
    password = initial_password(user)
    account = User.objects.select_for_update().get(pk=user.pk)
    account.set_password(password)
    account.password_must_change = True
    account.save(update_fields=["password", "password_must_change"])
    PasswordReset.objects.create(user=account, reset_by=by, at=now or timezone.now())
    logger.info("password of user %s reset by user %s", account.pk, by.pk)
    return password

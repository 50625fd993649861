"""Checking a one-time code with its attempts counted atomically in the database.

otp.py is pure and keeps the attempts left inside the challenge, which lives in the session.
A session is read at the start of a request and written at its end, so 25 guesses sent at
once all saw "5 left" and 11 were judged (security review D9). Here each guess first adds one
to its challenge's row with a single UPDATE, then is judged with the attempts that were left
before it: however the requests interleave, at most otp.ATTEMPTS guesses are ever compared.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from django.db import IntegrityError, transaction
from django.db.models import F

from . import otp
from .models import CodeAttempt

# Rows outlive their challenge a little, then go with the next challenge's first guess.
KEPT_AFTER_EXPIRY = dt.timedelta(days=1)


def _tries_so_far(challenge: otp.Challenge, now: dt.datetime) -> int:
    """Count one more try of `challenge`; how many were made, this one included."""
    rows = CodeAttempt.objects.filter(salt=challenge.salt)
    if not rows.update(tries=F("tries") + 1):
        CodeAttempt.objects.filter(expires_at__lt=now - KEPT_AFTER_EXPIRY).delete()
        try:
            with transaction.atomic():
                CodeAttempt.objects.create(
                    salt=challenge.salt, tries=1, expires_at=challenge.expires_at
                )
        except IntegrityError:  # a racing first guess created it
            rows.update(tries=F("tries") + 1)
    return int(rows.values_list("tries", flat=True).get())


def check(challenge: otp.Challenge, code: str, now: dt.datetime) -> tuple[bool, otp.Challenge, str]:
    """otp.verify() with the attempts counted in the database: (passed, challenge, reason)."""
    left = max(0, otp.ATTEMPTS - (_tries_so_far(challenge, now) - 1))
    return otp.verify(
        replace(challenge, attempts_left=min(left, challenge.attempts_left)), code, now
    )

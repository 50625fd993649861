"""When a failed outbox message may be tried again: pure arithmetic, no database.

Rule, in one sentence: after the n-th failed attempt (n ≥ 1) the message waits
``base × 2^(n-1)``, never more than ``cap``; with the defaults that is 30 s, 1 min, 2 min,
4 min, … and 1 h from the 8th attempt on.

The wait doubles so that a receiver that is down for an hour is not hammered by every
message, and it is capped so that a receiver that comes back is used again within the hour.
"""

from __future__ import annotations

from datetime import timedelta

BASE = timedelta(seconds=30)
CAP = timedelta(hours=1)

# 2^20 × 30 s is about a year: any larger exponent is capped anyway, and bounding it keeps
# a huge attempt count from building a huge integer.
_MAX_EXPONENT = 20


def backoff(attempts: int, *, base: timedelta = BASE, cap: timedelta = CAP) -> timedelta:
    """Return the wait after ``attempts`` failed attempts; zero when nothing has failed yet."""
    if attempts < 1:
        return timedelta(0)
    exponent = min(attempts - 1, _MAX_EXPONENT)
    return min(base * 2**exponent, cap)


def is_exhausted(attempts: int, max_attempts: int) -> bool:
    """Whether a message that has failed ``attempts`` times is given up (dead)."""
    return attempts >= max_attempts

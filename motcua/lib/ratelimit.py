"""Fixed-window rate limits in the shared cache (all workers count together)."""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache


def _key(scope: str, who: str, window: int) -> str:
    # Hashed: `who` may hold spaces or an email address, which some cache backends refuse.
    digest = hashlib.sha256(who.encode()).hexdigest()[:32]
    return f"rl:{scope}:{digest}:{int(time.time()) // window}"


def hit(scope: str, who: str, window: int) -> int:
    """Count one attempt of `who` at `scope` in the current window; the count so far.

    The database cache's incr is a read and a write, so two racing requests may both pass at
    the limit's edge: good enough to stop abuse, and it needs no extra service.
    """
    key = _key(scope, who, window)
    cache.add(key, 0, timeout=window + 1)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window + 1)
        return 1


def exceeded(scope: str, who: str, limit: int, window: int) -> bool:
    """Whether `who` already used up `limit` attempts at `scope` in this window (counts none:
    for limits on failures, which are counted with hit() once they happen)."""
    return int(cache.get(_key(scope, who, window)) or 0) >= limit


def allow(scope: str, who: str, limit: int, window: int) -> bool:
    """Count one attempt of `who` at `scope`; return False once `limit` per `window` s is passed."""
    return hit(scope, who, window) <= limit

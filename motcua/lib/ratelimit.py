"""Fixed-window rate limits in the shared cache (all workers count together)."""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache


def allow(scope: str, who: str, limit: int, window: int) -> bool:
    """Count one attempt of `who` at `scope`; return False once `limit` per `window` s is passed.

    The database cache's incr is a read and a write, so two racing requests may both pass at
    the limit's edge: good enough to stop abuse, and it needs no extra service.
    """
    # Hashed: `who` may hold spaces or an email address, which some cache backends refuse.
    digest = hashlib.sha256(who.encode()).hexdigest()[:32]
    key = f"rl:{scope}:{digest}:{int(time.time()) // window}"
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window + 1)
        count = 1
    return count <= limit

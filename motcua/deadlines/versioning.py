"""The calendar version: one token in the shared cache that changes whenever the decision table
changes, so that every process knows when its in-process calendar is stale (ADR 0004).

It is a random token rather than an incrementing counter: if the cache entry is evicted or the
cache flushed, a counter would start again at 1 and could match a calendar built from older
rows, while a fresh token never matches an earlier one.
"""

from __future__ import annotations

from uuid import uuid4

from django.core.cache import cache

CACHE_KEY = "motcua:deadlines:calendar-version"


def calendar_version() -> str:
    """Return the current version token, creating one if the cache has none."""
    version = cache.get(CACHE_KEY)
    if version is None:
        # add() keeps whichever token another process stored first, so all processes agree.
        cache.add(CACHE_KEY, uuid4().hex, timeout=None)
        version = cache.get(CACHE_KEY)
    # A cache that keeps nothing (DummyCache) must mean "always stale", never "never stale".
    return str(version) if version is not None else uuid4().hex


def bump_calendar_version() -> None:
    """Mark every process's calendar as stale. Call it after any change to CalendarEntry rows."""
    cache.set(CACHE_KEY, uuid4().hex, timeout=None)

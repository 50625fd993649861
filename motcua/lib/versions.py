"""Version tokens in the shared cache, so that every process knows when a data set it keeps in
memory (the working calendar, the catalog search index) is stale.

A token is random rather than an incrementing counter: if the cache entry is evicted or the
cache flushed, a counter would start again at 1 and could match data built from older rows,
while a fresh token never matches an earlier one.
"""

from __future__ import annotations

from uuid import uuid4

from django.core.cache import cache


def cache_key(name: str) -> str:
    return f"motcua:version:{name}"


def current(name: str) -> str:
    """Return the current token of `name`, creating one if the cache has none."""
    token = cache.get(cache_key(name))
    if token is None:
        # add() keeps whichever token another process stored first, so all processes agree.
        cache.add(cache_key(name), uuid4().hex, timeout=None)
        token = cache.get(cache_key(name))
    # A cache that keeps nothing (DummyCache) must mean "always stale", never "never stale".
    return str(token) if token is not None else uuid4().hex


def bump(name: str) -> None:
    """Mark every process's copy of `name` as stale."""
    cache.set(cache_key(name), uuid4().hex, timeout=None)

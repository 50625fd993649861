"""Version tokens in the shared cache, so that every process knows when a data set it keeps in
memory (the working calendar, the catalog search index) is stale.

A token is random rather than an incrementing counter: if the cache entry is evicted or the
cache flushed, a counter would start again at 1 and could match data built from older rows,
while a fresh token never matches an earlier one.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from typing import TypeVar
from uuid import uuid4

from django.conf import settings
from django.core.cache import cache

T = TypeVar("T")
# The tokens this process read lately, with when it read them: a busy process asks the shared
# cache at most once per VERSION_TOKEN_SECONDS for each name, instead of on every request.
_seen: dict[str, tuple[float, str]] = {}
_values: dict[tuple[Hashable, ...], tuple[tuple[str, ...], object]] = {}
MAX_VALUES = 4096


def cache_key(name: str) -> str:
    return f"motcua:version:{name}"


def current(name: str) -> str:
    """Return the current token of `name`, creating one if the cache has none.

    Another process's bump() is seen within settings.VERSION_TOKEN_SECONDS; this process's
    own at once.
    """
    fresh_for = settings.VERSION_TOKEN_SECONDS
    now = time.monotonic()
    seen = _seen.get(name)
    if fresh_for and seen and now - seen[0] < fresh_for:
        return seen[1]
    token = _read(name)
    _seen[name] = (now, token)
    return token


def _read(name: str) -> str:
    token = cache.get(cache_key(name))
    if token is None:
        # add() keeps whichever token another process stored first, so all processes agree.
        cache.add(cache_key(name), uuid4().hex, timeout=None)
        token = cache.get(cache_key(name))
    # A cache that keeps nothing (DummyCache) must mean "always stale", never "never stale".
    return str(token) if token is not None else uuid4().hex


def bump(name: str) -> None:
    """Mark every process's copy of `name` as stale."""
    token = uuid4().hex
    cache.set(cache_key(name), token, timeout=None)
    _seen[name] = (time.monotonic(), token)


def cached(names: tuple[str, ...], key: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
    """compute(), kept in this process until one of the data sets `names` changes.

    For small values read on every request (routing, the procedure version in force): the
    value must not be changed by its users, since every thread of the process shares it.
    """
    tokens = tuple(current(name) for name in names)
    full_key = (*names, *key)
    found = _values.get(full_key)
    if found is not None and found[0] == tokens:
        return found[1]  # type: ignore[return-value]
    value = compute()
    if len(_values) >= MAX_VALUES:
        _values.clear()
    _values[full_key] = (tokens, value)
    return value

"""The calendar version: a token in the shared cache that changes whenever the decision table
changes, so that every process knows when its in-process calendar is stale (ADR 0004)."""

from __future__ import annotations

from motcua.lib import versions

NAME = "calendar"


def calendar_version() -> str:
    """Return the current version token, creating one if the cache has none."""
    return versions.current(NAME)


def bump_calendar_version() -> None:
    """Mark every process's calendar as stale. Call it after any change to CalendarEntry rows."""
    versions.bump(NAME)

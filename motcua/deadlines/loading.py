"""Load the yearly calendar decisions (data/calendar-decisions.json) idempotently, by date."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from .models import CalendarEntry
from .versioning import bump_calendar_version

DECISIONS_FILE = Path(__file__).parent / "data" / "calendar-decisions.json"
_FIELDS = ("kind", "name", "source", "confirmed", "paired_with")


@dataclass(frozen=True)
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def read_entries(path: Path = DECISIONS_FILE) -> list[dict[str, Any]]:
    """Return the entries of a decisions file with their dates parsed."""
    rows: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["entries"]
    for row in rows:
        row["date"] = dt.date.fromisoformat(row["date"])
        if row.get("paired_with"):
            row["paired_with"] = dt.date.fromisoformat(row["paired_with"])
    return rows


@transaction.atomic
def load_calendar_entries(path: Path = DECISIONS_FILE) -> LoadResult:
    """Create or update one CalendarEntry per date of the file; rows not in it are kept."""
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for row in read_entries(path):
        counts[_save(row)] += 1
    # save() already bumps per row; this says so once more for the whole load, on commit.
    transaction.on_commit(bump_calendar_version)
    return LoadResult(**counts)


def _save(row: dict[str, Any]) -> str:
    values = {field: row.get(field) for field in _FIELDS}
    values["source"] = values["source"] or ""
    entry = CalendarEntry.objects.filter(date=row["date"]).first()
    if entry is None:
        entry = CalendarEntry(date=row["date"])
    elif all(getattr(entry, field) == value for field, value in values.items()):
        return "unchanged"
    outcome = "created" if entry.pk is None else "updated"
    for field, value in values.items():
        setattr(entry, field, value)
    # Validate before writing: a bad kind or an over-long name fails the whole load.
    entry.full_clean()
    entry.save()
    return outcome

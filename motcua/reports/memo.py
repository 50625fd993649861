"""A few seconds' memory of report reads, within one state of the aggregates (ADR 0017).

A dashboard reads the same figures several times in one request: the KPIs and the index of one
scope and period, and the dossiers open now for the index, the trend's current month and both
rankings. An entry is keyed by the watermark (the last fact folded, when, and the last month
with monthly aggregates), so a fold makes every entry unreachable at once, and it lives a few
seconds, so that figures judged "now" move on with the clock.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any, NamedTuple

from .models import FoldMark

SECONDS = 5.0
LIMIT = 64
_entries: dict[tuple[Any, ...], tuple[float, Any]] = {}


class Watermark(NamedTuple):
    last_fact_id: int
    folded_at: dt.datetime | None
    months_through: dt.date | None


def watermark() -> Watermark:
    found = (
        FoldMark.objects.filter(pk=1)
        .values_list("last_fact_id", "folded_at", "months_through")
        .first()
    )
    return Watermark(*found) if found else Watermark(0, None, None)


def recall(key: tuple[Any, ...]) -> Any | None:
    hit = _entries.get(key)
    if hit is None or time.monotonic() - hit[0] >= SECONDS:
        return None
    return hit[1]


def keep(key: tuple[Any, ...], value: Any) -> None:
    if len(_entries) >= LIMIT:
        _entries.clear()
    _entries[key] = (time.monotonic(), value)


def clear() -> None:
    _entries.clear()

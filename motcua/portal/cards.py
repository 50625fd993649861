"""Procedure cards of the home and search pages, prepared in Python.

Twenty cards rendered with `get_FOO_display` and filters cost several milliseconds per page
(each call rebuilds the lazy choice labels); labels are translated once per page here instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from motcua.catalog.choices import OnlineLevel, ProcedureLevel
from motcua.catalog.index import Entry
from motcua.catalog.models import ProcedureVersion

from .templatetags.portal import limit_in_words


@dataclass(frozen=True)
class Card:
    code: str
    name: str
    sector: str
    level: str
    online_level: str
    online_label: str
    limit: str


def procedure_cards(rows: Iterable[ProcedureVersion | Entry]) -> list[Card]:
    """Cards for versions (home page) or index entries (search results)."""
    levels = {value: str(label) for value, label in ProcedureLevel.choices}
    online = {value: str(label) for value, label in OnlineLevel.choices}
    cards = []
    for row in rows:
        if isinstance(row, ProcedureVersion):
            code, sector = row.procedure.code, row.sector.name
        else:
            code, sector = row.code, row.sector_name
        cards.append(
            Card(
                code,
                row.name,
                sector,
                levels.get(row.level, row.level),
                row.online_level,
                online.get(row.online_level, row.online_level),
                limit_in_words(row.time_limit, row.time_limit_unit),
            )
        )
    return cards

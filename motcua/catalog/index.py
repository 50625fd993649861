"""The catalog search index each process keeps in memory (ADR 0008).

A province publishes a few thousand procedures. Scanning them in memory takes about a
millisecond, less than a LIKE scan in the database, and behaves the same on SQLite and
PostgreSQL. The index is rebuilt when the shared "catalog" version token changes: every write
that changes what the index holds calls `models.catalog_changed()`.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass, replace

from motcua.agencies.models import Agency
from motcua.lib import versions
from motcua.lib.text import fold

from .models import CATALOG_VERSION, ProcedureVersion


@dataclass(frozen=True, slots=True)
class Entry:
    """What the search filters on, and what a result list shows, of one procedure version."""

    version_id: int
    code: str
    number: int
    name: str
    text: str
    sector: str
    sector_name: str
    level: str
    online_level: str
    full_online_possible: bool
    time_limit: int | None
    time_limit_unit: str
    unconfirmed: tuple[str, ...]
    agencies: frozenset[str]
    valid_from: dt.date
    valid_until: dt.date | None
    specificity: int = 0  # rank by (name length, code): shorter names are more specific
    folded_name: str = ""  # the name alone, folded: a phrase found there ranks first

    def in_force_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


class CatalogIndex:
    """The entries, plus all their texts in one string so that a term is found at C speed."""

    def __init__(self, entries: tuple[Entry, ...], agency_names: dict[str, str]) -> None:
        self.entries = entries
        # The search form's choices: every sector and implementing agency of some version.
        self.sectors = sorted({(e.sector, e.sector_name) for e in entries}, key=lambda s: s[1])
        self.agencies = sorted(agency_names.items(), key=lambda a: a[1])
        self._starts: list[int] = []
        offset = 0
        for entry in entries:
            self._starts.append(offset)
            offset += len(entry.text) + 1
        self._blob = "\n".join(entry.text for entry in entries)

    def count(self, term: str) -> int:
        """Return how often `term` occurs in all texts together (an upper bound of hits)."""
        return self._blob.count(term)

    def containing(self, term: str) -> list[Entry]:
        """Return the entries whose text contains `term`, in index order."""
        found: list[Entry] = []
        position = self._blob.find(term)
        while position != -1:
            i = bisect_right(self._starts, position) - 1
            found.append(self.entries[i])
            # Skip the rest of this entry: one hit per entry is enough.
            next_start = self._starts[i + 1] if i + 1 < len(self._starts) else len(self._blob)
            position = self._blob.find(term, next_start)
        return found


_built: tuple[str, CatalogIndex] | None = None


def get_index() -> CatalogIndex:
    """Return the index, rebuilt only when the catalog version has changed."""
    global _built
    # Read the token before the rows: a change in between is then seen on the next call.
    token = versions.current(CATALOG_VERSION)
    built = _built
    if built is None or built[0] != token:
        entries = _build()
        codes = {code for entry in entries for code in entry.agencies}
        names = dict(Agency.objects.filter(code__in=codes).values_list("code", "name"))
        built = (token, CatalogIndex(entries, names))
        _built = built  # rebuilding is idempotent, so racing threads need no lock
    return built[1]


def _build() -> tuple[Entry, ...]:
    agencies: dict[int, set[str]] = {}
    through = ProcedureVersion.implementing_agencies.through.objects.values_list(
        "procedureversion_id", "agency__code"
    )
    for version_id, code in through:
        agencies.setdefault(version_id, set()).add(code)
    rows = ProcedureVersion.objects.values(
        "id",
        "procedure__code",
        "number",
        "name",
        "search_text",
        "sector__code",
        "sector__name",
        "level",
        "online_level",
        "full_online_possible",
        "time_limit",
        "time_limit_unit",
        "unconfirmed",
        "valid_from",
        "valid_until",
    )
    entries = [
        Entry(
            version_id=r["id"],
            code=r["procedure__code"],
            number=r["number"],
            name=r["name"],
            text=r["search_text"],
            sector=r["sector__code"],
            sector_name=r["sector__name"],
            level=r["level"],
            online_level=r["online_level"],
            full_online_possible=r["full_online_possible"],
            time_limit=r["time_limit"],
            time_limit_unit=r["time_limit_unit"],
            unconfirmed=tuple(r["unconfirmed"]),
            agencies=frozenset(agencies.get(r["id"], ())),
            valid_from=r["valid_from"],
            valid_until=r["valid_until"],
        )
        for r in rows.order_by("procedure__code", "valid_from")
    ]
    ranked = sorted(entries, key=lambda e: (len(e.name), e.code))
    ranks = {id(e): i for i, e in enumerate(ranked)}
    return tuple(replace(e, specificity=ranks[id(e)], folded_name=fold(e.name)) for e in entries)

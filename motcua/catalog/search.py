"""The one catalog search used by the portal and the API, so that both answer the same."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from operator import attrgetter

from django.utils import timezone

from motcua.lib.text import fold, search_terms

from .index import Entry, get_index


@dataclass(frozen=True)
class CatalogQuery:
    """What a person asked for; empty strings mean "any"."""

    q: str = ""
    sector: str = ""
    agency: str = ""
    level: str = ""
    online_level: str = ""
    on: dt.date | None = None


@dataclass(frozen=True)
class SearchPage:
    """One page of results and the number of all results."""

    entries: list[Entry]
    count: int
    page: int
    page_size: int

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.count // self.page_size))


def _matches(query: CatalogQuery, day: dt.date, terms: list[str]) -> Iterable[Entry]:
    index = get_index()
    # The rarest term is searched in the whole index at once; the others only in its hits.
    terms = sorted(terms, key=index.count)
    candidates = index.containing(terms[0]) if terms else index.entries
    others = terms[1:]
    for e in candidates:
        if e.valid_from > day or (e.valid_until is not None and e.valid_until < day):
            continue
        if others and not all(term in e.text for term in others):
            continue
        if query.sector and e.sector != query.sector:
            continue
        if query.agency and query.agency not in e.agencies:
            continue
        if query.level and e.level != query.level:
            continue
        if query.online_level and e.online_level != query.online_level:
            continue
        yield e


def search_catalog(query: CatalogQuery, page: int = 1, page_size: int = 20) -> SearchPage:
    """Return one page of the versions in force on `query.on` (today) matching every criterion.

    Text matching is diacritic-insensitive: the query and each version's `search_text` are
    both folded ("dang ky khai sinh" finds "Đăng ký khai sinh"; đ and d match). Versions that
    have the whole phrase in their name come first, then those with it elsewhere (code,
    sector), then the rest; within each, shorter (more specific) names, then by code.
    The answer comes from the in-memory index alone, without a database query.
    """
    phrase = fold(query.q)
    found = list(_matches(query, query.on or timezone.localdate(), search_terms(query.q)))
    # The index is in code order; `specificity` ranks entries by name length, then code.
    if phrase:
        found.sort(key=attrgetter("specificity"))
        found.sort(key=lambda e: (phrase not in e.folded_name, phrase not in e.text))
    start = (page - 1) * page_size
    return SearchPage(found[start : start + page_size], len(found), page, page_size)

"""The one catalog search used by the portal and the API, so that both answer the same."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, QuerySet, When
from django.db.models.functions import Length
from django.utils import timezone

from motcua.lib.text import fold, search_terms

from .models import ProcedureVersion


@dataclass(frozen=True)
class CatalogQuery:
    """What a person asked for; empty strings mean "any"."""

    q: str = ""
    sector: str = ""
    agency: str = ""
    level: str = ""
    online_level: str = ""
    on: dt.date | None = None


def search_catalog(query: CatalogQuery) -> QuerySet[ProcedureVersion]:
    """Return the versions in force on `query.on` (today) matching every given criterion.

    Text matching is diacritic-insensitive: the query and the stored `search_text` are both
    folded ("dang ky khai sinh" finds "Đăng ký khai sinh"; đ and d match).
    """
    day = query.on or timezone.localdate()
    qs = ProcedureVersion.objects.in_force_on(day).search(search_terms(query.q))
    if query.sector:
        qs = qs.filter(sector__code=query.sector)
    if query.agency:
        qs = qs.filter(implementing_agencies__code=query.agency).distinct()
    if query.level:
        qs = qs.filter(level=query.level)
    if query.online_level:
        qs = qs.filter(online_level=query.online_level)
    qs = qs.select_related("procedure", "sector")
    phrase = fold(query.q)
    if not phrase:
        return qs.order_by("procedure__code")
    # Versions containing the whole phrase come first, shorter (more specific) names first.
    return qs.annotate(
        phrase_rank=Case(When(search_text__contains=phrase, then=0), default=1),
        name_length=Length("name"),
    ).order_by("phrase_rank", "name_length", "procedure__code")

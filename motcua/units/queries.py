"""Look-ups over administrative units across the 1/7/2025 reorganisation.

A code means nothing without its scheme (choices.Scheme), so every look-up by code takes a date
and reads the code in the scheme in force on that day.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from .choices import Level, Scheme
from .models import AdministrativeUnit
from .register import pad

# Resolution 202/2025/QH15 and Law 72/2025/QH15: two-level local government from this day.
REORGANISATION_DAY = dt.date(2025, 7, 1)

Linked = tuple[AdministrativeUnit, bool]  # (unit, partly)


def scheme_on(day: dt.date) -> Scheme:
    """Return the scheme in force on `day`: before-2025 until 30/6/2025, 2025 from 1/7/2025."""
    return Scheme.BEFORE_2025 if day < REORGANISATION_DAY else Scheme.FROM_2025


def is_abolished(level: str, day: dt.date) -> bool:
    """Return True when `level` no longer exists on `day` (districts from 1/7/2025)."""
    return level == Level.DISTRICT and scheme_on(day) == Scheme.FROM_2025


def find_unit(level: str, code: str | int, on: dt.date) -> AdministrativeUnit | None:
    """Return the unit of `level` with `code` in the scheme in force on `on`, or None.

    `code` may come with or without leading zeros ("6", "06", 6). None also when the code is not
    a number or `level` is not a level. The parent and grandparent come in the same query.
    """
    try:
        padded = pad(level, code)
    except ValueError:
        return None
    return (
        AdministrativeUnit.objects.select_related("parent__parent")
        .filter(scheme=scheme_on(on), level=level, code=padded)
        .first()
    )


def successors(unit: AdministrativeUnit) -> list[Linked]:
    """Return the units that took over `unit` on 1/7/2025, as (unit, partly), in register order.

    Answers "which unit(s) is this today". Empty for a unit of the 2025 scheme, for a district
    (the level was abolished, nothing succeeds it) and for the few old communes the register
    gives no successor.
    """
    links = unit.successions.select_related("successor").order_by("position", "successor__code")
    return [(link.successor, link.partly) for link in links]


def predecessors(unit: AdministrativeUnit) -> list[Linked]:
    """Return the old units that (wholly or partly) make up `unit`, as (unit, partly), by code.

    Empty for a unit of the before-2025 scheme and for a new unit with no predecessor (the
    special zones that were island districts without communes).
    """
    links = unit.predecessions.select_related("predecessor").order_by("predecessor__code")
    return [(link.predecessor, link.partly) for link in links]


def current_unit_for(unit: AdministrativeUnit) -> AdministrativeUnit | None:
    """Return the unit of the 2025 scheme that reports count `unit` in, or None if there is none.

    A unit of the 2025 scheme is its own current unit. An old unit counts in its first-listed
    successor, even when it was split among several (ADR 0005). None for a district and for an
    old commune without successor.
    """
    if unit.scheme == Scheme.FROM_2025:
        return unit
    first = unit.successions.select_related("successor").order_by("position").first()
    return first.successor if first else None


def parent_chain(unit: AdministrativeUnit) -> list[AdministrativeUnit]:
    """Return the units above `unit`, nearest first: [district, province] for an old commune,
    [province] for a new commune or a district, [] for a province."""
    chain = []
    parent = unit.parent
    while parent is not None:
        chain.append(parent)
        parent = parent.parent
    return chain


def communes_of(province: AdministrativeUnit) -> QuerySet[AdministrativeUnit]:
    """Return the communes of `province` in its own scheme, by code.

    Before 2025 a commune sits under a district, from 2025 directly under the province.
    """
    return AdministrativeUnit.objects.filter(
        Q(parent=province) | Q(parent__parent=province),
        scheme=province.scheme,
        level=Level.COMMUNE,
    ).order_by("code")

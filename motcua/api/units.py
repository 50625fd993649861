"""Administrative units, read by anyone: /api/v1/units.

A code is read in the scheme in force on the day `on` (today by default), so the same code can
answer an old unit before 1/7/2025 and a new one after (ADR 0005).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, P, PathEx, QueryEx, Router, Schema
from ninja.errors import HttpError

from motcua.units import queries
from motcua.units.choices import Level, Scheme
from motcua.units.models import AdministrativeUnit

from .schemas import PAGE_SIZE, ErrorOut, Page, PageParam, paginate

router = Router(tags=["units"])

CODE_PATTERN = r"^\d{1,5}$"
ON_HELP = "Day whose scheme the code is read in (YYYY-MM-DD); today when left out"


class UnitLevel(StrEnum):
    """The values of units.choices.Level, under a name that says whose level it is in the
    OpenAPI document (procedures and agencies have levels too)."""

    PROVINCE = Level.PROVINCE.value
    DISTRICT = Level.DISTRICT.value
    COMMUNE = Level.COMMUNE.value


class UnitRef(Schema):
    level: UnitLevel
    code: str = Field(description="Official statistical code, zero-padded")
    name: str
    division_type: str = Field(description="xã, phường, tỉnh, quận, … as in the register")
    scheme: Scheme
    valid_from: dt.date | None
    valid_until: dt.date | None


class LinkedUnitOut(UnitRef):
    partly: bool = Field(description="Only part of the old unit's territory went this way")


class UnitOut(UnitRef):
    parent: UnitRef | None
    successors: list[LinkedUnitOut] = Field(
        description="Units that took this one over, in register order; reports use the first"
    )
    predecessors: list[LinkedUnitOut] = Field(description="Old units that make up this one")


def _ref(unit: AdministrativeUnit) -> dict[str, object]:
    return {
        "level": unit.level,
        "code": unit.code,
        "name": unit.name,
        "division_type": unit.division_type,
        "scheme": unit.scheme,
        "valid_from": unit.valid_from,
        "valid_until": unit.valid_until,
    }


def _linked(links: list[queries.Linked]) -> list[dict[str, object]]:
    return [{**_ref(unit), "partly": partly} for unit, partly in links]


def _get_unit(level: str, code: str, on: dt.date) -> AdministrativeUnit:
    """Return the unit or raise the 404 that says why there is none."""
    if queries.is_abolished(level, on):
        raise HttpError(
            404,
            _(
                "Districts were abolished on 1/7/2025: from that day a commune "
                "belongs directly to its province. Ask with an earlier date."
            ),
        )
    unit = queries.find_unit(level, code, on)
    if unit is None:
        raise HttpError(
            404,
            _("Not found: no %(level)s has code %(code)s on %(on)s.")
            % {
                "level": str(Level(level).label).lower(),
                "code": code,
                "on": on.strftime("%d/%m/%Y"),
            },
        )
    return unit


@router.get(
    "/{level}/{code}",
    auth=None,
    response={200: UnitOut, 404: ErrorOut, 422: ErrorOut},
    summary="A unit by level and code, with its parent and its successions",
)
def unit_detail(
    request: HttpRequest,
    level: UnitLevel,
    code: PathEx[str, P(pattern=CODE_PATTERN, description="Code, with or without leading zeros")],
    on: QueryEx[dt.date | None, P(description=ON_HELP)] = None,
) -> dict[str, object]:
    unit = _get_unit(level.value, code, on or timezone.localdate())
    return {
        **_ref(unit),
        "parent": _ref(unit.parent) if unit.parent else None,
        "successors": _linked(queries.successors(unit)),
        "predecessors": _linked(queries.predecessors(unit)),
    }


@router.get(
    "/provinces/{code}/communes",
    auth=None,
    response={200: Page[UnitRef], 404: ErrorOut, 422: ErrorOut},
    summary="The communes of a province, by code (for address pickers)",
)
def province_communes(
    request: HttpRequest,
    code: PathEx[str, P(pattern=CODE_PATTERN, description="Province code")],
    on: QueryEx[dt.date | None, P(description=ON_HELP)] = None,
    page: PageParam = 1,
    page_size: QueryEx[int, P(ge=1, le=500)] = PAGE_SIZE,
) -> dict[str, object]:
    province = _get_unit(Level.PROVINCE, code, on or timezone.localdate())
    rows, count = paginate(queries.communes_of(province), page, page_size)
    return {
        "items": [_ref(unit) for unit in rows],
        "count": count,
        "page": page,
        "page_size": page_size,
    }

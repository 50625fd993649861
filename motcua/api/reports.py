"""Reports, /api/v1/reports: the provincial KPIs, the Decision 766 index and their drill-downs.

Figures come from motcua.reports.service, as on the leaders' dashboards. Each indicator is
{code, name, numerator, denominator, ratio, score, max_score, note}; the ratio is a percentage
with one decimal, as on the national portal, and null when not measured. A period or scope that
cannot be read answers 422; a scope the caller may not read, or that does not exist, 404; a
caller who is not staff, 403.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

from motcua.catalog.models import Procedure
from motcua.dossiers.models import Dossier
from motcua.reports import service
from motcua.reports.kpi_rows import Period
from motcua.reports.kpis import Group, Indicator
from motcua.reports.scopes import Scope, UnknownScope

from .auth import AUTH
from .backoffice import _staff
from .schemas import ErrorOut, LocalDateTime, Page, PageNumber, paginate

router = Router(tags=["reports"])
ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
ITEMS_PAGE_SIZE = 50


class Filters(Schema):
    period: str = Field("", description='"2026", "2026-Q1" or "2026-03"; default this year')
    start: dt.date | None = Field(None, alias="from", description="First day, with `to`")
    end: dt.date | None = Field(None, alias="to", description="Last day, with `from`")
    scope: str = Field(
        "",
        description="province:<code>, agency:<e-ID code>, commune:<code>, "
        "commune-before-2025:<code> or procedure:<code>; "
        "default the province",
    )


class ItemFilters(Filters):
    part: str = Field("numerator", pattern="^(numerator|denominator)$")
    page: PageNumber = 1


class IndicatorOut(Schema):
    code: str
    name: str
    numerator: int | None
    denominator: int | None
    ratio: float | None = Field(description="Percent, one decimal; null when not measured")
    score: float | None
    max_score: float | None
    note: str
    value: float | None = Field(None, description="Figure of a non-ratio indicator (days)")


class GroupOut(Schema):
    code: str
    name: str
    score: float | None
    max_score: float
    indicators: list[IndicatorOut]


class KpisOut(Schema):
    period: str
    start: dt.date = Field(alias="from")
    end: dt.date = Field(alias="to")
    scope: str
    scope_label: str
    indicators: list[IndicatorOut]


class IndexOut(KpisOut):
    total: float | None
    max_total: float
    groups: list[GroupOut]


class ItemOut(Schema):
    kind: str = Field(description='"dossier" or "procedure"')
    reference: str | None = Field(None, description="Submission reference of a dossier")
    code: str | None = Field(description="Dossier code, or procedure code")
    name: str = Field(description="Procedure name")
    status: int | None = None
    agency: str | None = None
    received_at: LocalDateTime | None = None
    due_at: LocalDateTime | None = None
    finished_at: LocalDateTime | None = None


@contextmanager
def _answers() -> Iterator[None]:
    """Turn the service's refusals into 403, 404 and 422 answers."""
    try:
        yield
    except UnknownScope as exc:
        raise HttpError(404, str(exc)) from None
    except PermissionDenied:
        raise HttpError(404, _("Not found, or you may not see it.")) from None
    except ValueError as exc:
        raise NinjaValidationError([{"loc": ["query"], "msg": str(exc)}]) from None


def _read(request: HttpRequest, filters: Filters) -> tuple[Period, Scope]:
    _staff(request)
    with _answers():
        try:
            period = service.parse_period(filters.period or None, filters.start, filters.end)
        except ValueError as exc:
            raise NinjaValidationError([{"loc": ["query", "period"], "msg": str(exc)}]) from None
        return period, service.parse_scope(filters.scope)


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def indicator_out(i: Indicator) -> dict[str, Any]:
    return {
        "code": i.code,
        "name": i.name,
        "numerator": i.numerator,
        "denominator": i.denominator,
        "ratio": _number(i.ratio),
        "score": _number(i.score),
        "max_score": _number(i.max_score),
        "note": i.note,
        "value": _number(i.value),
    }


def _group(g: Group) -> dict[str, Any]:
    return {
        "code": g.code,
        "name": g.name,
        "score": _number(g.score),
        "max_score": float(g.max_score),
        "indicators": [indicator_out(i) for i in g.indicators],
    }


def _head(period: Period, scope: Scope) -> dict[str, Any]:
    return {
        "period": period.label,
        "from": period.start.date(),
        "to": period.end.date(),
        "scope": str(scope),
        "scope_label": scope.label,
    }


@router.get(
    "/kpis",
    response={200: KpisOut, **ERRORS},
    auth=AUTH,
    by_alias=True,
    summary="The provincial KPIs of a period and scope",
)
def kpis(request: HttpRequest, filters: Query[Filters]) -> dict[str, Any]:
    """Online services that received online dossiers, dossiers handled online (without
    Decision 766's sync factor), and digitization of dossiers and results."""
    period, scope = _read(request, filters)
    with _answers():
        found = service.provincial_kpis(period, scope, request.user)
    return {**_head(period, scope), "indicators": [indicator_out(i) for i in found]}


@router.get(
    "/index766",
    response={200: IndexOut, **ERRORS},
    auth=AUTH,
    by_alias=True,
    summary="The Decision 766 index of a period and scope",
)
def index766(request: HttpRequest, filters: Query[Filters]) -> dict[str, Any]:
    """Groups 1, 2, 3a, 3b, 4 and 5, each with its indicators; `indicators` lists them all."""
    period, scope = _read(request, filters)
    with _answers():
        report = service.index_766(period, scope, request.user)
    return {
        **_head(period, scope),
        "total": _number(report.total),
        "max_total": float(report.max_total),
        "groups": [_group(g) for g in report.groups],
        "indicators": [indicator_out(i) for i in report.indicators()],
    }


@router.get(
    "/kpis/{code}/items",
    response={200: Page[ItemOut], **ERRORS},
    auth=AUTH,
    summary="The dossiers (or procedures) an indicator counts",
)
def kpi_items(request: HttpRequest, code: str, filters: Query[ItemFilters]) -> dict[str, Any]:
    """`part=numerator` lists what the numerator counts, `denominator` what the ratio is
    taken of; dossiers only where the caller may see them; 50 a page."""
    period, scope = _read(request, filters)
    with _answers():
        rows = service.items(code, filters.part, period, scope, request.user)
    found, count = paginate(rows, filters.page, ITEMS_PAGE_SIZE)
    return {
        "items": [_item(row) for row in found],
        "count": count,
        "page": filters.page,
        "page_size": ITEMS_PAGE_SIZE,
    }


def _item(row: Dossier | Procedure) -> dict[str, Any]:
    if isinstance(row, Procedure):
        latest = row.versions.order_by("-valid_from").first()
        return {"kind": "procedure", "code": row.code, "name": latest.name if latest else row.code}
    return {
        "kind": "dossier",
        "reference": row.reference,
        "code": row.code,
        "name": row.procedure_version.name,
        "status": row.status,
        "agency": row.competent_agency.name,
        "received_at": row.received_at,
        "due_at": row.due_at,
        "finished_at": row.finished_at,
    }

"""GET /api/v1/procedures and /api/v1/procedures/{code}: the catalog, read-only and public."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from motcua.agencies.models import Agency
from motcua.catalog.choices import OnlineLevel, ProcedureLevel
from motcua.catalog.index import Entry
from motcua.catalog.models import FeeRule, ProcedureVersion, RequiredDocument
from motcua.catalog.search import CatalogQuery, search_catalog

from .schemas import PAGE_SIZE, ErrorOut, Page, PageNumber

router = Router(tags=["catalog"])


class ProcedureFilters(Schema):
    q: str = Field("", max_length=200, description="Words of the name or code; accents optional")
    sector: str = Field("", max_length=60, description="Sector code")
    agency: str = Field("", max_length=20, description="Implementing agency's e-ID code")
    level: ProcedureLevel | None = None
    online_level: OnlineLevel | None = None
    page: PageNumber = 1


class ProcedureSummary(Schema):
    code: str
    name: str
    sector: str
    level: str
    online_level: str
    full_online_possible: bool
    time_limit: int | None
    time_limit_unit: str
    version: int
    valid_from: dt.date
    unconfirmed: list[str]


class DocumentOut(Schema):
    name: str
    form: str
    count: int
    mandatory: bool
    reusable: bool
    file_types: list[str]
    group: str
    note: str


class FeeOut(Schema):
    name: str
    kind: str
    basis: str
    channel: str
    amount: int | None
    tiers: list[dict[str, int]]
    cap_per_copy: int | None
    description: str
    exemptions: str
    confirmed: bool


class AgencyRef(Schema):
    code: str
    name: str


class ProcedureDetail(ProcedureSummary):
    valid_until: dt.date | None
    competent_authority: str
    implementing_agencies: list[AgencyRef]
    target_subjects: str
    time_limit_note: str
    result_type: str
    result_name: str
    legal_basis: list[str]
    published_decision_on: dt.date | None
    legal_basis_effective_on: dt.date | None
    published_national_on: dt.date | None
    documents: list[DocumentOut]
    fees: list[FeeOut]
    note: str
    sources: list[str]


def _summary(v: ProcedureVersion) -> dict[str, object]:
    return {
        "code": v.procedure.code,
        "name": v.name,
        "sector": v.sector.name,
        "level": v.level,
        "online_level": v.online_level,
        "full_online_possible": v.full_online_possible,
        "time_limit": v.time_limit,
        "time_limit_unit": v.time_limit_unit,
        "version": v.number,
        "valid_from": v.valid_from,
        "unconfirmed": v.unconfirmed,
    }


def _entry_summary(e: Entry) -> dict[str, object]:
    return {
        "code": e.code,
        "name": e.name,
        "sector": e.sector_name,
        "level": e.level,
        "online_level": e.online_level,
        "full_online_possible": e.full_online_possible,
        "time_limit": e.time_limit,
        "time_limit_unit": e.time_limit_unit,
        "version": e.number,
        "valid_from": e.valid_from,
        "unconfirmed": list(e.unconfirmed),
    }


@router.get(
    "",
    response={200: Page[ProcedureSummary], 422: ErrorOut},
    auth=None,
    summary="Search the procedure catalog",
)
def list_procedures(request: HttpRequest, filters: Query[ProcedureFilters]) -> dict[str, object]:
    query = CatalogQuery(
        q=filters.q,
        sector=filters.sector,
        agency=filters.agency,
        level=filters.level or "",
        online_level=filters.online_level or "",
    )
    result = search_catalog(query, page=filters.page, page_size=PAGE_SIZE)
    return {
        "items": [_entry_summary(e) for e in result.entries],
        "count": result.count,
        "page": filters.page,
        "page_size": PAGE_SIZE,
    }


@router.get(
    "/{code}",
    response={200: ProcedureDetail, 404: ErrorOut, 422: ErrorOut},
    auth=None,
    summary="One procedure, in the version in force on a date",
)
def get_procedure(request: HttpRequest, code: str, on: dt.date | None = None) -> dict[str, object]:
    day = on or timezone.localdate()
    version = (
        ProcedureVersion.objects.in_force_on(day)
        .filter(procedure__code=code)
        .select_related("procedure", "sector")
        .prefetch_related(
            Prefetch("documents", queryset=RequiredDocument.objects.order_by("position")),
            Prefetch("fees", queryset=FeeRule.objects.order_by("position")),
            Prefetch("implementing_agencies", queryset=Agency.objects.order_by("code")),
        )
        .first()
    )
    if version is None:
        raise HttpError(
            404,
            _("No procedure %(code)s is in force on %(day)s.")
            % {"code": code, "day": day.strftime("%d/%m/%Y")},
        )
    return {
        **_summary(version),
        "valid_until": version.valid_until,
        "competent_authority": version.competent_authority,
        "implementing_agencies": list(version.implementing_agencies.all()),
        "target_subjects": version.target_subjects,
        "time_limit_note": version.time_limit_note,
        "result_type": version.result_type,
        "result_name": version.result_name,
        "legal_basis": version.legal_basis,
        "published_decision_on": version.published_decision_on,
        "legal_basis_effective_on": version.legal_basis_effective_on,
        "published_national_on": version.published_national_on,
        "documents": list(version.documents.all()),
        "fees": list(version.fees.all()),
        "note": version.note,
        "sources": version.sources,
    }

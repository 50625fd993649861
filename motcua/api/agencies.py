"""GET /api/v1/agencies and /api/v1/agencies/{code}: the agency tree, read-only and public."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from motcua.agencies.choices import AgencyKind, AgencyLevel
from motcua.agencies.models import Agency

from .schemas import PAGE_SIZE, ErrorOut, Page, PageNumber, paginate

router = Router(tags=["agencies"])


class AgencyFilters(Schema):
    level: AgencyLevel | None = None
    kind: AgencyKind | None = None
    parent: str = Field("", max_length=20, description="Parent agency's e-ID code")
    page: PageNumber = 1


class UnitRef(Schema):
    level: str
    code: str
    name: str


class AgencyOut(Schema):
    code: str
    code_is_demo: bool
    name: str
    short_name: str
    kind: str
    level: str
    parent: str | None
    receives_province_wide: bool


class AgencyDetail(AgencyOut):
    address: str
    phone: str
    opening_hours: str
    units_served: list[UnitRef]
    children: list[AgencyOut]
    valid_from: dt.date | None
    valid_until: dt.date | None


def _out(a: Agency) -> dict[str, object]:
    return {
        "code": a.code,
        "code_is_demo": a.code_is_demo,
        "name": a.name,
        "short_name": a.short_name,
        "kind": a.kind,
        "level": a.level,
        "parent": a.parent.code if a.parent else None,
        "receives_province_wide": a.receives_province_wide,
    }


@router.get(
    "", response={200: Page[AgencyOut], 422: ErrorOut}, auth=None, summary="Agencies in force today"
)
def list_agencies(request: HttpRequest, filters: Query[AgencyFilters]) -> dict[str, object]:
    qs = Agency.objects.in_force_on(timezone.localdate()).select_related("parent")
    if filters.level:
        qs = qs.filter(level=filters.level)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.parent:
        qs = qs.filter(parent__code=filters.parent)
    rows, count = paginate(qs.order_by("code"), filters.page)
    return {
        "items": [_out(a) for a in rows],
        "count": count,
        "page": filters.page,
        "page_size": PAGE_SIZE,
    }


@router.get(
    "/{code}",
    response={200: AgencyDetail, 404: ErrorOut},
    auth=None,
    summary="One agency with its departments and the units it serves",
)
def get_agency(request: HttpRequest, code: str) -> dict[str, object]:
    agency = Agency.objects.select_related("parent").filter(code=code).first()
    if agency is None:
        raise HttpError(404, _("No agency has the code %(code)s.") % {"code": code})
    return {
        **_out(agency),
        "address": agency.address,
        "phone": agency.phone,
        "opening_hours": agency.opening_hours,
        "units_served": list(agency.units_served.order_by("code")),
        "children": [_out(c) for c in agency.children.select_related("parent").order_by("code")],
        "valid_from": agency.valid_from,
        "valid_until": agency.valid_until,
    }

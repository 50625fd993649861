"""The official forms as files: GET /api/v1/dossiers/{ref}/forms/{number}.pdf (forms 01–06)
and, on `ledger_router`, GET /api/v1/ledger.pdf|.xlsx (form 07, staff only)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from motcua.accounts.choices import Role, UserKind
from motcua.accounts.models import User
from motcua.agencies.models import Agency
from motcua.conversations.services import site_url
from motcua.dossiers.models import Dossier
from motcua.dossiers.queries import descendants
from motcua.printouts.forms import render
from motcua.printouts.ledger import ledger, ledger_xlsx
from motcua.printouts.pdf import NotApplicable

from .auth import AUTH
from .dossiers import get_visible
from .schemas import ErrorOut

router = Router(tags=["printouts"])
ledger_router = Router(tags=["printouts"])

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WHOLE_PROVINCE = {Role.CENTRE_SUPERVISOR, Role.PROVINCE_LEADERSHIP, Role.ADMINISTRATOR}


def _file_response(content_type: str) -> dict[str, object]:
    return {
        "responses": {
            200: {
                "description": "The file",
                "content": {content_type: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    }


def _file(body: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@router.get(
    "/{ref}/forms/{number}.pdf",
    url_name="dossier_form_pdf",
    auth=AUTH,
    response={401: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    openapi_extra=_file_response(PDF),
    summary="An official form (01–06) of a dossier, as PDF",
)
def form_pdf(request: HttpRequest, ref: str, number: str) -> HttpResponse:
    """Forms 01–06 of Circular 03/2025/TT-VPCP; 409 when the dossier's history has not
    produced the form (for example 03 for a dossier that was never refused at intake)."""
    dossier = get_visible(request, ref)
    try:
        body = render(dossier, number, base_url=site_url(request))
    except NotApplicable as exc:
        raise HttpError(409, str(exc)) from exc
    return _file(body, PDF, f"mau-{number}-{dossier.code or dossier.reference}.pdf")


class LedgerQuery(Schema):
    unit: str = Field(description="The agency's e-ID code")
    start: dt.date | None = Field(
        None, alias="from", description="First day (default: the first of this month)"
    )
    end: dt.date | None = Field(None, alias="to", description="Last day (default: today)")


def _ledger_args(request: HttpRequest, query: LedgerQuery) -> tuple[Agency, dt.date, dt.date]:
    """The unit (an agency the caller holds a role in, or below it) and the period: the
    current month by default."""
    user, unit = request.user, query.unit
    if not isinstance(user, User) or user.kind != UserKind.STAFF:
        raise HttpError(404, _("No ledger of %(unit)s that you may see.") % {"unit": unit})
    memberships = user.memberships_today()
    agency = Agency.objects.filter(code=unit.strip()).first()
    allowed = descendants({m.agency_id for m in memberships})
    if agency is None or not (
        {m.role for m in memberships} & WHOLE_PROVINCE or agency.pk in allowed
    ):
        raise HttpError(404, _("No ledger of %(unit)s that you may see.") % {"unit": unit})
    today = timezone.localdate()
    start = query.start or today.replace(day=1)
    end = query.end or today
    if end < start:
        raise HttpError(400, _("The end of the period comes before its start."))
    return agency, start, end


@ledger_router.get(
    "/ledger.pdf",
    url_name="ledger_pdf",
    auth=AUTH,
    response={400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
    openapi_extra=_file_response(PDF),
    summary="The dossier ledger (form 07) of a unit for a period, as PDF",
)
def ledger_pdf(request: HttpRequest, query: Query[LedgerQuery]) -> HttpResponse:
    agency, start, end = _ledger_args(request, query)
    body = ledger(agency, start, end, among=Dossier.objects.visible_to(request.user))
    return _file(body, PDF, f"mau-07-{agency.code}-{start:%Y%m%d}-{end:%Y%m%d}.pdf")


@ledger_router.get(
    "/ledger.xlsx",
    url_name="ledger_xlsx",
    auth=AUTH,
    response={400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
    openapi_extra=_file_response(XLSX),
    summary="The dossier ledger (form 07) of a unit for a period, as xlsx",
)
def ledger_sheet(request: HttpRequest, query: Query[LedgerQuery]) -> HttpResponse:
    agency, start, end = _ledger_args(request, query)
    body = ledger_xlsx(agency, start, end, among=Dossier.objects.visible_to(request.user))
    return _file(body, XLSX, f"mau-07-{agency.code}-{start:%Y%m%d}-{end:%Y%m%d}.xlsx")

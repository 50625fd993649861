"""/api/v1/consents: the signed consent forms a counter officer checks (security review D5).

The same as the back-office page: the scans awaiting an officer under which dossiers were
submitted that the caller receives at the counter; confirm or refuse one. Any other consent
answers 404.
"""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from motcua.submissions import assistance
from motcua.submissions.models import Consent

from .auth import AUTH
from .me import _user, require_write
from .schemas import ErrorOut, LocalDateTime

router = Router(tags=["consents"])


class ConsentOut(Schema):
    id: int
    state: str = Field(description="pending, active, ended or refused")
    citizen: str = Field(description="The citizen's full name")
    volunteer: str = Field(description="The volunteer who recorded the signed form")
    granted_at: LocalDateTime
    checked_at: LocalDateTime | None
    dossiers: list[str] = Field(description="References of the dossiers submitted with it")


def _out(consent: Consent, request: HttpRequest) -> dict[str, Any]:
    return {
        "id": consent.pk,
        "state": consent.state,
        "citizen": consent.citizen.full_name,
        "volunteer": consent.volunteer.full_name,
        "granted_at": consent.granted_at,
        "checked_at": consent.checked_at,
        "dossiers": [d.reference for d in assistance.dossiers_under(consent, _user(request))],
    }


def _not_found(consent_id: int) -> HttpError:
    return HttpError(404, _("No signed consent form %(id)s for you to check.") % {"id": consent_id})


@router.get(
    "",
    response={200: list[ConsentOut], 401: ErrorOut},
    auth=AUTH,
    summary="Signed consent forms awaiting your check, oldest first",
)
def list_consents(request: HttpRequest) -> list[dict[str, Any]]:
    return [_out(c, request) for c in assistance.consents_to_check(_user(request))]


@router.get(
    "/{consent_id}/scan",
    response={200: bytes, 401: ErrorOut, 404: ErrorOut},
    auth=AUTH,
    summary="The scan of a signed consent form awaiting your check",
)
def consent_scan(request: HttpRequest, consent_id: int) -> FileResponse:
    consent = assistance.consents_to_check(_user(request)).filter(pk=consent_id).first()
    if consent is None or consent.scan is None:
        raise _not_found(consent_id)
    return FileResponse(
        consent.scan.open(), content_type=consent.scan.content_type, filename=consent.scan.filename
    )


def _decide(request: HttpRequest, consent_id: int, valid: bool) -> dict[str, Any]:
    require_write(request)
    consent = assistance.decide_scan(_user(request), consent_id, valid)
    if consent is None:
        raise _not_found(consent_id)
    return _out(consent, request)


@router.post(
    "/{consent_id}/confirm",
    response={200: ConsentOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=AUTH,
    summary="Confirm a signed consent form: its dossiers can be received",
)
def confirm_consent(request: HttpRequest, consent_id: int) -> dict[str, Any]:
    return _decide(request, consent_id, True)


@router.post(
    "/{consent_id}/refuse",
    response={200: ConsentOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=AUTH,
    summary="Refuse a signed consent form found invalid",
)
def refuse_consent(request: HttpRequest, consent_id: int) -> dict[str, Any]:
    return _decide(request, consent_id, False)

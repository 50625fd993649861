"""GET /api/v1/lookup/{ref}: the public view of a dossier, without signing in."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from motcua.dossiers.choices import STATUS_LABELS
from motcua.dossiers.public import find_public
from motcua.lib.net import client_address
from motcua.lib.ratelimit import allow

from .schemas import ErrorOut, LocalDateTime

router = Router(tags=["dossiers"])


class PublicStepOut(Schema):
    agency: str
    kind: str
    started_at: LocalDateTime
    ended_at: LocalDateTime | None


class PublicDossierOut(Schema):
    reference: str
    code: str | None
    procedure: str
    procedure_name: str
    status: int
    status_label: str
    outcome: str
    receiving_unit: str
    submitted_at: LocalDateTime | None
    received_at: LocalDateTime | None
    due_at: LocalDateTime | None
    finished_at: LocalDateTime | None
    returned_at: LocalDateTime | None
    steps: list[PublicStepOut]


@router.get(
    "/{ref}",
    response={200: PublicDossierOut, 404: ErrorOut, 429: ErrorOut},
    auth=None,
    summary="Public lookup by dossier code or submission reference",
)
def lookup(request: HttpRequest, ref: str) -> dict[str, object]:
    if not allow("lookup", client_address(request), *settings.LOOKUP_RATE):
        raise HttpError(
            429,
            _("Too many lookups from your connection. Please wait a few minutes and try again."),
        )
    found = find_public(ref)
    if found is None:
        raise HttpError(404, _("No dossier has the code or reference %(ref)s.") % {"ref": ref})
    return {
        **{
            f: getattr(found, f)
            for f in (
                "reference",
                "code",
                "procedure_name",
                "status",
                "outcome",
                "receiving_unit",
                "submitted_at",
                "received_at",
                "due_at",
                "finished_at",
                "returned_at",
            )
        },
        "procedure": found.procedure_code,
        "status_label": str(STATUS_LABELS.get(found.status, "")),
        "steps": [s.__dict__ for s in found.steps],
    }

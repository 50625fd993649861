"""POST /api/v1/dossiers/{ref}/actions/{event}: officers (and applicants) act on a dossier.

Every action goes through Dossier.apply(), which checks the transition table and the guards;
a refusal answers 409 with the guard's reason in Vietnamese. Scoped like the pages: a dossier
the caller may not act on answers 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from motcua.agencies.models import Agency
from motcua.dossiers.lifecycle import Refused
from motcua.dossiers.models import Dossier
from motcua.dossiers.queries import ACT
from motcua.dossiers.transitions import Event, InvalidTransition

from .auth import AUTH
from .dossiers import DossierOut, get_dossier
from .me import require_write
from .schemas import ErrorOut

router = Router(tags=["dossiers"])
CREATING = {Event.SUBMIT_ONLINE, Event.RECEIVE_AT_COUNTER}


class ActionIn(Schema):
    note: str = Field("", max_length=2000, description="Reason or remark, shown in the history")
    agency: str | None = Field(
        None, max_length=20, description="e-ID code of the team to forward to or consult"
    )
    assignee: int | None = Field(None, description="User id of the person who takes it")
    due_at: dt.datetime | None = Field(None, description="Deadline of a consultation")
    new_due_at: dt.datetime | None = Field(None, description="New due date of an extension")
    amount: int | None = Field(
        None, ge=1, le=10**12, description="request_obligation: the amount to pay, in đồng"
    )
    fee_name: str | None = Field(
        None, max_length=300, description="request_obligation: what is to be paid"
    )


def _data(payload: ActionIn) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if payload.agency:
        agency = Agency.objects.filter(code=payload.agency).first()
        if agency is None:
            raise HttpError(422, _("No agency has the code %(code)s.") % {"code": payload.agency})
        data["agency_id"] = agency.pk
    for key in ("assignee", "due_at", "new_due_at", "amount", "fee_name"):
        value = getattr(payload, key)
        if value is not None:
            data["assignee_id" if key == "assignee" else key] = value
    return data


@router.post(
    "/{ref}/actions/{event}",
    response={
        200: DossierOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ErrorOut,
    },
    auth=AUTH,
    summary="Apply a lifecycle event to a dossier",
)
def act(request: HttpRequest, ref: str, event: Event, payload: ActionIn) -> dict[str, object]:
    require_write(request)
    if event in CREATING:
        raise HttpError(
            409,
            _(
                "A dossier is created by submitting or receiving it, not by an "
                "action on an existing one."
            ),
        )
    key = ref.strip().upper()
    dossier = (
        Dossier.objects.visible_to(request.user, ACT).filter(Q(reference=key) | Q(code=key)).first()
    )
    if dossier is None:
        raise HttpError(404, _("No dossier %(ref)s that you may act on.") % {"ref": ref})
    try:
        dossier.apply(
            event,
            by=request.user,  # type: ignore[arg-type]
            note=payload.note,
            **_data(payload),
        )
    except (Refused, InvalidTransition) as exc:
        raise HttpError(409, str(exc)) from exc
    return get_dossier(request, dossier.reference)

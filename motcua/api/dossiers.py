"""GET /api/v1/dossiers/{ref} and its history, scoped by Dossier.objects.visible_to()."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from motcua.accounts.choices import UserKind
from motcua.conversations.access import officer_agency, officer_label
from motcua.dossiers.models import Dossier, Fee, Paper, Step

from .auth import AUTH
from .schemas import ErrorOut, LocalDateTime

router = Router(tags=["dossiers"])


class AgencyRef(Schema):
    code: str
    name: str


class StepOut(Schema):
    number: int
    kind: str
    agency: AgencyRef
    assignee: str | None
    started_at: LocalDateTime
    due_at: LocalDateTime | None
    ended_at: LocalDateTime | None
    result: str


class PaperOut(Schema):
    name: str
    digitized: bool
    reused: bool
    from_national_repository: bool


class FeeOut(Schema):
    name: str
    amount: int
    state: str
    payment_channel: int | None


class DossierOut(Schema):
    reference: str
    code: str | None
    status: int
    state: str
    outcome: str
    procedure: str
    procedure_name: str
    procedure_version: int
    channel: int
    applicant_name: str
    receiving_unit: AgencyRef
    competent_agency: AgencyRef
    submitted_at: LocalDateTime | None
    received_at: LocalDateTime | None
    clock_starts_at: LocalDateTime | None
    due_at: LocalDateTime | None
    finished_at: LocalDateTime | None
    returned_at: LocalDateTime | None
    supplement_count: int
    extension_count: int
    steps: list[StepOut]
    papers: list[PaperOut]
    fees: list[FeeOut]


class TransitionOut(Schema):
    event: str
    from_status: int | None
    to_status: int
    at: LocalDateTime
    by: str | None
    note: str


def get_visible(request: HttpRequest, ref: str) -> Dossier:
    """Return the dossier by submission reference or code, or 404 if the caller may not see it."""
    key = ref.strip().upper()
    dossier = (
        Dossier.objects.visible_to(request.user)
        .filter(Q(reference=key) | Q(code=key))
        .select_related("procedure_version__procedure", "receiving_unit", "competent_agency")
        .first()
    )
    if dossier is None:
        raise HttpError(404, _("No dossier %(ref)s that you may see.") % {"ref": ref})
    return dossier


@router.get(
    "/{ref}",
    response={200: DossierOut, 401: ErrorOut, 404: ErrorOut},
    auth=AUTH,
    summary="One dossier, by submission reference or dossier code",
)
def get_dossier(request: HttpRequest, ref: str) -> dict[str, object]:
    d = get_visible(request, ref)
    steps = list(d.steps.select_related("agency", "assignee").order_by("number"))
    return dossier_body(
        d,
        steps,
        list(d.papers.order_by("id")),
        list(d.fees.order_by("id")),
        names=is_staff(request.user),
    )


def is_staff(user: Any) -> bool:
    """Whether the caller may read officers' names; the applicant's side reads "Officer of
    <agency>" instead, as in the messages (security review D10)."""
    return getattr(user, "kind", "") == UserKind.STAFF


def _assignee(step: Step, names: bool) -> str | None:
    if step.assignee is None:
        return None
    return step.assignee.full_name if names else officer_label(step.agency)


def dossier_body(
    d: Dossier, steps: list[Step], papers: list[Paper], fees: list[Fee], *, names: bool = False
) -> dict[str, object]:
    """The DossierOut of a dossier whose steps, papers and fees the caller already holds;
    `names`: officers by name (for staff), else by agency."""
    version = d.procedure_version
    return {
        **{
            f: getattr(d, f)
            for f in (
                "reference",
                "code",
                "status",
                "state",
                "outcome",
                "channel",
                "applicant_name",
                "submitted_at",
                "received_at",
                "clock_starts_at",
                "due_at",
                "finished_at",
                "returned_at",
                "supplement_count",
                "extension_count",
            )
        },
        "procedure": version.procedure.code,
        "procedure_name": version.name,
        "procedure_version": version.number,
        "receiving_unit": d.receiving_unit,
        "competent_agency": d.competent_agency,
        "steps": [
            {
                "number": s.number,
                "kind": s.kind,
                "agency": s.agency,
                "assignee": _assignee(s, names),
                "started_at": s.started_at,
                "due_at": s.due_at,
                "ended_at": s.ended_at,
                "result": s.result,
            }
            for s in steps
        ],
        "papers": papers,
        "fees": fees,
    }


@router.get(
    "/{ref}/history",
    response={200: list[TransitionOut], 401: ErrorOut, 404: ErrorOut},
    auth=AUTH,
    summary="Every event of a dossier, oldest first",
)
def get_history(request: HttpRequest, ref: str) -> list[dict[str, object]]:
    dossier = get_visible(request, ref)
    names = is_staff(request.user)
    labels: dict[int, str] = {}

    def by(user: Any) -> str | None:
        if user is None:
            return None
        if names or user.kind != UserKind.STAFF:
            return str(user.full_name)  # staff read names; the applicant's side, their own
        if user.pk not in labels:
            labels[user.pk] = officer_label(officer_agency(user, dossier))
        return labels[user.pk]

    return [
        {
            "event": t.event,
            "from_status": t.from_status,
            "to_status": t.to_status,
            "at": t.at,
            "by": by(t.by),
            "note": t.note,
        }
        for t in dossier.transitions.select_related("by").order_by("id")
    ]

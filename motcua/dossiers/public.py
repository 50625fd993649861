"""What anyone may learn of a dossier from its code or reference, without signing in.

Circular 01/2018 Art. 16: public lookup by dossier code on the provincial portal. It shows the
procedure, the status, the steps with their teams and times, and the due date, and no
personal data: no applicant, no address, no papers, no names of officers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from .models import Dossier


@dataclass(frozen=True)
class PublicStep:
    agency: str
    started_at: dt.datetime
    ended_at: dt.datetime | None
    kind: str


@dataclass(frozen=True)
class PublicDossier:
    reference: str
    code: str | None
    procedure_code: str
    procedure_name: str
    status: int
    outcome: str
    receiving_unit: str
    submitted_at: dt.datetime | None
    received_at: dt.datetime | None
    due_at: dt.datetime | None
    finished_at: dt.datetime | None
    returned_at: dt.datetime | None
    steps: tuple[PublicStep, ...]


def find_public(ref: str) -> PublicDossier | None:
    """Return the public view of the dossier with this code or submission reference."""
    key = ref.strip().upper()
    if not key or len(key) > 40:
        return None
    d = (
        Dossier.objects.filter(Q(reference=key) | Q(code=key))
        .select_related("procedure_version__procedure", "receiving_unit")
        .first()
    )
    if d is None:
        return None
    steps = tuple(
        PublicStep(s.agency.name, s.started_at, s.ended_at, s.kind)
        for s in d.steps.select_related("agency").order_by("number")
    )
    return PublicDossier(
        d.reference,
        d.code,
        d.procedure_version.procedure.code,
        d.procedure_version.name,
        d.status,
        d.outcome,
        d.receiving_unit.name,
        d.submitted_at,
        d.received_at,
        d.due_at,
        d.finished_at,
        d.returned_at,
        steps,
    )

"""record_fact(): the one function that appends a fact row for reports (architecture.md,
"Reports"). Dossier.apply() calls it, and so does every write that changes a Decision 766 input
(a paper flag, a payment, the e-result link, the VNeID flag, a rating or a petition)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from .models import Dossier, Fact


def record_fact(dossier: Dossier, event: str, at: dt.datetime, flags: dict[str, Any]) -> Fact:
    """Append what a report needs to know of `dossier` after `event`; `flags` says what changed."""
    commune = dossier.applicant_commune
    return Fact.objects.create(
        dossier=dossier, event=event, at=at,
        receipt_day=timezone.localtime(dossier.received_at).date() if dossier.received_at
        else None,
        channel=dossier.channel, procedure_version_id=dossier.procedure_version_id,
        competent_agency_id=dossier.competent_agency_id,
        receiving_unit_id=dossier.receiving_unit_id,
        commune=commune, commune_scheme=commune.scheme if commune else "",
        status=dossier.status, due_at=dossier.due_at, finished_at=dossier.finished_at,
        flags=flags,
    )

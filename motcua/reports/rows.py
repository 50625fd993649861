"""Dossiers as plain rows for the pure formulas, read straight from the dossier tables.

This path does not touch the aggregates: `rebuild_reports --check` and the tests compare what
the formulas compute from these rows with what the aggregates say (ADR 0017).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, Max, Q, Sum

from motcua.dossiers.models import Dossier, Fee, Paper, Transition
from motcua.feedback.models import Petition

from .kpi_rows import Channel, DossierRow, Rating

STOPPED = 8  # national status "processing stopped" (after a withdrawal or a stop)


def source_rows(dossiers: Iterable[Dossier]) -> list[DossierRow]:
    """One row per received dossier of `dossiers` (select_related the procedure version)."""
    received = [d for d in dossiers if d.received_at is not None]
    ids = [d.pk for d in received]
    papers = {
        row["dossier_id"]: row
        for row in Paper.objects.filter(dossier_id__in=ids)
        .values("dossier_id")
        .annotate(
            n=Count("id"),
            digitized=Count("id", filter=Q(digitized=True)),
            reused=Count("id", filter=Q(reused=True)),
            national=Count("id", filter=Q(from_national_repository=True)),
        )
    }
    fees = {
        row["dossier_id"]: row
        for row in Fee.objects.filter(dossier_id__in=ids)
        .values("dossier_id")
        .annotate(amount=Sum("amount"), channel=Max("payment_channel", filter=Q(paid_online=True)))
    }
    petitioned = set(
        Petition.objects.filter(dossier_id__in=ids).values_list("dossier_id", flat=True)
    )
    waits = _supplement_waits(ids)
    return [
        _row(d, papers.get(d.pk, {}), fees.get(d.pk, {}), waits.get(d.pk, ()), d.pk in petitioned)
        for d in received
    ]


def _supplement_waits(ids: list[int]) -> dict[int, tuple[tuple, ...]]:
    """(requested, supplied) per appraisal supplement request, from the history."""
    found: dict[int, list[list]] = defaultdict(list)
    # Appraisal requests only: an intake request comes before receipt and is not counted.
    history = (
        Transition.objects.filter(dossier_id__in=ids)
        .filter(
            Q(event="request_supplement") | Q(event="provide_supplement", from_state="supplement")
        )
        .order_by("dossier_id", "id")
        .values_list("dossier_id", "event", "at")
    )
    for dossier_id, event, at in history:
        if event == "request_supplement":
            found[dossier_id].append([at, None])
        elif found[dossier_id]:
            found[dossier_id][-1][1] = at
    return {k: tuple((a, b) for a, b in v) for k, v in found.items()}


def _row(d: Dossier, papers: dict, fees: dict, waits: tuple, petition: bool) -> DossierRow:
    assert d.received_at is not None
    return DossierRow(
        procedure_code=d.procedure_version.procedure.code,
        channel=Channel(d.channel),
        received_at=d.received_at,
        due_at=d.due_at,
        finished_at=d.finished_at,
        withdrawn=d.status == STOPPED,
        supplement_requests=len(waits),
        supplement_waits=waits,
        result_is_document=d.result_is_document,
        has_e_result=bool(d.e_result_url),
        papers=papers.get("n", 0),
        digitized_papers=papers.get("digitized", 0),
        reused_papers=papers.get("reused", 0),
        national_repository_papers=papers.get("national", 0),
        fee_amount=fees.get("amount") or 0,
        payment_channel=fees.get("channel"),
        vneid_verified=d.vneid_verified,
        synced=None if d.sync_state is None else d.sync_state == "synced",
        rating=Rating(d.rating) if d.rating else None,
        has_petition=petition,
    )

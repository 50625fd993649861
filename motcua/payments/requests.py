"""Payment requests: the dossier's fee rows, and asking the applicant to pay them.

A request is raised (ADR 0013):
- at submission online, from the procedure version's fee rules for the online channel, and at
  receipt at a counter for the in-person channel (catalog.pricing.version_fees);
- at status 6, when the officer's `request_obligation` carries an amount, or when an officer
  enters one on the fee page;
- at the return of the result, for fee rows still due when the dossier is decided.
Where the rules give no amount (a local fee without a resolution: None), no request is raised
and the fee panel says the amount is not confirmed. A request with something to pay publishes
`payment.requested` {"dossier", "payment": null, "amount"} for the notifications.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from motcua.catalog.fees import IN_PERSON, ONLINE, FeeResult
from motcua.catalog.pricing import version_fees
from motcua.dossiers.choices import Channel, FeeState
from motcua.dossiers.facts import record_fact
from motcua.dossiers.models import Dossier, Fee
from motcua.events.publish import publish
from motcua.events.registry import Event

from .choices import Stage
from .models import PaymentRequest

if TYPE_CHECKING:
    from motcua.accounts.models import User

OBLIGATION_KIND = "nvtc"  # nghĩa vụ tài chính: tax or charge another authority assessed
OBLIGATION_NAME = "Nghĩa vụ tài chính"


@dataclass(frozen=True)
class Line:
    """One fee row to write: its name, kind (le-phi, phi, nvtc) and amount in đồng."""

    name: str
    kind: str
    amount: int


def raise_request(
    dossier: Dossier,
    stage: str,
    lines: Sequence[Line],
    *,
    source: str,
    by: User | None = None,
    at: dt.datetime | None = None,
    announce: bool = True,
) -> PaymentRequest:
    """Write the fee rows and the request, once per `source`; record the fee data for
    Decision 766 and, when there is something to pay and `announce`, publish the request."""
    found = PaymentRequest.objects.filter(source=source).first()
    if found is not None:
        return found
    moment = at or timezone.now()
    with transaction.atomic():
        fees = [
            Fee.objects.create(
                dossier=dossier,
                name=line.name[:300],
                kind=line.kind,
                amount=line.amount,
                state=FeeState.DUE if line.amount else FeeState.EXEMPT,
            )
            for line in lines
        ]
        total = sum(line.amount for line in lines)
        request = PaymentRequest.objects.create(
            dossier=dossier,
            stage=stage,
            amount=total,
            source=source,
            requested_by=by,
            requested_at=moment,
        )
        request.fees.set(fees)
        # DanhSachPhiLePhi is a Decision 766 input (group 3b: fee data synced).
        record_fact(
            dossier,
            "fees_set",
            moment,
            {"fees": [{"TenPhiLePhi": f.name, "Gia": f.amount} for f in fees], "fees_total": total},
        )
        if announce and total > 0:
            announce_request(dossier, total)
    return request


def announce_request(dossier: Dossier, amount: int, payment: int | None = None) -> None:
    publish(
        "payment.requested",
        f"dossier:{dossier.pk}",
        {"dossier": dossier.pk, "payment": payment, "amount": amount},
    )


def rules_result(dossier: Dossier) -> FeeResult:
    """What the version's fee rules charge for the dossier's channel, ordinary case."""
    channel = ONLINE if dossier.channel == Channel.ONLINE else IN_PERSON
    return version_fees(dossier.procedure_version, channel)


def request_version_fees(dossier: Dossier, at: dt.datetime | None = None) -> PaymentRequest | None:
    """Raise the request of the version's fee rules, unless they charge nothing or the
    amount is unknown (None)."""
    result = rules_result(dossier)
    if not result.lines or result.total is None:
        return None
    lines = [Line(item.line.name, item.line.kind, item.amount or 0) for item in result.lines]
    return raise_request(dossier, Stage.RECEIPT, lines, source=f"receipt:{dossier.pk}", at=at)


def request_at_return(dossier: Dossier, at: dt.datetime | None = None) -> PaymentRequest | None:
    """Ask again for the fee rows still due when the result is ready: they are paid at the
    return (HinhThucThu 4)."""
    due = list(Fee.objects.filter(dossier=dossier, state=FeeState.DUE, amount__gt=0))
    source = f"return:{dossier.pk}"
    if not due or PaymentRequest.objects.filter(source=source).exists():
        return None
    total = sum(f.amount for f in due)
    request = PaymentRequest.objects.create(
        dossier=dossier,
        stage=Stage.RETURN,
        amount=total,
        source=source,
        requested_at=at or timezone.now(),
    )
    request.fees.set(due)
    announce_request(dossier, total)
    return request


def request_obligation(dossier: Dossier) -> PaymentRequest | None:
    """The request of the dossier's last `request_obligation`, when it carries an amount."""
    row = dossier.transitions.filter(event="request_obligation").order_by("-id").first()
    if row is None:
        return None
    amount = row.data.get("amount")
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        return None
    name = str(row.data.get("fee_name") or OBLIGATION_NAME)
    return raise_request(
        dossier,
        Stage.OBLIGATION,
        [Line(name, OBLIGATION_KIND, amount)],
        source=f"obligation:{row.pk}",
        by=row.by,
        at=row.at,
    )


# --- Subscribers (apps.py subscribes them; each runs in its own transaction) ---------------


def _dossier(event: Event) -> Dossier | None:
    pk = event.payload.get("dossier")
    if not isinstance(pk, int):
        return None
    return Dossier.objects.filter(pk=pk).select_related("procedure_version").first()


def on_submitted_or_received(event: Event) -> None:
    """An online submission, or a receipt at the counter: the version's fees are due."""
    dossier = _dossier(event)
    if dossier is not None:
        request_version_fees(dossier, at=event.occurred_at)


def on_obligation(event: Event) -> None:
    dossier = _dossier(event)
    if dossier is not None:
        request_obligation(dossier)


def on_decided(event: Event) -> None:
    dossier = _dossier(event)
    if dossier is not None:
        request_at_return(dossier, at=event.occurred_at)

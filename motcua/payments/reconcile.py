"""The daily reconciliation: our online payments of a day against the gateway's list.

Three kinds of mismatch (choices.Mismatch): paid here but not at the gateway, paid at the
gateway but not here, and paid on both sides with different amounts. The comparison itself
is `compare()`, on plain values; `reconcile()` reads both sides and stores the report, one per
day and gateway (a second run replaces the first). Administrators read it in the admin.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

from .choices import Method, Mismatch, PaymentState
from .gateways import Gateway, GatewayTransaction, get_gateway
from .models import Payment, ReconciliationReport


def compare(
    ours: dict[str, tuple[int, bool]], theirs: Iterable[GatewayTransaction]
) -> list[dict[str, object]]:
    """Mismatches between our payments ({txn_ref: (amount, paid here)}) and the gateway's."""
    found: list[dict[str, object]] = []
    seen = set()
    for txn in theirs:
        seen.add(txn.txn_ref)
        amount, paid_here = ours.get(txn.txn_ref, (None, False))
        if txn.paid and not paid_here:
            found.append(_row(Mismatch.MISSING_HERE, txn.txn_ref, amount, txn.amount))
        elif paid_here and not txn.paid:
            found.append(_row(Mismatch.MISSING_THERE, txn.txn_ref, amount, None))
        elif paid_here and amount != txn.amount:
            found.append(_row(Mismatch.AMOUNT, txn.txn_ref, amount, txn.amount))
    for ref, (amount, paid_here) in sorted(ours.items()):
        if paid_here and ref not in seen:
            found.append(_row(Mismatch.MISSING_THERE, ref, amount, None))
    return found


def _row(kind: Mismatch, ref: str, ours: int | None, theirs: int | None) -> dict[str, object]:
    return {"kind": kind.value, "txn_ref": ref, "ours": ours, "theirs": theirs}


def payments_of(day: dt.date, gateway: Gateway) -> list[Payment]:
    """Our online payments through `gateway` started on `day` (Vietnam time)."""
    start = dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())
    return list(
        Payment.objects.filter(
            method=Method.ONLINE,
            gateway=gateway.name,
            created_at__gte=start,
            created_at__lt=start + dt.timedelta(days=1),
        )
    )


def reconcile(day: dt.date, gateway: Gateway | None = None) -> ReconciliationReport:
    """Compare `day` with the gateway and store the report."""
    gateway = gateway or get_gateway()
    payments = payments_of(day, gateway)
    ours = {
        p.txn_ref or "": (p.amount, p.state in (PaymentState.PAID, PaymentState.REFUNDED))
        for p in payments
    }
    mismatches = compare(ours, gateway.transactions(day, payments))
    report, _created = ReconciliationReport.objects.update_or_create(
        day=day,
        gateway=gateway.name,
        defaults={"checked": len(payments), "mismatches": mismatches, "created_at": timezone.now()},
    )
    return report


def reconcile_yesterday() -> ReconciliationReport:
    """The periodic job: yesterday is over, at the gateway too."""
    return reconcile(timezone.localdate() - dt.timedelta(days=1))

"""The one write path of payments: start online, confirm, fail, expire, record at the
counter, refund (ADR 0013).

Every change moves the payment through the state table (states.py) inside a transaction with
the payment row locked, and records a fact for Decision 766. Confirming marks the fee rows
paid, gives the receipt its number, and, when the dossier waits for its financial obligation
(status 6) and nothing is due any more, applies `pay_obligation` through Dossier.apply().
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from motcua.dossiers.choices import FeeState, PaymentChannel
from motcua.dossiers.facts import record_fact
from motcua.dossiers.models import Dossier, Fee
from motcua.dossiers.transitions import State as DossierState
from motcua.events.publish import publish

from . import conf, vnpay
from .choices import Method, Stage
from .gateways import Gateway
from .models import Payment, ReceiptCounter
from .requests import OBLIGATION_KIND, Line, raise_request
from .states import OPEN, Event, State, next_state

if TYPE_CHECKING:
    from motcua.accounts.models import User


class NothingDue(Exception):
    """The dossier has no fee row left to pay."""


class KeyReused(Exception):
    """The idempotency key already started a payment of another dossier or payer."""


class WrongAmount(Exception):
    """The amount given is not the amount due."""

    def __init__(self, due: int) -> None:
        self.due = due
        super().__init__(due)


def due_fees(dossier: Dossier) -> list[Fee]:
    return list(
        Fee.objects.filter(dossier=dossier, state=FeeState.DUE, amount__gt=0).order_by("id")
    )


def _change(payment: Payment, event: Event, at: dt.datetime, **flags: object) -> None:
    """Move a locked payment; record the fact when it reaches an outcome."""
    payment.state = next_state(State(payment.state), event).value
    payment.save()
    if payment.state not in OPEN:
        record_fact(
            payment.dossier,
            f"payment_{payment.state}",
            at,
            {"payment": payment.pk, "amount": payment.amount, **flags},
        )


def _lock(payment: Payment) -> Payment:
    return Payment.objects.select_for_update().select_related("dossier").get(pk=payment.pk)


# --- Online ---------------------------------------------------------------------------------


def start_online(
    dossier: Dossier, payer: User, gateway: Gateway, *, key: str = "", at: dt.datetime | None = None
) -> Payment:
    """Return the payment that pays the dossier's due fees online, pending at the gateway.

    The same `key` gives the same payment back. A dossier has one open payment at a time: a
    second start within the gateway's timeout returns the pending one, so that the fees are
    never paid twice. Raises NothingDue, or KeyReused for a key of another payment.
    """
    moment = at or timezone.now()
    with transaction.atomic():
        Dossier.objects.select_for_update().filter(pk=dossier.pk).first()
        if key:
            known = Payment.objects.filter(idempotency_key=key).first()
            if known is not None:
                if known.dossier_id != dossier.pk or known.payer_id != payer.pk:
                    raise KeyReused
                return known
        pending = (
            Payment.objects.filter(
                dossier=dossier, method=Method.ONLINE, state=State.PENDING, expires_at__gt=moment
            )
            .order_by("-id")
            .first()
        )
        if pending is not None:
            return pending
        fees = due_fees(dossier)
        if not fees:
            raise NothingDue
        payment = Payment.objects.create(
            dossier=dossier,
            amount=sum(f.amount for f in fees),
            method=Method.ONLINE,
            gateway=gateway.name,
            idempotency_key=key or None,
            payer=payer,
            created_at=moment,
            expires_at=moment + dt.timedelta(minutes=conf.timeout_minutes()),
        )
        payment.txn_ref = f"MC{payment.pk:010d}"
        payment.fees.set(fees)
        _change(payment, Event.SEND, moment)
    return payment


def order_info(payment: Payment) -> str:
    """VNPay asks for Vietnamese without diacritics in vnp_OrderInfo."""
    dossier = payment.dossier
    return f"Thanh toan phi le phi ho so {dossier.code or dossier.reference}"


def redirect_url(payment: Payment, gateway: Gateway, return_url: str, ip: str) -> str:
    """Where to send the payer: the gateway's page with the signed order."""
    assert payment.txn_ref
    assert payment.expires_at
    params = vnpay.pay_params(
        tmn_code=gateway.tmn_code,
        amount=payment.amount,
        txn_ref=payment.txn_ref,
        order_info=order_info(payment),
        return_url=return_url,
        ip=ip,
        created=payment.created_at,
        expires=payment.expires_at,
    )
    return gateway.redirect_url(params)


@dataclass(frozen=True)
class GatewayAnswer:
    """What the gateway's IPN told about one payment."""

    success: bool
    response_code: str
    transaction_no: str = ""
    bank_code: str = ""
    paid_at: dt.datetime | None = None


def settle(payment: Payment, answer: GatewayAnswer) -> Payment:
    """Apply the gateway's answer to a payment locked by the caller (ipn.py)."""
    payment.response_code = answer.response_code[:4]
    payment.gateway_transaction = answer.transaction_no[:40]
    payment.bank_code = answer.bank_code[:20]
    moment = answer.paid_at or timezone.now()
    if answer.success:
        confirm(payment, moment, by=None)
    else:
        _change(payment, Event.FAIL, moment, response_code=payment.response_code)
    return payment


# --- Confirming, at the gateway or the counter ---------------------------------------------


def confirm(payment: Payment, at: dt.datetime, by: User | None) -> None:
    """Mark a locked payment paid, its fee rows paid, and the obligation met if it was."""
    payment.paid_at = at
    payment.receipt_number = _next_receipt_number(at)
    # DuocThanhToanTrucTuyen is Decision 766's "paid online": 2 for this province's gateway.
    # Cash or a transfer at the counter is not an online payment, so it stays empty.
    channel = PaymentChannel.PROVINCIAL_GATEWAY if payment.is_online else None
    Fee.objects.filter(pk__in=payment.fees.values("pk"), state=FeeState.DUE).update(
        state=FeeState.PAID, payment_channel=channel, paid_online=payment.is_online, paid_at=at
    )
    _change(
        payment,
        Event.CONFIRM,
        at,
        paid_online=payment.is_online,
        payment_channel=channel,
        method=payment.method,
    )
    dossier = payment.dossier
    publish(
        "payment.paid",
        f"dossier:{dossier.pk}",
        {"dossier": dossier.pk, "payment": payment.pk, "amount": payment.amount},
    )
    if dossier.state == DossierState.OBLIGATION and not due_fees(dossier):
        dossier.apply("pay_obligation", by=by, at=at, note=f"Biên lai số {payment.receipt_number}")


def _next_receipt_number(at: dt.datetime) -> str:
    """The year's next receipt number, taken in the payment's transaction (row lock)."""
    year = timezone.localtime(at).year
    ReceiptCounter.objects.get_or_create(year=year)
    ReceiptCounter.objects.filter(year=year).update(last=F("last") + 1)
    last = ReceiptCounter.objects.get(year=year).last
    return f"{year}-{last:07d}"


# --- At the counter --------------------------------------------------------------------------


@dataclass(frozen=True)
class CounterPayment:
    """What the counter officer records: cash or transfer, the amount, and, when nothing was
    due yet, the name of what is paid."""

    method: str
    amount: int
    transfer_reference: str = ""
    fee_name: str = ""


def record_counter(
    dossier: Dossier, officer: User, entry: CounterPayment, at: dt.datetime | None = None
) -> Payment:
    """Record money taken at the counter as a paid payment. Raises WrongAmount when it is not
    the amount due, NothingDue when nothing is due and nothing is named, or the dossier's
    Refused when the officer may not record it."""
    moment = at or timezone.now()
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        fees = due_fees(locked)
        if not fees and not entry.fee_name:
            raise NothingDue
        if not fees:
            stage = Stage.OBLIGATION if locked.state == DossierState.OBLIGATION else Stage.RECEIPT
            kind = OBLIGATION_KIND if stage == Stage.OBLIGATION else "le-phi"
            request = raise_request(
                locked,
                stage,
                [Line(entry.fee_name, kind, entry.amount)],
                source=f"counter:{locked.pk}:{moment.isoformat()}",
                by=officer,
                at=moment,
                announce=False,
            )
            fees = list(request.fees.all())
        total = sum(f.amount for f in fees)
        if entry.amount != total:
            raise WrongAmount(total)
        payment = Payment.objects.create(
            dossier=locked,
            amount=total,
            method=entry.method,
            recorded_by=officer,
            transfer_reference=entry.transfer_reference,
            created_at=moment,
        )
        payment.fees.set(fees)
        confirm(_lock(payment), moment, by=officer)
    return Payment.objects.get(pk=payment.pk)


# --- Time and refunds ------------------------------------------------------------------------


def expire_overdue(now: dt.datetime | None = None) -> int:
    """Periodic job: open online payments whose time at the gateway ran out become expired."""
    moment = now or timezone.now()
    count = 0
    for pk in Payment.objects.filter(
        state__in=OPEN, method=Method.ONLINE, expires_at__lt=moment
    ).values_list("pk", flat=True):
        with transaction.atomic():
            payment = _lock(Payment(pk=pk))
            if payment.state in OPEN:  # an IPN may have settled it meanwhile
                _change(payment, Event.EXPIRE, moment)
                count += 1
    return count


def refund(payment: Payment, at: dt.datetime | None = None) -> Payment:
    """The money of a paid payment went back to the payer: its fee rows are refunded."""
    moment = at or timezone.now()
    with transaction.atomic():
        locked = _lock(payment)
        Fee.objects.filter(pk__in=locked.fees.values("pk"), state=FeeState.PAID).update(
            state=FeeState.REFUNDED
        )
        _change(locked, Event.REFUND, moment)
    return locked

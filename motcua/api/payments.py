"""Payments: start one online (idempotent), read them, the receipt PDF, a counter payment,
and the gateway's IPN (GET /api/v1/payments/vnpay/ipn, VNPay 2.1.0).

Scoped like the dossiers: a payment or dossier the caller may not see answers 404; only the
applicant starts an online payment; only the receiving unit's counter officers record a
counter payment (403 otherwise).
"""

from __future__ import annotations

from typing import Any, Literal

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from motcua.accounts.models import User
from motcua.conversations.services import site_url
from motcua.dossiers import lifecycle
from motcua.dossiers.lifecycle import Refused
from motcua.dossiers.models import Dossier
from motcua.dossiers.queries import ACT
from motcua.dossiers.roles import roles_towards
from motcua.dossiers.transitions import InvalidTransition
from motcua.payments import ipn
from motcua.payments.forms import MAX_AMOUNT
from motcua.payments.gateways import get_gateway
from motcua.payments.models import Payment
from motcua.payments.receipts import NoReceipt, filename, receipt_pdf
from motcua.payments.views import client_ip, return_url, vnp_params
from motcua.payments.words import grouped
from motcua.payments.workflow import (
    CounterPayment,
    KeyReused,
    NothingDue,
    WrongAmount,
    record_counter,
    redirect_url,
    start_online,
)

from .auth import AUTH
from .dossiers import get_visible
from .me import require_write
from .schemas import PAGE_SIZE, ErrorOut, LocalDateTime, Page, PageParam, paginate

router = Router(tags=["payments"])
MAX_KEY = 200


class PaidFeeOut(Schema):
    name: str
    amount: int
    state: str


class PaymentOut(Schema):
    id: int
    dossier: str = Field(description="Submission reference of the dossier")
    dossier_code: str | None
    amount: int = Field(description="In đồng")
    state: str = Field(description="created, pending, paid, failed, expired or refunded")
    method: str = Field(description="online, cash or transfer")
    gateway: str
    txn_ref: str | None = Field(description="The order reference the gateway knows")
    receipt_number: str | None
    receipt_url: str | None
    created_at: LocalDateTime
    expires_at: LocalDateTime | None
    paid_at: LocalDateTime | None
    fees: list[PaidFeeOut]


class PaymentStarted(Schema):
    payment: PaymentOut
    redirect_url: str = Field(description="Send the payer's browser here (the gateway's page)")


class CounterIn(Schema):
    method: Literal["cash", "transfer"]
    amount: int = Field(ge=1, le=MAX_AMOUNT, strict=True, description="In đồng")
    transfer_reference: str = Field("", max_length=60)
    fee_name: str = Field("", max_length=300, description="What is paid, when nothing was due yet")


class IpnOut(Schema):
    RspCode: str
    Message: str


def payment_body(payment: Payment) -> dict[str, Any]:
    dossier = payment.dossier
    receipt = f"/api/v1/payments/{payment.pk}/receipt.pdf" if payment.receipt_number else None
    return {
        "id": payment.pk,
        "dossier": dossier.reference,
        "dossier_code": dossier.code,
        **{
            f: getattr(payment, f)
            for f in (
                "amount",
                "state",
                "method",
                "gateway",
                "txn_ref",
                "receipt_number",
                "created_at",
                "expires_at",
                "paid_at",
            )
        },
        "receipt_url": receipt,
        "fees": [
            {"name": f.name, "amount": f.amount, "state": f.state}
            for f in payment.fees.order_by("id")
        ],
    }


def _visible_payment(request: HttpRequest, pk: int) -> Payment:
    payment = (
        Payment.objects.filter(pk=pk, dossier__in=Dossier.objects.visible_to(request.user))
        .select_related(
            "dossier__procedure_version", "dossier__receiving_unit__parent", "recorded_by"
        )
        .first()
    )
    if payment is None:
        raise HttpError(404, _("No payment %(id)s that you may see.") % {"id": pk})
    return payment


# The IPN comes first: its path must not be read as a payment id.
@router.get(
    "/payments/vnpay/ipn",
    response={200: IpnOut},
    auth=None,
    summary="VNPay's IPN: the gateway confirms or refuses a payment (server to server)",
)
def vnpay_ipn(request: HttpRequest) -> dict[str, str]:
    """Answers VNPay's codes: 00 confirmed, 01 order not found, 02 already confirmed, 04
    invalid amount, 97 invalid signature, 99 unknown error. The IPN, not the return page,
    marks a payment paid; a repeated IPN changes nothing."""
    params = vnp_params(request)
    payment = Payment.objects.filter(txn_ref=params.get("vnp_TxnRef") or None).first()
    gateway = get_gateway(payment.gateway if payment else None)
    return ipn.handle(params, gateway)


@router.post(
    "/dossiers/{ref}/payments",
    response={
        201: PaymentStarted,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ErrorOut,
    },
    auth=AUTH,
    summary="Start paying a dossier's due fees online (idempotent)",
    openapi_extra={
        "parameters": [
            {
                "in": "header",
                "name": "Idempotency-Key",
                "required": False,
                "schema": {"type": "string", "maxLength": MAX_KEY},
                "description": "The same key gives the same payment back",
            }
        ]
    },
)
def start_payment(request: HttpRequest, ref: str) -> Status:
    require_write(request)
    user: User = request.user  # type: ignore[assignment]
    key = request.headers.get("Idempotency-Key", "").strip()
    if len(key) > MAX_KEY:
        raise HttpError(
            422, _("The Idempotency-Key is longer than %(n)d characters.") % {"n": MAX_KEY}
        )
    wanted = ref.strip().upper()
    dossier = Dossier.objects.filter(Q(reference=wanted) | Q(code=wanted), applicant=user).first()
    if dossier is None:
        raise HttpError(404, _("No dossier %(ref)s of yours.") % {"ref": ref})
    try:
        payment = start_online(
            dossier, user, get_gateway(), key=f"api:{user.pk}:{key}" if key else ""
        )
    except NothingDue as exc:
        raise HttpError(409, _("There is nothing left to pay for this dossier.")) from exc
    except KeyReused as exc:
        raise HttpError(
            409, _("This Idempotency-Key was already used for another payment.")
        ) from exc
    url = redirect_url(
        payment, get_gateway(payment.gateway), return_url(request), client_ip(request)
    )
    return Status(201, {"payment": payment_body(payment), "redirect_url": url})


@router.get(
    "/dossiers/{ref}/payments",
    response={200: Page[PaymentOut], 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    auth=AUTH,
    summary="The payments of a dossier, newest first",
)
def list_payments(request: HttpRequest, ref: str, page: PageParam = 1) -> dict[str, Any]:
    dossier = get_visible(request, ref)
    rows, count = paginate(
        Payment.objects.filter(dossier=dossier).select_related("dossier").order_by("-id"), page
    )
    return {
        "items": [payment_body(p) for p in rows],
        "count": count,
        "page": page,
        "page_size": PAGE_SIZE,
    }


@router.get(
    "/payments/{int:payment_id}",
    response={200: PaymentOut, 401: ErrorOut, 404: ErrorOut},
    auth=AUTH,
    summary="One payment and its state",
)
def get_payment(request: HttpRequest, payment_id: int) -> dict[str, Any]:
    return payment_body(_visible_payment(request, payment_id))


@router.get(
    "/payments/{int:payment_id}/receipt.pdf",
    response={401: ErrorOut, 404: ErrorOut},
    auth=AUTH,
    summary="The electronic receipt of a paid payment, as PDF",
    openapi_extra={
        "responses": {
            200: {
                "description": "The receipt",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def get_receipt(request: HttpRequest, payment_id: int) -> HttpResponse:
    payment = _visible_payment(request, payment_id)
    try:
        body = receipt_pdf(payment, site_url(request))
    except NoReceipt as exc:
        raise HttpError(404, _("This payment has no receipt: it was not paid.")) from exc
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename(payment)}"'
    return response


@router.post(
    "/dossiers/{ref}/payments/counter",
    response={
        201: PaymentOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ErrorOut,
    },
    auth=AUTH,
    summary="Record a payment taken at the counter (cash or transfer)",
)
def counter_payment(request: HttpRequest, ref: str, payload: CounterIn) -> Status:
    require_write(request)
    user: User = request.user  # type: ignore[assignment]
    wanted = ref.strip().upper()
    dossier = (
        Dossier.objects.visible_to(user, ACT).filter(Q(reference=wanted) | Q(code=wanted)).first()
    )
    if dossier is None:
        raise HttpError(404, _("No dossier %(ref)s that you may act on.") % {"ref": ref})
    if lifecycle.COUNTER not in roles_towards(dossier, user):
        raise HttpError(403, _("Only the receiving unit's counter officers take payments."))
    if payload.method == "transfer" and not payload.transfer_reference.strip():
        raise HttpError(422, _("Enter the transfer reference, so that it can be reconciled."))
    entry = CounterPayment(
        payload.method, payload.amount, payload.transfer_reference.strip(), payload.fee_name.strip()
    )
    try:
        payment = record_counter(dossier, user, entry)
    except NothingDue as exc:
        raise HttpError(409, _("Nothing is due: name what is paid (fee_name).")) from exc
    except WrongAmount as exc:
        raise HttpError(
            409,
            _("The amount due is %(due)s đồng: take exactly that amount.")
            % {"due": grouped(exc.due)},
        ) from exc
    except (Refused, InvalidTransition) as exc:
        raise HttpError(409, str(exc)) from exc
    return Status(201, payment_body(payment))

"""What the sandbox gateway does when the payer presses "Thanh toán" or "Huỷ" on its page.

Like VNPay, it writes the outcome in its own ledger, calls our IPN with signed parameters (in
the same process, through the same handler and its signature check), then sends the payer to
the return URL with the same signed parameters. Pressing twice replays the first outcome.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from . import ipn, vnpay
from .gateways import SandboxGateway
from .models import SandboxTransaction


@dataclass(frozen=True)
class Order:
    """A checked `pay` redirect: what the sandbox page shows and acts on."""

    params: dict[str, str]
    txn_ref: str
    amount: int  # đồng
    order_info: str
    return_url: str
    expired: bool


class BadOrder(Exception):
    """The redirect's signature or content is not valid."""


def read_order(params: Mapping[str, str], gateway: SandboxGateway) -> Order:
    """Check a redirect as VNPay does (signature, merchant, amount) and return the order."""
    fields = {k: v for k, v in params.items() if k.startswith("vnp_")}
    if not vnpay.verify(fields, gateway.secret) or fields.get("vnp_TmnCode") != gateway.tmn_code:
        raise BadOrder
    try:
        amount = int(fields.get("vnp_Amount", "")) // 100
    except ValueError:
        raise BadOrder from None
    expires = vnpay.parse_date(fields.get("vnp_ExpireDate", ""))
    return Order(
        fields,
        fields.get("vnp_TxnRef", ""),
        amount,
        fields.get("vnp_OrderInfo", ""),
        fields.get("vnp_ReturnUrl", ""),
        expired=expires is None or expires < timezone.now(),
    )


def _transaction_no() -> str:
    return f"{secrets.randbelow(10**8):08d}"


def _ledger(order: Order, pay: bool) -> SandboxTransaction:
    """The ledger row of the order: written once, whatever is pressed afterwards."""
    found = SandboxTransaction.objects.filter(txn_ref=order.txn_ref).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return SandboxTransaction.objects.create(
                txn_ref=order.txn_ref,
                transaction_no=_transaction_no(),
                amount=order.amount,
                paid=pay and not order.expired,
                at=timezone.now(),
            )
    except IntegrityError:  # a double click, or a clash of random numbers: read it again
        return SandboxTransaction.objects.get(txn_ref=order.txn_ref)


def outcome_params(
    order: Order, row: SandboxTransaction, gateway: SandboxGateway
) -> dict[str, str]:
    """The signed parameters VNPay sends to the IPN and the return URL."""
    code = vnpay.SUCCESS if row.paid else vnpay.CANCELLED
    params = {
        "vnp_TmnCode": gateway.tmn_code,
        "vnp_Amount": order.params["vnp_Amount"],
        "vnp_BankCode": "NCB",
        "vnp_CardType": "ATM",
        "vnp_OrderInfo": order.order_info,
        "vnp_PayDate": vnpay.format_date(row.at),
        "vnp_ResponseCode": code,
        "vnp_TransactionNo": row.transaction_no,
        "vnp_TransactionStatus": code,
        "vnp_TxnRef": order.txn_ref,
    }
    params["vnp_SecureHash"] = vnpay.sign(params, gateway.secret)
    return params


def press(order: Order, pay: bool, gateway: SandboxGateway) -> str:
    """Act on the payer's choice; return the URL the browser goes to next."""
    row = _ledger(order, pay)
    params = outcome_params(order, row, gateway)
    ipn.handle(params, gateway)
    return f"{order.return_url}?{vnpay.signed_query(params, gateway.secret)}"

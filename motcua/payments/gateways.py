"""Payment gateways behind one interface: VNPay (API 2.1.0) and the local sandbox.

Both speak VNPay's protocol (vnpay.py): the payer is redirected with signed `vnp_*`
parameters, the gateway calls our IPN, then sends the payer back to the return page. The
sandbox is a stand-in with its own pay/cancel page and ledger (SandboxTransaction), for the
demo and the tests; PAYMENT_GATEWAY chooses (conf.py).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol
from urllib.request import Request, urlopen

from django.urls import reverse
from django.utils import timezone

from . import conf, vnpay
from .models import Payment, SandboxTransaction

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class GatewayTransaction:
    """A transaction as the gateway reports it: our order reference, đồng, taken or not."""

    txn_ref: str
    amount: int
    paid: bool


class Gateway(Protocol):
    name: str
    tmn_code: str
    secret: str

    def redirect_url(self, params: dict[str, str]) -> str:
        """Where to send the payer with the unsigned `pay` parameters."""

    def transactions(self, day: dt.date, ours: Iterable[Payment]) -> list[GatewayTransaction]:
        """The gateway's view of a day: at least the transactions of `ours`."""


class SandboxGateway:
    """The local stand-in for VNPay: its page is /thanh-toan/sandbox/, its ledger a table."""

    name = conf.SANDBOX

    def __init__(self) -> None:
        self.tmn_code = conf.value("VNPAY_TMN_CODE", conf.DEMO_TMN_CODE)
        self.secret = conf.value("VNPAY_HASH_SECRET", conf.DEMO_HASH_SECRET)

    def redirect_url(self, params: dict[str, str]) -> str:
        return f"{reverse('payments:sandbox')}?{vnpay.signed_query(params, self.secret)}"

    def transactions(self, day: dt.date, ours: Iterable[Payment]) -> list[GatewayTransaction]:
        start = dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())
        rows = SandboxTransaction.objects.filter(at__gte=start, at__lt=start + dt.timedelta(1))
        return [GatewayTransaction(r.txn_ref, r.amount, r.paid) for r in rows]


class VNPayGateway:
    """VNPay itself. Its merchant API answers one transaction per `querydr` call, so the
    reconciliation asks about each of our payments of the day: a payment VNPay took whose
    order we never wrote cannot be found this way (VNPay's daily statement file would)."""

    name = conf.VNPAY

    def __init__(self) -> None:
        self.tmn_code = conf.required("VNPAY_TMN_CODE")
        self.secret = conf.required("VNPAY_HASH_SECRET")
        self.url = conf.required("VNPAY_URL")
        self.api_url = conf.value("VNPAY_API_URL")

    def redirect_url(self, params: dict[str, str]) -> str:
        return f"{self.url}?{vnpay.signed_query(params, self.secret)}"

    def transactions(self, day: dt.date, ours: Iterable[Payment]) -> list[GatewayTransaction]:
        found = []
        for payment in ours:
            answer = self.query(payment)
            if answer.get("vnp_ResponseCode") == vnpay.SUCCESS:
                found.append(
                    GatewayTransaction(
                        payment.txn_ref or "",
                        int(answer.get("vnp_Amount", 0)) // 100,
                        answer.get("vnp_TransactionStatus") == vnpay.SUCCESS,
                    )
                )
        return found

    def query(self, payment: Payment) -> dict[str, str]:
        """One `querydr` call (POST JSON to the merchant API) about `payment`."""
        now = vnpay.format_date(timezone.now())
        body = {
            "vnp_RequestId": uuid.uuid4().hex,
            "vnp_Version": vnpay.VERSION,
            "vnp_Command": "querydr",
            "vnp_TmnCode": self.tmn_code,
            "vnp_TxnRef": payment.txn_ref or "",
            "vnp_OrderInfo": f"Truy van giao dich {payment.txn_ref}",
            "vnp_TransactionDate": vnpay.format_date(payment.created_at),
            "vnp_CreateDate": now,
            "vnp_IpAddr": "127.0.0.1",
        }
        body["vnp_SecureHash"] = vnpay.querydr_checksum(
            [
                body[k]
                for k in (
                    "vnp_RequestId",
                    "vnp_Version",
                    "vnp_Command",
                    "vnp_TmnCode",
                    "vnp_TxnRef",
                    "vnp_TransactionDate",
                    "vnp_CreateDate",
                    "vnp_IpAddr",
                    "vnp_OrderInfo",
                )
            ],
            self.secret,
        )
        request = Request(
            self.api_url,
            data=json.dumps(body).encode(),
            method="POST",
            headers={"Content-Type": "application/json"},
        )
        with urlopen(request, timeout=20) as response:  # noqa: S310 (the configured https URL)
            answer: dict[str, str] = json.loads(response.read())
        return {k: str(v) for k, v in answer.items()}


def get_gateway(name: str | None = None) -> Gateway:
    """The gateway PAYMENT_GATEWAY names (or `name`, for a payment made through another)."""
    chosen = name or conf.gateway_name()
    return SandboxGateway() if chosen == conf.SANDBOX else VNPayGateway()

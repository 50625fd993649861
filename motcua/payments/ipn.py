"""The IPN handler: VNPay's server-to-server call that settles a payment (domain.md §7.4).

The checks come in VNPay's order, and each refusal changes nothing: signature (97), order
(01), amount × 100 (04), already settled (02). Only then is the answer applied, with the
payment row locked, so that two deliveries of the same IPN settle it once: the second gets 02.
The sandbox gateway calls the same function with the parameters it signed.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from django.db import transaction

from . import vnpay
from .choices import Method
from .gateways import Gateway
from .models import Payment
from .states import SETTLED
from .workflow import GatewayAnswer, settle

logger = logging.getLogger(__name__)


def handle(params: Mapping[str, str], gateway: Gateway) -> dict[str, str]:
    """Return the JSON answer VNPay expects, {"RspCode", "Message"}."""
    try:
        code = _handle(params, gateway)
    except Exception:
        logger.exception("IPN for %s failed", params.get("vnp_TxnRef"))
        code = vnpay.UNKNOWN_ERROR
    return vnpay.ipn_answer(code)


def _handle(params: Mapping[str, str], gateway: Gateway) -> str:
    if not vnpay.verify(params, gateway.secret):
        return vnpay.INVALID_SIGNATURE
    with transaction.atomic():
        payment = (
            Payment.objects.select_for_update()
            .select_related("dossier")
            .filter(
                txn_ref=params.get("vnp_TxnRef", ""), method=Method.ONLINE, gateway=gateway.name
            )
            .first()
        )
        if payment is None:
            return vnpay.NOT_FOUND
        if params.get("vnp_Amount", "") != str(payment.amount * 100):
            return vnpay.INVALID_AMOUNT
        if payment.state in SETTLED:
            return vnpay.ALREADY_CONFIRMED
        settle(
            payment,
            GatewayAnswer(
                success=vnpay.is_success(params),
                response_code=params.get("vnp_ResponseCode", ""),
                transaction_no=params.get("vnp_TransactionNo", ""),
                bank_code=params.get("vnp_BankCode", ""),
                paid_at=vnpay.parse_date(params.get("vnp_PayDate", "")),
            ),
        )
    return vnpay.CONFIRMED

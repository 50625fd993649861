"""Gateway calls built the way VNPay builds them, signed independently of the code under test."""

from __future__ import annotations

import hashlib
import hmac
from urllib.parse import quote_plus, urlencode

from motcua.payments.models import Payment

from .conftest import SECRET, TMN


def signed(params: dict[str, str], secret: str = SECRET) -> dict[str, str]:
    data = urlencode(sorted(params.items()), quote_via=quote_plus)
    digest = hmac.new(secret.encode(), data.encode(), hashlib.sha512).hexdigest()
    return {**params, "vnp_SecureHash": digest}


def ipn_params(payment: Payment, code: str = "00", **changes: str) -> dict[str, str]:
    params = {
        "vnp_TmnCode": TMN,
        "vnp_Amount": str(payment.amount * 100),
        "vnp_BankCode": "NCB",
        "vnp_OrderInfo": "Thanh toan",
        "vnp_PayDate": "20260302081000",
        "vnp_ResponseCode": code,
        "vnp_TransactionNo": "14226112",
        "vnp_TransactionStatus": code,
        "vnp_TxnRef": payment.txn_ref or "",
    }
    return signed({**params, **changes})

"""VNPay payment gateway, API 2.1.0: signing and checking parameters. Pure: no database imports.

Rules, one sentence each (domain.md §7.4 [S26]):

- The redirect is an HTTP GET to the gateway with `vnp_*` parameters; `vnp_Amount` is the
  amount in đồng times 100, an integer.
- The signature (`vnp_SecureHash`) is the HMAC-SHA512 hex digest, under the merchant's hash
  secret, of the parameters sorted by key and joined as `key=quote_plus(value)` with `&`.
  Empty values are left out, as VNPay's Java sample (the gateway's own language) does.
- A return or IPN call is checked by dropping `vnp_SecureHash` and `vnp_SecureHashType`,
  rebuilding the same string from every other `vnp_*` parameter and comparing digests.
- The IPN (server to server) is the source of truth; the return URL only shows the outcome.
  The IPN answer is JSON {"RspCode", "Message"}: 00 confirmed, 01 order not found, 02 order
  already confirmed, 04 invalid amount, 97 invalid signature, 99 unknown error.
- `vnp_ResponseCode` and `vnp_TransactionStatus` both "00" mean the payment succeeded.
- Dates are `yyyyMMddHHmmss` in Vietnam time (GMT+7).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Mapping
from urllib.parse import quote_plus
from zoneinfo import ZoneInfo

VERSION = "2.1.0"
SUCCESS = "00"
HASH_KEYS = frozenset({"vnp_SecureHash", "vnp_SecureHashType"})
VN = ZoneInfo("Asia/Ho_Chi_Minh")
DATE_FORMAT = "%Y%m%d%H%M%S"

# IPN answer codes and their messages, as VNPay's merchant samples write them.
CONFIRMED, NOT_FOUND, ALREADY_CONFIRMED = "00", "01", "02"
INVALID_AMOUNT, INVALID_SIGNATURE, UNKNOWN_ERROR = "04", "97", "99"
IPN_MESSAGES = {
    CONFIRMED: "Confirm Success",
    NOT_FOUND: "Order not found",
    ALREADY_CONFIRMED: "Order already confirmed",
    INVALID_AMOUNT: "Invalid amount",
    INVALID_SIGNATURE: "Invalid signature",
    UNKNOWN_ERROR: "Unknown error",
}
# The gateway's answer when the payer cancels on its page (vnp_ResponseCode 24).
CANCELLED = "24"


def hash_data(params: Mapping[str, object]) -> str:
    """The string that is signed: `vnp_*` keys sorted, values encoded with quote_plus."""
    items = sorted(
        (k, str(v))
        for k, v in params.items()
        if k.startswith("vnp_") and k not in HASH_KEYS and str(v) != ""
    )
    return "&".join(f"{key}={quote_plus(value)}" for key, value in items)


def sign(params: Mapping[str, object], secret: str) -> str:
    """The HMAC-SHA512 hex digest of `hash_data(params)` under `secret`."""
    return hmac.new(secret.encode(), hash_data(params).encode(), hashlib.sha512).hexdigest()


def signed_query(params: Mapping[str, object], secret: str) -> str:
    """The query string of a redirect: the signed parameters plus `vnp_SecureHash`."""
    return f"{hash_data(params)}&vnp_SecureHash={sign(params, secret)}"


def verify(params: Mapping[str, str], secret: str) -> bool:
    """Whether `params` carry a valid signature under `secret` (compared in constant time)."""
    given = params.get("vnp_SecureHash", "")
    return bool(given) and hmac.compare_digest(given.lower(), sign(params, secret))


def to_vnp_amount(amount: int) -> int:
    """The `vnp_Amount` of an amount in đồng: VND has no minor unit, VNPay wants × 100."""
    if amount <= 0:
        raise ValueError(f"An amount to pay is positive, not {amount}")
    return amount * 100


def format_date(moment: dt.datetime) -> str:
    """A moment as VNPay writes it: yyyyMMddHHmmss in Vietnam time."""
    return moment.astimezone(VN).strftime(DATE_FORMAT)


def parse_date(text: str) -> dt.datetime | None:
    """A VNPay date back as an aware datetime, or None when it is not one."""
    try:
        return dt.datetime.strptime(text, DATE_FORMAT).replace(tzinfo=VN)
    except ValueError:
        return None


def pay_params(
    *,
    tmn_code: str,
    amount: int,
    txn_ref: str,
    order_info: str,
    return_url: str,
    ip: str,
    created: dt.datetime,
    expires: dt.datetime,
    locale: str = "vn",
) -> dict[str, str]:
    """The unsigned parameters of a `pay` redirect (API 2.1.0)."""
    return {
        "vnp_Version": VERSION,
        "vnp_Command": "pay",
        "vnp_TmnCode": tmn_code,
        "vnp_Amount": str(to_vnp_amount(amount)),
        "vnp_CurrCode": "VND",
        "vnp_TxnRef": txn_ref,
        "vnp_OrderInfo": order_info,
        "vnp_OrderType": "other",
        "vnp_Locale": locale,
        "vnp_ReturnUrl": return_url,
        "vnp_IpAddr": ip or "127.0.0.1",
        "vnp_CreateDate": format_date(created),
        "vnp_ExpireDate": format_date(expires),
    }


def is_success(params: Mapping[str, str]) -> bool:
    """Whether a return or IPN call says the money was taken."""
    return (
        params.get("vnp_ResponseCode") == SUCCESS
        and params.get("vnp_TransactionStatus", SUCCESS) == SUCCESS
    )


def ipn_answer(code: str) -> dict[str, str]:
    """The JSON body VNPay expects in answer to an IPN call."""
    return {"RspCode": code, "Message": IPN_MESSAGES[code]}


def querydr_checksum(fields: list[str], secret: str) -> str:
    """The `vnp_SecureHash` of a merchant API call (querydr, refund): HMAC-SHA512 of the
    fields joined with "|", in the order the API lists them."""
    data = "|".join(fields)
    return hmac.new(secret.encode(), data.encode(), hashlib.sha512).hexdigest()

"""The payment settings: a Django setting when config/settings.py defines it, else the
environment variable of the same name, else the default (see .env.example and ADR 0013).

PAYMENT_GATEWAY    "sandbox" (the default when DEMO_MODE is on) or "vnpay"
VNPAY_TMN_CODE     the merchant code VNPay gives (vnp_TmnCode)
VNPAY_HASH_SECRET  the merchant's hash secret (signs redirects, checks IPN calls)
VNPAY_URL          the payment page, e.g. https://sandbox.vnpayment.vn/paymentv2/vpcpay.html
VNPAY_API_URL      the merchant API (querydr), e.g.
                   https://sandbox.vnpayment.vn/merchant_webapi/api/transaction
PAYMENT_TIMEOUT_MINUTES  how long a payer has on the gateway's page (VNPay: 15)
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from motcua.lib.env import env, envint

# DEMO VALUES, not a real merchant: the sandbox gateway signs and checks with them.
DEMO_TMN_CODE = "MOTCUADEMO"
DEMO_HASH_SECRET = "DEMO-ONLY-SANDBOX-SECRET-NOT-FOR-PRODUCTION"
SANDBOX, VNPAY = "sandbox", "vnpay"


def value(name: str, default: str = "") -> str:
    return str(getattr(settings, name, None) or env(name, default))


def gateway_name() -> str:
    demo = bool(getattr(settings, "DEMO_MODE", settings.DEBUG))
    name = value("PAYMENT_GATEWAY", SANDBOX if demo else VNPAY)
    if name not in (SANDBOX, VNPAY):
        raise ImproperlyConfigured(
            f"PAYMENT_GATEWAY must be {SANDBOX!r} or {VNPAY!r}, not {name!r}"
        )
    return name


def timeout_minutes() -> int:
    configured = getattr(settings, "PAYMENT_TIMEOUT_MINUTES", None)
    return int(configured) if configured else envint("PAYMENT_TIMEOUT_MINUTES", 15)


def required(name: str) -> str:
    """A setting the real gateway cannot work without."""
    found = value(name)
    if not found:
        raise ImproperlyConfigured(f"{name} must be set when PAYMENT_GATEWAY is {VNPAY!r}")
    return found

"""Checking a log-in and a password, with limits on failures that nobody can turn against the
account's owner. Shared by the portal's and the back office's sign-in pages.

Failed sign-ins are counted twice (OWASP's "device cookie" scheme):
- per client address and account (settings.LOGIN_RATE): one address guessing one password;
- per account, from browsers where that account never signed in (LOGIN_RATE_PER_ACCOUNT):
  guessing from many addresses.
A browser where the account signed in before carries a signed device cookie naming it; it is
exempt from both and has its own count per device and account. So a stranger who spends the
account's limits locks out only other strangers: its owner still signs in from their phone.
Only failures are counted, and the limits are checked before the password is.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import authenticate
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from motcua.lib.net import client_address
from motcua.lib.ratelimit import exceeded, hit

from .models import User, normalise_phone

DEVICE_COOKIE = "mc_device"
DEVICE_SALT = "motcua.accounts.device"
DEVICE_DAYS = 365
# A shared phone (a volunteer's, a family's) may be trusted by several accounts.
DEVICE_ACCOUNTS = 10


def parse_login(value: str) -> tuple[str, str]:
    """Return ("phone", 0xxxxxxxxx) or ("email", address), or raise ValidationError."""
    value = value.strip()
    if "@" in value:
        validate_email(value)
        return "email", value.lower()
    phone = normalise_phone(value)
    if len(phone) != 10 or not phone.startswith("0"):
        raise ValidationError(
            _(
                "Enter a phone number of 10 digits starting with 0 "
                "(e.g. 0912 345 678), or an email address."
            )
        )
    return "phone", phone


@dataclass(frozen=True)
class Attempt:
    """What a sign-in attempt gave: the user, or the error to show (and on which field)."""

    user: User | None
    account: str = ""
    error: str = ""
    field: str | None = None


def check_login(request: HttpRequest, raw_login: str, password: str) -> Attempt:
    """The account that `raw_login` and `password` open, within the failure limits."""
    try:
        _kind, account = parse_login(raw_login)
    except ValidationError:
        return Attempt(
            None,
            error=_(
                "Enter a phone number of 10 digits starting with 0 "
                "(e.g. 0912 345 678), or an email address."
            ),
            field="login",
        )
    counters = _counters(request, account)
    if any(exceeded(scope, who, limit, window) for scope, who, limit, window in counters):
        return Attempt(
            None,
            account,
            _(
                "Too many attempts. Please wait 10 minutes and try "
                "again, or sign in from a device you used before."
            ),
        )
    user = authenticate(request, username=account, password=password)
    if not isinstance(user, User):
        for scope, who, _limit, window in counters:
            hit(scope, who, window)
        return Attempt(None, account, _("The phone number or email and the password do not match."))
    return Attempt(user, account)


def _counters(request: HttpRequest, account: str) -> list[tuple[str, str, int, int]]:
    """The (scope, who, limit, window) counters that this attempt is judged and counted by."""
    limit, window = settings.LOGIN_RATE
    device = trusted_device(request, account)
    if device:
        return [("login-device", f"{device}:{account}", limit, window)]
    per_account, account_window = settings.LOGIN_RATE_PER_ACCOUNT
    return [
        ("login", f"{client_address(request)}:{account}", limit, window),
        ("login-account", account, per_account, account_window),
    ]


def _digest(account: str) -> str:
    return hashlib.sha256(f"device:{account}".encode()).hexdigest()[:20]


def _device(request: HttpRequest) -> dict[str, object]:
    raw = request.COOKIES.get(DEVICE_COOKIE, "")
    try:
        value = signing.loads(raw, salt=DEVICE_SALT, max_age=DEVICE_DAYS * 86400) if raw else {}
    except signing.BadSignature:
        return {}
    return value if isinstance(value, dict) else {}


def trusted_device(request: HttpRequest, account: str) -> str:
    """The id of this browser when `account` signed in on it before, else ""."""
    device = _device(request)
    accounts = device.get("a")
    if isinstance(accounts, list) and _digest(account) in accounts:
        return str(device.get("d", ""))
    return ""


def remember_device(request: HttpRequest, response: HttpResponse, account: str) -> None:
    """After a successful sign-in: this browser is one where `account` signed in."""
    device = _device(request)
    kept = device.get("a")
    accounts = [a for a in kept if isinstance(a, str)] if isinstance(kept, list) else []
    digest = _digest(account)
    accounts = ([a for a in accounts if a != digest] + [digest])[-DEVICE_ACCOUNTS:]
    value = {"d": str(device.get("d") or secrets.token_urlsafe(12)), "a": accounts}
    response.set_cookie(
        DEVICE_COOKIE,
        signing.dumps(value, salt=DEVICE_SALT),
        max_age=DEVICE_DAYS * 86400,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )

"""One-time codes that prove a person holds a phone number or an email address. Pure.

A challenge keeps only a salted hash of the code, its expiry and the attempts left, so that
it can live in the session without revealing the code. Codes are 6 digits, valid 10 minutes,
with 5 attempts: guessing one takes 200,000 tries on average, far beyond 5.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import asdict, dataclass, replace
from typing import Any

CODE_DIGITS = 6
VALID_FOR = dt.timedelta(minutes=10)
ATTEMPTS = 5


@dataclass(frozen=True)
class Challenge:
    target: str  # the phone number or email address the code went to
    salt: str
    code_hash: str
    expires_at: dt.datetime
    attempts_left: int = ATTEMPTS

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["expires_at"] = self.expires_at.isoformat()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Challenge:
        return cls(**{**data, "expires_at": dt.datetime.fromisoformat(data["expires_at"])})


def _hash(code: str, salt: str) -> str:
    return hashlib.sha256(f"{salt}:{code}".encode()).hexdigest()


def new_challenge(target: str, now: dt.datetime) -> tuple[Challenge, str]:
    """Return a fresh challenge for `target` and its code (to send, never to store)."""
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    salt = secrets.token_hex(8)
    return Challenge(target, salt, _hash(code, salt), now + VALID_FOR), code


def verify(challenge: Challenge, code: str, now: dt.datetime) -> tuple[bool, Challenge, str]:
    """Check `code`; return (passed, the challenge with one attempt less, a reason if not).

    The reason is in Vietnamese, for the person who typed the code.
    """
    if now >= challenge.expires_at:
        return False, challenge, "Mã xác thực đã hết hạn. Bấm «Gửi lại mã» để nhận mã mới."
    if challenge.attempts_left <= 0:
        return False, challenge, "Bạn đã nhập sai quá nhiều lần. Bấm «Gửi lại mã» để nhận mã mới."
    typed = "".join(ch for ch in code if ch.isdigit())
    if hmac.compare_digest(_hash(typed, challenge.salt), challenge.code_hash):
        return True, challenge, ""
    left = challenge.attempts_left - 1
    reason = (
        f"Mã xác thực không đúng. Bạn còn {left} lần thử."
        if left
        else "Mã xác thực không đúng. Bấm «Gửi lại mã» để nhận mã mới."
    )
    return False, replace(challenge, attempts_left=left), reason

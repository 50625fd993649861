"""Idempotency-Key for API submissions: per user, 24 hours, same body → same answer.

The record is inserted at the end of the transaction that creates the dossier. A concurrent
request with the same key blocks on the unique index until the first commits (PostgreSQL),
fails, rolls its own dossier back and replays the first answer; SQLite's IMMEDIATE
transactions serialise them. A request that fails leaves no record, so a corrected retry may
use the same key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import IdempotencyRecord

if TYPE_CHECKING:
    from motcua.accounts.models import User

LIFETIME = dt.timedelta(hours=24)


class KeyReused(Exception):
    """The key was used with another body."""


def fingerprint(*parts: Any) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(json.dumps(part, sort_keys=True, default=str).encode())
        digest.update(b"\x00")
    return digest.hexdigest()


def run_once(
    user: User, key: str, print_: str, perform: Callable[[], tuple[int, dict[str, Any]]]
) -> tuple[int, dict[str, Any]]:
    """Return the stored answer for (user, key), or perform and store it.

    `perform` runs inside the transaction and raises to abort; its answer is stored.
    """
    now = timezone.now()
    replay = _stored(user, key, print_, now)
    if replay is not None:
        return replay
    try:
        with transaction.atomic():
            status, body = perform()
            # Written last, in the same transaction: a concurrent request with the same key
            # waits here on the unique index until this one commits, then fails and replays.
            IdempotencyRecord.objects.create(
                user=user, key=key, fingerprint=print_, status=status, response=body, created_at=now
            )
    except IntegrityError:
        replay = _stored(user, key, print_, now)
        if replay is None:
            raise
        return replay
    return status, body


def _stored(
    user: User, key: str, print_: str, now: dt.datetime
) -> tuple[int, dict[str, Any]] | None:
    record = IdempotencyRecord.objects.filter(user=user, key=key).first()
    if record is None:
        return None
    if record.created_at < now - LIFETIME:
        record.delete()  # expired: the key may serve again
        return None
    if record.fingerprint != print_:
        raise KeyReused
    return record.status, record.response


def forget_expired() -> int:
    """Periodic job: drop records older than their lifetime."""
    deleted, _by_model = IdempotencyRecord.objects.filter(
        created_at__lt=timezone.now() - LIFETIME
    ).delete()
    return deleted

"""Claim, deliver, retry: at-least-once delivery of outbox messages (ADR 0008).

The guarantees, and what gives them:

- **A row goes to one live worker at a time.** ``claim()`` marks rows with the worker's id and
  a lease (``claimed_until``) in one transaction. On PostgreSQL the rows are locked with
  ``SKIP LOCKED``, so concurrent workers take different rows without waiting for each other.
  SQLite has no ``SKIP LOCKED``: there the claim is a conditional ``UPDATE`` that only takes
  rows whose lease is still free, and the worker re-reads which rows it actually got.
- **Nothing is lost when a worker dies.** Each row's outcome is written on its own, right
  after its delivery, so a crash mid-batch loses at most the row in hand. Rows not finished
  keep their lease and are claimed again when it runs out. Such a row may reach its receiver
  twice, always with the same ``idempotency_key``: delivery is at least once.
- **A failing receiver is not hammered.** A failure counts an attempt and puts the row back
  after a growing wait (backoff.py); after ``max_attempts`` the row is dead until an
  administrator retries it.

Handlers run outside any transaction this module opens, because they may call other systems
and a transaction held across a network call would block every other writer (all of them on
SQLite).
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, TypeVar

from django.db import connections, router, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from .backoff import is_exhausted
from .models import STATE_FILTERS, OutboxMessage, State

logger = logging.getLogger(__name__)

M = TypeVar("M", bound=OutboxMessage)

DEFAULT_BATCH = 50
DEFAULT_LEASE = timedelta(seconds=60)
# Tracebacks can be long; the admin needs the message and the last frames, not megabytes.
MAX_ERROR_LENGTH = 10_000


class Outcome(StrEnum):
    """What happened to one claimed row."""

    DELIVERED = "delivered"
    FAILED = "failed"  # will be tried again after a wait
    DEAD = "dead"  # failed for the last time
    LOST = "lost"  # the lease had passed to another worker, which now reports the outcome


@dataclass
class BatchResult:
    """How many rows one ``deliver_batch()`` call claimed, and what became of them."""

    claimed: int = 0
    delivered: int = 0
    failed: int = 0
    dead: int = 0
    lost: int = 0
    released: int = 0

    def add(self, outcome: Outcome) -> None:
        setattr(self, outcome.value, getattr(self, outcome.value) + 1)


def default_worker_id(role: str = "worker") -> str:
    """A worker id unique across the pool: host, process and a random part, ≤ 64 characters.

    The random part tells apart two runs of the same process id after a restart, so that a new
    process never mistakes an old lease for its own.
    """
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{role[:12]}:{secrets.token_hex(4)}"


def _lease_free(now: datetime) -> Q:
    return Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)


def claimable(model: type[M], now: datetime) -> QuerySet[M]:
    """Rows of ``model`` a worker may take at ``now``: pending, due, and with no live lease."""
    return (
        model._default_manager.filter(STATE_FILTERS[State.PENDING], available_at__lte=now)
        .filter(_lease_free(now))
        .order_by("available_at", "pk")
    )


def claim(
    model: type[M],
    worker_id: str,
    batch: int = DEFAULT_BATCH,
    lease: timedelta = DEFAULT_LEASE,
    *,
    pks: Iterable[Any] | None = None,
) -> list[M]:
    """Claim up to ``batch`` rows for ``worker_id`` until ``now + lease``; return them.

    ``pks`` limits the claim to those rows (publish() uses it to deliver its own rows at once).
    """
    now = timezone.now()
    until = now + lease
    candidates = claimable(model, now)
    if pks is not None:
        candidates = candidates.filter(pk__in=list(pks))
    using = router.db_for_write(model)
    with transaction.atomic(using=using):
        if connections[using].features.has_select_for_update_skip_locked:
            return _claim_locked(candidates, batch, worker_id, until)
        return _claim_conditionally(candidates, batch, worker_id, now, until)


def _claim_locked(candidates: QuerySet[M], batch: int, worker_id: str, until: datetime) -> list[M]:
    # Rows another worker is claiming right now are locked, and skipped rather than waited
    # for; once that worker commits, their lease keeps them out of the candidates.
    rows = list(candidates.select_for_update(skip_locked=True)[:batch])
    candidates.model._default_manager.filter(pk__in=[row.pk for row in rows]).update(
        claimed_by=worker_id, claimed_until=until
    )
    for row in rows:
        row.claimed_by, row.claimed_until = worker_id, until
    return rows


def _claim_conditionally(
    candidates: QuerySet[M], batch: int, worker_id: str, now: datetime, until: datetime
) -> list[M]:
    pks = list(candidates.values_list("pk", flat=True)[:batch])
    mark_claimed(candidates.model, pks, worker_id, now, until)
    # Another worker may have taken some of the rows between the SELECT and the UPDATE (when
    # SQLite runs in DEFERRED mode); the re-read returns only the rows this call won.
    mine = candidates.model._default_manager.filter(
        pk__in=pks, claimed_by=worker_id, claimed_until=until
    )
    return list(mine.order_by("available_at", "pk"))


def mark_claimed(
    model: type[M], pks: Sequence[Any], worker_id: str, now: datetime, until: datetime
) -> int:
    """Set the lease on those of ``pks`` that are still pending and free; return how many.

    The conditions are repeated in the UPDATE itself, so that of two workers racing for a
    row, the second one's UPDATE finds the lease taken and changes nothing.
    """
    return (
        model._default_manager.filter(pk__in=pks)
        .filter(STATE_FILTERS[State.PENDING], _lease_free(now))
        .update(claimed_by=worker_id, claimed_until=until)
    )


def deliver_batch(
    model: type[M],
    handler: Callable[[M], object],
    worker_id: str,
    batch: int = DEFAULT_BATCH,
    lease: timedelta = DEFAULT_LEASE,
    *,
    pks: Iterable[Any] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> BatchResult:
    """Claim rows of ``model`` and call ``handler(row)`` for each; record every outcome.

    A handler that returns has delivered the row; one that raises has failed it. When
    ``should_stop()`` turns true (the worker got SIGTERM), the rows not yet started are
    released at once, so that another worker need not wait for their lease to run out.
    """
    rows = claim(model, worker_id, batch, lease, pks=pks)
    result = BatchResult(claimed=len(rows))
    for index, row in enumerate(rows):
        if should_stop is not None and should_stop():
            result.released = release(rows[index:], worker_id)
            break
        result.add(deliver_one(row, handler, worker_id))
    return result


def deliver_one(row: M, handler: Callable[[M], object], worker_id: str) -> Outcome:
    """Call ``handler(row)`` and record the outcome. Only ``Exception`` counts as a failure:
    ``KeyboardInterrupt`` and ``SystemExit`` leave the row claimed, to be taken again."""
    try:
        handler(row)
    except Exception as exc:
        logger.warning(
            "Delivery of %s %s failed", type(row).__name__, row.idempotency_key, exc_info=True
        )
        return record_failure(row, exc, worker_id)
    record_success(row)
    return Outcome.DELIVERED


def record_success(row: OutboxMessage) -> None:
    """Mark ``row`` delivered and clear its lease, in one statement of its own.

    Any worker that delivered a row may say so, even one whose lease had passed: the row did
    reach its receiver.
    """
    now = timezone.now()
    type(row)._default_manager.filter(pk=row.pk, delivered_at__isnull=True).update(
        delivered_at=now, dead_at=None, claimed_by="", claimed_until=None
    )
    row.delivered_at, row.dead_at, row.claimed_by, row.claimed_until = now, None, "", None


def record_failure(row: OutboxMessage, exc: BaseException, worker_id: str) -> Outcome:
    """Count a failed attempt on ``row``: back off, or give up at ``max_attempts``.

    Only the worker that still holds the lease writes it; a worker whose lease has passed to
    another leaves the outcome to that one, so that one failure is never counted twice.
    """
    now = timezone.now()
    attempts = row.attempts + 1
    changes: dict[str, Any] = {
        "attempts": attempts,
        "last_error": describe(exc),
        "claimed_by": "",
        "claimed_until": None,
    }
    if is_exhausted(attempts, row.max_attempts):
        changes["dead_at"] = now
    else:
        changes["available_at"] = now + row.next_delay(attempts)
    updated = (
        type(row)
        ._default_manager.filter(STATE_FILTERS[State.PENDING], pk=row.pk, claimed_by=worker_id)
        .update(**changes)
    )
    if not updated:
        logger.warning(
            "Lease on %s %s passed to another worker before its failure was recorded",
            type(row).__name__,
            row.idempotency_key,
        )
        return Outcome.LOST
    for field, value in changes.items():
        setattr(row, field, value)
    return Outcome.DEAD if "dead_at" in changes else Outcome.FAILED


def describe(exc: BaseException) -> str:
    """The error as administrators read it: the message on the first line, then the trace."""
    trace = "".join(traceback.format_exception(exc))
    return f"{type(exc).__name__}: {exc}\n\n{trace}"[:MAX_ERROR_LENGTH]


def release(rows: Iterable[OutboxMessage], worker_id: str) -> int:
    """Give back the leases this worker holds on ``rows`` without counting an attempt."""
    rows = list(rows)
    if not rows:
        return 0
    return (
        type(rows[0])
        ._default_manager.filter(pk__in=[row.pk for row in rows], claimed_by=worker_id)
        .update(claimed_by="", claimed_until=None)
    )


def retry(rows: QuerySet[M]) -> int:
    """Bring the dead rows among ``rows`` back to pending, due now, with a fresh attempt count.

    The last error stays until the next attempt overwrites it, so that an administrator who
    retries a message can still see why it died. Returns how many rows came back.
    """
    return rows.filter(STATE_FILTERS[State.DEAD], delivered_at__isnull=True).update(
        dead_at=None, attempts=0, available_at=timezone.now(), claimed_by="", claimed_until=None
    )

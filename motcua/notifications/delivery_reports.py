"""What a provider says after it took a message: it arrived, or it could not (ADR 0015).

The outbox knows only whether a channel took the message (``delivered_at``: sent). An SMS
gateway reports later, by a callback, whether the phone got it; a mail server may send a bounce.
``report_delivery()`` records that report against the message's idempotency key, which the
channel gave the provider as its de-duplication id:

- "delivered" sets ``confirmed_at``: the message is delivered;
- "not delivered" counts a failed attempt, as the outbox does for an exception: the message
  goes back to the queue after the outbox's backoff, or fails for good at its last attempt,
  and then becomes an officer's task (tasks.py).
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from motcua.outbox.backoff import is_exhausted

from .models import Notification


def report_delivery(key: str, *, delivered: bool, detail: str = "") -> bool:
    """Record the provider's report on the message with ``key``; return whether it changed
    anything (a report on an unknown, failed or already confirmed message changes nothing)."""
    now = timezone.now()
    if delivered:
        return bool(
            Notification.objects.filter(
                idempotency_key=key,
                confirmed_at__isnull=True,
                dead_at__isnull=True,
            ).update(confirmed_at=now)
        )
    row = Notification.objects.filter(
        idempotency_key=key, delivered_at__isnull=False, confirmed_at__isnull=True
    ).first()
    if row is None:
        return False
    attempts = row.attempts + 1
    changes: dict[str, object] = {
        "attempts": attempts,
        "delivered_at": None,
        "claimed_by": "",
        "claimed_until": None,
        "last_error": f"Delivery report: {detail or 'not delivered'}",
    }
    if is_exhausted(attempts, row.max_attempts):
        changes["dead_at"] = now
    else:
        changes["available_at"] = now + row.next_delay(attempts)
    # Conditional on the attempts read: of two reports on one message, one counts.
    return bool(
        Notification.objects.filter(
            Q(pk=row.pk, attempts=row.attempts, delivered_at__isnull=False)
        ).update(**changes)
    )

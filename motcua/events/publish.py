"""Publishing a domain event: the transactional outbox (ADR 0008).

``Dossier.apply()`` calls ``publish()`` inside its transaction. The event's rows (one per
subscriber) are written in that transaction, so that they exist exactly when the change does:
a rolled-back change publishes nothing, and a committed one cannot lose its event, even if
the process dies right after the commit. After the commit the same process tries to deliver
the rows at once, so that reactions are not a worker interval late; whatever that attempt
does not finish, the worker retries. A busy site can leave all delivery to the workers
(OUTBOX_DELIVER_AFTER_COMMIT=0), which keeps it off the request's time.
"""

from __future__ import annotations

import logging
import uuid
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.transaction import TransactionManagementError
from django.utils import timezone

from motcua.outbox.delivery import default_worker_id, deliver_batch

from .models import EventMessage, idempotency_key
from .registry import ALL_EVENTS, subscriber_named, subscribers

logger = logging.getLogger(__name__)


def publish(
    event: str, subject: str, payload: dict[str, Any] | None = None, *, using: str | None = None
) -> list[EventMessage]:
    """Record that ``event`` happened to ``subject``, for each current subscriber.

    Call it inside the transaction that makes the change (``transaction.atomic()``); outside
    one it raises TransactionManagementError, because the event could then outlive a change
    that fails, or be lost with one that succeeds. ``payload`` must be JSON (dates and
    decimals become strings). Returns the rows written, none when nobody subscribes.
    """
    if event == ALL_EVENTS or not event:
        raise ValueError(f"Cannot publish an event named {event!r}")
    if not transaction.get_connection(using).in_atomic_block:
        raise TransactionManagementError(
            "publish() belongs inside the transaction that makes the change"
        )
    event_id, now = uuid.uuid4(), timezone.now()
    rows = [
        EventMessage(
            event_id=event_id,
            event=event,
            subject=subject,
            payload=payload or {},
            occurred_at=now,
            subscriber=s.name,
            idempotency_key=idempotency_key(event_id, s.name),
        )
        for s in subscribers(event)
    ]
    if rows:
        EventMessage.objects.using(using).bulk_create(rows)
        if settings.OUTBOX_DELIVER_AFTER_COMMIT:
            transaction.on_commit(partial(deliver_now, event_id), using=using)
    return rows


def deliver_now(event_id: uuid.UUID) -> None:
    """Try to deliver one event's rows in this process, right after the commit.

    Best effort: an error is logged and swallowed, because the writer's change has already
    committed and the worker retries every row that was not delivered.
    """
    try:
        deliver_batch(
            EventMessage,
            deliver_event,
            default_worker_id("inline"),
            pks=EventMessage.objects.filter(event_id=event_id).values_list("pk", flat=True),
        )
    except Exception:
        logger.exception(
            "Delivering event %s after commit failed; the worker will retry it", event_id
        )


def deliver_event(message: EventMessage) -> None:
    """The outbox handler of EventMessage: call the row's one subscriber.

    The subscriber runs in a transaction of its own, so that a subscriber that fails halfway
    leaves none of its writes behind for the retry to trip over.
    """
    handler = subscriber_named(message.subscriber).handler
    with transaction.atomic():
        handler(message.as_event())

"""Outbox rows for the tests. EventMessage is the first concrete outbox table, so the
outbox's own tests use it, with a subscriber name that no handler answers to."""

from __future__ import annotations

import uuid

from django.utils import timezone

from motcua.events.models import EventMessage


def messages(count: int) -> list[EventMessage]:
    """``count`` pending rows keyed msg-1, msg-2, …, available now, in that claim order."""
    now = timezone.now()
    return EventMessage.objects.bulk_create(
        EventMessage(
            idempotency_key=f"msg-{n}",
            event_id=uuid.uuid4(),
            event="test.happened",
            subject=f"test:{n}",
            occurred_at=now,
            subscriber="test",
            available_at=now,
        )
        for n in range(1, count + 1)
    )


def keys(rows: list[EventMessage]) -> list[str]:
    return [row.idempotency_key for row in rows]

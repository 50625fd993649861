"""Which outbox tables the worker drains, and with which handler.

A channel registers its concrete model once, in its AppConfig.ready()::

    register_outbox(EventMessage, deliver_event)

The registry is explicit, rather than a scan of OutboxMessage subclasses, so that a table
without a handler (or a half-built channel) is never drained by accident.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from .delivery import DEFAULT_BATCH, DEFAULT_LEASE
from .models import OutboxMessage


@dataclass(frozen=True)
class Outbox:
    """One channel: its table, the function that delivers one row, and how many to take."""

    model: type[OutboxMessage]
    handler: Callable[[Any], object]
    batch: int = DEFAULT_BATCH
    lease: timedelta = DEFAULT_LEASE

    @property
    def label(self) -> str:
        return self.model._meta.label


_outboxes: dict[str, Outbox] = {}


def register_outbox(
    model: type[OutboxMessage],
    handler: Callable[[Any], object],
    *,
    batch: int = DEFAULT_BATCH,
    lease: timedelta = DEFAULT_LEASE,
) -> Outbox:
    """Have the worker deliver rows of ``model`` by calling ``handler(row)``.

    A batch's rows are delivered one after the other under one lease, so ``lease`` must cover
    ``batch`` slow deliveries; otherwise another worker takes the batch's last rows and they
    reach the receiver twice. A channel that calls a slow remote system takes a smaller batch.
    """
    if model._meta.abstract:
        raise ImproperlyConfigured(f"{model.__name__} is abstract; register a concrete table")
    outbox = Outbox(model, handler, batch, lease)
    existing = _outboxes.get(outbox.label)
    if existing is not None and existing.handler is not handler:
        raise ImproperlyConfigured(f"{outbox.label} is already registered with another handler")
    _outboxes[outbox.label] = outbox
    return outbox


def outboxes() -> list[Outbox]:
    """Every registered outbox, in registration order."""
    return list(_outboxes.values())

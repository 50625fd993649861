"""The outbox of domain events: one row per (event, subscriber) (ADR 0008).

``publish()`` writes the rows inside the transaction that makes the change, so they commit or
roll back with it; the worker (or the publishing process, right after the commit) delivers
each row to its one subscriber. A row per subscriber lets a failing subscriber be retried,
backed off and given up alone, with the outbox machinery as it is, while the others are done.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.outbox.models import OutboxMessage

from .registry import Event


class EventMessage(OutboxMessage):
    """A domain event (a dossier was received, decided, …) on its way to one subscriber."""

    event_id = models.UUIDField(
        _("event id"),
        db_index=True,
        help_text=_("Shared by the deliveries of one event to its several subscribers."),
    )
    event = models.CharField(_("event"), max_length=100)
    subject = models.CharField(_("subject"), max_length=100)
    occurred_at = models.DateTimeField(_("occurred at"))
    subscriber = models.CharField(_("subscriber"), max_length=100)

    class Meta(OutboxMessage.Meta):
        verbose_name = _("event delivery")
        verbose_name_plural = _("event deliveries")

    def as_event(self) -> Event:
        return Event(
            id=self.event_id,
            name=self.event,
            subject=self.subject,
            payload=self.payload,
            occurred_at=self.occurred_at,
            idempotency_key=self.idempotency_key,
        )


def idempotency_key(event_id: object, subscriber: str) -> str:
    """The key of one event's delivery to one subscriber, the same on every attempt."""
    return f"{event_id}:{subscriber}"

"""The abstract outbox message that every delivery channel subclasses, one table per channel
(domain events, notifications, national-portal sync, webhooks; ADR 0003 and ADR 0008).

A channel subclasses ``OutboxMessage``, adds the fields its receiver needs, and registers
the model and its handler with ``motcua.outbox.registry.register_outbox``. The worker then
claims, delivers, retries and gives up on its rows (``motcua.outbox.delivery``).
"""

from __future__ import annotations

from datetime import timedelta
from typing import ClassVar

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .backoff import BASE, CAP, backoff


class State(models.TextChoices):
    """Where a message is in its life; derived from the timestamps, never stored."""

    PENDING = "pending", _("pending")
    DELIVERED = "delivered", _("delivered")
    DEAD = "dead", _("dead")


# The state as a filter, so that the admin, the claim query and the tests say it one way.
STATE_FILTERS: dict[str, Q] = {
    State.PENDING: Q(delivered_at__isnull=True, dead_at__isnull=True),
    State.DELIVERED: Q(delivered_at__isnull=False),
    State.DEAD: Q(dead_at__isnull=False),
}


class OutboxMessage(models.Model):
    """One message to deliver to one receiver, at least once, with retries and a lease.

    The ``idempotency_key`` goes with every attempt, so that a receiver that got a message
    twice (a worker killed after delivering but before recording it) can tell.

    A subclass that declares its own ``Meta`` must extend ``OutboxMessage.Meta``, or it loses
    the claim index.
    """

    # Given up after this many failed attempts; a channel may set its own.
    max_attempts: ClassVar[int] = 8
    backoff_base: ClassVar[timedelta] = BASE
    backoff_cap: ClassVar[timedelta] = CAP

    idempotency_key = models.CharField(_("idempotency key"), max_length=200, unique=True)
    payload = models.JSONField(_("payload"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    available_at = models.DateTimeField(
        _("available at"),
        default=timezone.now,
        help_text=_("The message is not tried again before this time."),
    )
    claimed_by = models.CharField(_("claimed by"), max_length=64, blank=True, default="")
    claimed_until = models.DateTimeField(
        _("claimed until"),
        null=True,
        blank=True,
        help_text=_("A worker holds the message until then; afterwards another may take it."),
    )
    attempts = models.PositiveIntegerField(_("failed attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True, default="")
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    dead_at = models.DateTimeField(_("given up at"), null=True, blank=True)

    class Meta:
        abstract = True
        indexes: ClassVar[list[models.Index]] = [
            # Serves the claim query (delivery.claimable): pending rows by available_at. The
            # index is partial, so delivered rows, which pile up, stay out of it. The name
            # includes the concrete table, so every channel gets its own.
            models.Index(
                fields=["available_at"],
                condition=STATE_FILTERS[State.PENDING],
                name="%(app_label)s_%(class)s_claim",
            ),
        ]

    def __str__(self) -> str:
        return self.idempotency_key

    @property
    def state(self) -> State:
        if self.delivered_at is not None:
            return State.DELIVERED
        if self.dead_at is not None:
            return State.DEAD
        return State.PENDING

    def next_delay(self, attempts: int) -> timedelta:
        """The wait before trying again after ``attempts`` failed attempts (backoff.py)."""
        return backoff(attempts, base=self.backoff_base, cap=self.backoff_cap)

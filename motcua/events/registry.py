"""Who reacts to which domain event: the explicit registry architecture.md asks for instead of
Django signals (ADR 0008).

The app that reacts subscribes in its AppConfig.ready(), so that every subscription is
written in one place per app and the publisher (``dossiers``) imports none of them::

    class NotificationsConfig(AppConfig):
        def ready(self) -> None:
            subscribe("dossier.received", "motcua.notifications.subscribers.send_receipt",
                      name="notifications.receipt")

Publishers declare their events in the catalog (``declare()`` in their ready()); at start-up
a system check refuses a subscription to an event that is not in it.

A handler takes one ``Event``. It is called at least once per event, maybe more (a worker
killed in the middle), always with the same ``Event.idempotency_key``: a handler that must
not act twice checks that key. ``"*"`` subscribes to every event.

This module imports no database code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

ALL_EVENTS = "*"


@dataclass(frozen=True)
class Event:
    """One domain event as a subscriber receives it."""

    id: UUID
    name: str  # what happened: "dossier.received"
    subject: str  # to what: "dossier:123"
    payload: dict[str, Any]
    occurred_at: datetime
    # The same on every delivery of this event to this subscriber, and different for
    # every other (event, subscriber) pair.
    idempotency_key: str


Handler = Callable[[Event], object]


@dataclass
class Subscriber:
    """A named handler and the events it takes. The name is stored on each outbox row, so it
    must stay the same across releases; renaming it orphans the rows not yet delivered."""

    name: str
    target: Handler | str  # a callable, or its dotted path, imported on first use
    events: list[str] = field(default_factory=list)

    @property
    def handler(self) -> Handler:
        target = self.target
        if isinstance(target, str):
            # Resolved lazily so that ready() can subscribe without importing the subscriber's
            # module (and whatever it imports) before every app is loaded.
            target = self.target = import_string(target)
        return target

    def takes(self, event_name: str) -> bool:
        return event_name in self.events or ALL_EVENTS in self.events


class Registry:
    """The subscribers, by name, and the catalog of events that publishers declare. ``default``
    below is the one the application uses."""

    def __init__(self) -> None:
        self._by_name: dict[str, Subscriber] = {}
        self._catalog: set[str] = set()

    def declare(self, *event_names: str) -> None:
        """Add events to the catalog: the publishing app names what it publishes."""
        self._catalog.update(event_names)

    def catalog(self) -> frozenset[str]:
        return frozenset(self._catalog)

    def unknown_subscriptions(self) -> list[tuple[str, str]]:
        """(subscriber, event) for each subscription to an event nobody declares: a typo, or
        an event renamed by its publisher, which would otherwise never be delivered."""
        return [
            (s.name, e)
            for s in self._by_name.values()
            for e in s.events
            if e != ALL_EVENTS and e not in self._catalog
        ]

    def subscribe(self, event_name: str, handler: Handler | str, *, name: str) -> Subscriber:
        if not event_name or not name:
            raise ImproperlyConfigured("A subscription needs an event name and a subscriber name")
        subscriber = self._by_name.setdefault(name, Subscriber(name, handler))
        if not _same_target(subscriber.target, handler):
            raise ImproperlyConfigured(
                f"Subscriber {name!r} is already registered with another handler"
            )
        if event_name not in subscriber.events:
            subscriber.events.append(event_name)
        return subscriber

    def subscribers(self, event_name: str) -> list[Subscriber]:
        return [s for s in self._by_name.values() if s.takes(event_name)]

    def get(self, name: str) -> Subscriber:
        try:
            return self._by_name[name]
        except KeyError:
            raise LookupError(f"No subscriber is registered as {name!r}") from None


def _same_target(a: Handler | str, b: Handler | str) -> bool:
    """Whether two targets name the same handler, one maybe as a dotted path."""

    def path(target: Handler | str) -> str:
        if isinstance(target, str):
            return target
        return f"{target.__module__}.{target.__qualname__}"

    return a is b or path(a) == path(b)


default = Registry()


def declare(*event_names: str) -> None:
    """Declare the events an app publishes (in its AppConfig.ready()): subscriptions to any
    other name fail the start-up check (events/checks.py)."""
    default.declare(*event_names)


def subscribe(event_name: str, handler: Handler | str, *, name: str) -> Subscriber:
    """Call ``handler(event)`` for every ``event_name`` event published from now on.

    ``name`` identifies the subscriber on its outbox rows (``"notifications.receipt"``);
    the same name may subscribe to several events with the same handler.
    """
    return default.subscribe(event_name, handler, name=name)


def subscribers(event_name: str) -> list[Subscriber]:
    """The subscribers of ``event_name``, including those of every event, in the order they
    subscribed."""
    return default.subscribers(event_name)


def subscriber_named(name: str) -> Subscriber:
    """The subscriber registered as ``name``; LookupError when there is none (any more)."""
    return default.get(name)

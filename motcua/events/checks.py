"""The start-up check that every subscription names an event of the catalog (registry.py):
a subscription to a misspelt or renamed event would silently never be delivered."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error

from .registry import default


def subscriptions_name_known_events(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    return [
        Error(
            f"Subscriber {name!r} subscribes to {event!r}, which no app publishes",
            hint="Check the event's name, or declare it where it is published "
            "(motcua.events.registry.declare).",
            id="events.E001",
        )
        for name, event in default.unknown_subscriptions()
    ]

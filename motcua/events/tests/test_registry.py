"""Who reacts to which event (events/registry.py): pure, no database."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from motcua.events.registry import Event, subscribe, subscriber_named, subscribers


def notify(event: Event) -> None:
    """A subscriber that this module's tests name by its dotted path."""


def count(event: Event) -> None:
    """Another subscriber."""


def names(event_name: str) -> list[str]:
    return [s.name for s in subscribers(event_name)]


def test_it_lists_the_subscribers_of_an_event_in_the_order_they_subscribed(subscriptions):
    subscribe("dossier.received", notify, name="notifications.receipt")
    subscribe("dossier.decided", notify, name="notifications.result")
    subscribe("dossier.received", count, name="reports.facts")
    assert names("dossier.received") == ["notifications.receipt", "reports.facts"]
    assert names("dossier.decided") == ["notifications.result"]
    assert names("dossier.withdrawn") == []


def test_a_wildcard_subscriber_takes_every_event(subscriptions):
    subscribe("*", count, name="audit")
    assert names("dossier.received") == ["audit"]
    assert names("payment.settled") == ["audit"]


def test_one_name_may_take_several_events_with_one_handler(subscriptions):
    subscribe("dossier.received", notify, name="notifications.any")
    subscribe("dossier.decided", notify, name="notifications.any")
    assert subscriber_named("notifications.any").events == ["dossier.received", "dossier.decided"]


def test_it_imports_a_handler_given_by_its_path_on_first_use(subscriptions):
    subscribe("dossier.received", "motcua.events.tests.test_registry.notify", name="n")
    assert subscriber_named("n").handler is notify


def test_a_path_and_the_function_it_names_are_the_same_handler(subscriptions):
    subscribe("dossier.received", "motcua.events.tests.test_registry.notify", name="n")
    subscribe("dossier.decided", notify, name="n")
    assert names("dossier.decided") == ["n"]


def test_a_name_cannot_stand_for_two_handlers(subscriptions):
    subscribe("dossier.received", notify, name="notifications.receipt")
    with pytest.raises(ImproperlyConfigured, match="already registered with another handler"):
        subscribe("dossier.received", count, name="notifications.receipt")


def test_an_unknown_subscriber_is_a_lookup_error(subscriptions):
    with pytest.raises(LookupError, match="No subscriber is registered as 'gone'"):
        subscriber_named("gone")

"""The event catalog: every subscription names an event that some app declares it publishes,
checked when the server starts (a system check)."""

from __future__ import annotations

from django.core import checks

from motcua.events.checks import subscriptions_name_known_events
from motcua.events.registry import Registry, default


def test_every_subscription_of_the_application_names_a_published_event():
    assert subscriptions_name_known_events() == []
    assert {"dossier.receive", "dossier.overdue", "payment.paid"} <= default.catalog()


def test_the_check_runs_at_start_up():
    assert subscriptions_name_known_events in checks.registry.registry.get_checks()


def test_a_misspelt_event_is_reported():
    registry = Registry()
    registry.declare("dossier.receive")
    registry.subscribe("dossier.recieve", "motcua.events.tests.handlers.record", name="typo")
    registry.subscribe("*", "motcua.events.tests.handlers.record", name="everything")
    assert registry.unknown_subscriptions() == [("typo", "dossier.recieve")]

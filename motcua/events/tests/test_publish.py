"""Publishing domain events through the transactional outbox (events/publish.py)."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
import time_machine
from django.db import OperationalError, transaction
from django.db.transaction import TransactionManagementError
from django_tasks_db.models import DBTaskResult

from motcua.events import publish as publishing
from motcua.events.models import EventMessage
from motcua.events.publish import deliver_event, publish
from motcua.events.registry import Event, subscribe
from motcua.outbox.delivery import deliver_batch
from motcua.outbox.tasks import ping

pytestmark = pytest.mark.django_db

RECEIPT = {"code": "000.01.31.H19-260309-0001", "channel": 1}


@pytest.fixture
def received(subscriptions) -> dict[str, list[Event]]:
    """What two subscribers of dossier.received got."""
    got: dict[str, list[Event]] = {"notifications": [], "reports": []}
    subscribe("dossier.received", got["notifications"].append, name="notifications.receipt")
    subscribe("dossier.received", got["reports"].append, name="reports.facts")
    return got


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what the code registers with on_commit, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_an_event_in_a_rolled_back_transaction_leaves_no_row(received, committed):
    def change_that_fails() -> None:
        with transaction.atomic():
            publish("dossier.received", "dossier:123", RECEIPT)
            raise RuntimeError("the dossier change failed")

    with committed(), pytest.raises(RuntimeError):
        change_that_fails()
    assert EventMessage.objects.count() == 0
    assert received == {"notifications": [], "reports": []}


def test_a_committed_event_reaches_each_subscriber_once(received, committed):
    with committed(), transaction.atomic():
        publish("dossier.received", "dossier:123", RECEIPT)
    [notified], [counted] = received["notifications"], received["reports"]
    assert (notified.name, notified.subject, notified.payload) == (
        "dossier.received",
        "dossier:123",
        RECEIPT,
    )
    assert notified.idempotency_key == f"{notified.id}:notifications.receipt"
    assert counted.idempotency_key == f"{notified.id}:reports.facts"
    assert EventMessage.objects.filter(delivered_at__isnull=True).count() == 0
    assert deliver_batch(EventMessage, deliver_event, "worker-a").claimed == 0


def test_a_failing_subscriber_is_retried_alone_and_the_others_are_not_run_again(
    subscriptions, committed
):
    calls: list[tuple[str, str]] = []
    down = [ConnectionError("SMS gateway down")]

    def notify(event: Event) -> None:
        calls.append(("notify", event.idempotency_key))
        if down:
            raise down.pop()

    subscribe("dossier.received", notify, name="notifications.receipt")
    subscribe(
        "dossier.received",
        lambda e: calls.append(("count", e.idempotency_key)),
        name="reports.facts",
    )
    with time_machine.travel("2026-03-09 09:00 +0700", tick=False) as traveller:
        with committed(), transaction.atomic():
            [notification, report] = publish("dossier.received", "dossier:123", RECEIPT)
        assert EventMessage.objects.get(pk=notification.pk).attempts == 1
        traveller.shift(timedelta(seconds=31))  # the first retry waits 30 seconds
        assert deliver_batch(EventMessage, deliver_event, "worker-a").delivered == 1
    key = notification.idempotency_key
    assert calls == [("notify", key), ("count", report.idempotency_key), ("notify", key)]
    assert EventMessage.objects.filter(delivered_at__isnull=True).count() == 0


def test_a_failing_subscriber_leaves_none_of_its_writes(subscriptions, committed):
    def enqueue_then_fail(event: Event) -> None:
        ping.enqueue()
        raise ValueError("template missing")

    subscribe("dossier.received", enqueue_then_fail, name="notifications.receipt")
    with committed(), transaction.atomic():
        publish("dossier.received", "dossier:123", RECEIPT)
    assert DBTaskResult.objects.count() == 0
    assert EventMessage.objects.get().last_error.startswith("ValueError: template missing")


def test_a_failed_delivery_after_commit_does_not_undo_the_change(
    received, committed, monkeypatch, caplog
):
    def database_gone(*args: object, **kwargs: object) -> None:
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(publishing, "deliver_batch", database_gone)
    with committed(), transaction.atomic():
        publish("dossier.received", "dossier:123", RECEIPT)
    assert EventMessage.objects.filter(delivered_at__isnull=True).count() == 2  # for the worker
    assert "the worker will retry it" in caplog.text


def test_an_event_nobody_subscribes_to_writes_nothing(subscriptions, committed):
    with committed() as callbacks, transaction.atomic():
        assert publish("dossier.withdrawn", "dossier:123") == []
    assert callbacks == []


def test_a_row_whose_subscriber_is_gone_fails_with_its_name(subscriptions):
    EventMessage.objects.create(
        idempotency_key="e1:gone",
        event_id=uuid.uuid4(),
        event="dossier.received",
        subject="dossier:123",
        occurred_at="2026-03-09T09:00+07:00",
        subscriber="gone",
    )
    assert deliver_batch(EventMessage, deliver_event, "worker-a").failed == 1
    assert EventMessage.objects.get().last_error.startswith(
        "LookupError: No subscriber is registered as 'gone'"
    )


@pytest.mark.parametrize("name", ["", "*"])
def test_an_event_needs_a_real_name(subscriptions, name):
    with pytest.raises(ValueError, match="Cannot publish"), transaction.atomic():
        publish(name, "dossier:123")


@pytest.mark.django_db(transaction=True)
def test_publishing_outside_a_transaction_is_refused(received):
    with pytest.raises(TransactionManagementError, match="inside the transaction"):
        publish("dossier.received", "dossier:123", RECEIPT)
    assert EventMessage.objects.count() == 0

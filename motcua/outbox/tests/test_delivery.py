"""Delivering claimed rows: success, failure with backoff, death, retry (outbox/delivery.py)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from motcua.events.models import EventMessage
from motcua.outbox.delivery import (
    BatchResult,
    Outcome,
    claim,
    deliver_batch,
    record_failure,
    retry,
)

from .factories import messages

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def receiver_down(row: EventMessage) -> None:
    raise ConnectionError("receiver is down")


def test_it_marks_a_delivered_row_and_clears_its_claim():
    messages(2)
    delivered: list[str] = []
    result = deliver_batch(
        EventMessage, lambda row: delivered.append(row.idempotency_key), "worker-a"
    )
    assert result == BatchResult(claimed=2, delivered=2)
    assert delivered == ["msg-1", "msg-2"]
    row = EventMessage.objects.get(idempotency_key="msg-1")
    assert row.delivered_at is not None
    assert (row.claimed_by, row.claimed_until, row.attempts) == ("", None, 0)


@time_machine.travel("2026-03-09 09:00 +0700", tick=False)
def test_a_failure_counts_an_attempt_and_waits_30_seconds():
    messages(1)
    assert deliver_batch(EventMessage, receiver_down, "worker-a") == BatchResult(
        claimed=1, failed=1
    )
    row = EventMessage.objects.get()
    assert row.attempts == 1
    assert row.available_at == datetime(2026, 3, 9, 9, 0, 30, tzinfo=VN)
    assert row.last_error.startswith("ConnectionError: receiver is down\n")
    assert (row.claimed_by, row.claimed_until, row.delivered_at, row.dead_at) == (
        "",
        None,
        None,
        None,
    )


def test_a_row_is_dead_after_8_failed_attempts():
    with time_machine.travel("2026-03-09 09:00 +0700", tick=False) as traveller:
        messages(1)
        outcomes = []
        for _attempt in range(8):
            result = deliver_batch(EventMessage, receiver_down, "worker-a")
            outcomes.append((result.failed, result.dead))
            traveller.shift(timedelta(hours=1))
        assert outcomes == [(1, 0)] * 7 + [(0, 1)]
        assert claim(EventMessage, "worker-a") == []
    row = EventMessage.objects.get()
    assert row.attempts == 8
    assert row.dead_at == datetime(2026, 3, 9, 16, 0, tzinfo=VN)


def test_retry_brings_a_dead_row_back():
    messages(1)
    EventMessage.objects.update(attempts=8, dead_at=timezone.now(), last_error="Timeout")
    assert retry(EventMessage.objects.all()) == 1
    row = EventMessage.objects.get()
    assert (row.state, row.attempts, row.dead_at) == ("pending", 0, None)
    assert row.last_error == "Timeout"  # kept for the administrator until the next attempt
    assert [r.idempotency_key for r in claim(EventMessage, "worker-a")] == ["msg-1"]


def test_retry_leaves_pending_and_delivered_rows_alone():
    pending, delivered = messages(2)
    EventMessage.objects.filter(pk=delivered.pk).update(delivered_at=timezone.now())
    assert retry(EventMessage.objects.all()) == 0
    assert EventMessage.objects.get(pk=delivered.pk).state == "delivered"


def test_a_worker_whose_lease_passed_to_another_does_not_count_its_failure():
    with time_machine.travel("2026-03-09 09:00 +0700", tick=False) as traveller:
        messages(1)
        [slow] = claim(EventMessage, "worker-a", lease=timedelta(seconds=60))
        traveller.shift(timedelta(seconds=61))
        claim(EventMessage, "worker-b")
        assert record_failure(slow, TimeoutError("too slow"), "worker-a") == Outcome.LOST
    row = EventMessage.objects.get()
    assert (row.attempts, row.claimed_by) == (0, "worker-b")


def test_stopping_releases_the_rows_not_started():
    messages(3)
    delivered: list[str] = []
    result = deliver_batch(
        EventMessage,
        lambda row: delivered.append(row.idempotency_key),
        "worker-a",
        should_stop=lambda: bool(delivered),
    )
    assert result == BatchResult(claimed=3, delivered=1, released=2)
    assert list(EventMessage.objects.order_by("pk").values_list("claimed_by", "attempts")) == [
        ("", 0),
        ("", 0),
        ("", 0),
    ]
    assert [r.idempotency_key for r in claim(EventMessage, "worker-b")] == ["msg-2", "msg-3"]

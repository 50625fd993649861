"""Claiming outbox rows with a lease (outbox/delivery.py: claim)."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection, connections
from django.utils import timezone

from motcua.events.models import EventMessage
from motcua.outbox.delivery import claim, mark_claimed

from .factories import keys, messages

VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(params=["native", "conditional update"])
def claim_path(request, monkeypatch):
    """Every claim test runs both ways: with SKIP LOCKED where the database has it
    (PostgreSQL), and with SQLite's conditional UPDATE, forced on any database."""
    if request.param == "conditional update":
        # The class, not the instance: threads have connections of their own.
        monkeypatch.setattr(type(connection.features), "has_select_for_update_skip_locked", False)
    return request.param


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("claim_path")]


def test_it_never_gives_one_row_to_two_workers():
    messages(5)
    assert keys(claim(EventMessage, "worker-a", batch=3)) == ["msg-1", "msg-2", "msg-3"]
    assert keys(claim(EventMessage, "worker-b", batch=10)) == ["msg-4", "msg-5"]
    assert claim(EventMessage, "worker-c") == []


@time_machine.travel("2026-03-09 09:00 +0700", tick=False)
def test_it_marks_the_rows_with_the_worker_and_its_lease():
    messages(1)
    claim(EventMessage, "worker-a", lease=timedelta(seconds=60))
    row = EventMessage.objects.get()
    assert row.claimed_by == "worker-a"
    assert row.claimed_until == datetime(2026, 3, 9, 9, 1, tzinfo=VN)


def test_it_claims_a_row_again_once_its_lease_has_expired():
    with time_machine.travel("2026-03-09 09:00 +0700", tick=False) as traveller:
        messages(2)
        claim(EventMessage, "worker-a", lease=timedelta(seconds=60))
        traveller.move_to("2026-03-09 09:00:59 +0700")
        assert claim(EventMessage, "worker-b") == []
        traveller.move_to("2026-03-09 09:01:01 +0700")
        assert keys(claim(EventMessage, "worker-b")) == ["msg-1", "msg-2"]
    assert set(EventMessage.objects.values_list("claimed_by", flat=True)) == {"worker-b"}


def test_it_never_claims_delivered_or_dead_rows():
    delivered, dead, _pending = messages(3)
    EventMessage.objects.filter(pk=delivered.pk).update(delivered_at=timezone.now())
    EventMessage.objects.filter(pk=dead.pk).update(dead_at=timezone.now())
    assert keys(claim(EventMessage, "worker-a")) == ["msg-3"]


def test_it_does_not_claim_a_row_waiting_for_its_retry():
    waiting, _due = messages(2)
    waiting.available_at = timezone.now() + timedelta(seconds=30)
    waiting.save()
    assert keys(claim(EventMessage, "worker-a")) == ["msg-2"]


def test_it_claims_only_the_rows_asked_for():
    rows = messages(3)
    assert keys(claim(EventMessage, "worker-a", pks=[rows[1].pk])) == ["msg-2"]


def test_of_two_workers_racing_for_a_row_the_second_update_changes_nothing():
    # SQLite's claim: both workers read the same candidates before either writes.
    first, second = messages(2)
    now = timezone.now()
    until = now + timedelta(seconds=60)
    assert mark_claimed(EventMessage, [first.pk], "worker-a", now, until) == 1
    assert mark_claimed(EventMessage, [first.pk, second.pk], "worker-b", now, until) == 1
    assert dict(EventMessage.objects.values_list("idempotency_key", "claimed_by")) == {
        "msg-1": "worker-a",
        "msg-2": "worker-b",
    }


@pytest.mark.django_db(transaction=True)
def test_eight_workers_at_once_share_out_the_rows_without_overlap():
    if connection.vendor == "sqlite":
        pytest.skip(
            "SQLite serialises writers: claims cannot overlap in time there; the "
            "sequential tests above cover its conditional update"
        )
    messages(200)
    claimed: list[list[str]] = []
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def work(worker_id: str) -> None:
        try:
            start.wait()
            while rows := claim(EventMessage, worker_id, batch=7):
                claimed.append(keys(rows))
        except BaseException as exc:  # noqa: BLE001 - reported below, with the thread's error
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(f"worker-{n}",)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    every_claim = [key for batch in claimed for key in batch]
    assert sorted(every_claim) == sorted(f"msg-{n}" for n in range(1, 201))

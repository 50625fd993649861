"""``manage.py run_worker``: periodic jobs, queued tasks and outboxes in one pass."""

from __future__ import annotations

import io
import signal
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import OperationalError
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from motcua.events.models import EventMessage
from motcua.outbox import periodic, registry, worker
from motcua.outbox.registry import register_outbox
from motcua.outbox.tasks import ping
from motcua.outbox.worker import WorkerLoop

from .factories import messages

# django-tasks' worker calls close_old_connections(), as a long-lived process must; inside the
# transaction of an ordinary test that closes the connection (on PostgreSQL), so these tests
# commit for real.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def only_test_registrations(monkeypatch):
    """The application's jobs and outboxes stay out; each test registers its own."""
    monkeypatch.setattr(periodic, "_jobs", {})
    monkeypatch.setattr(registry, "_outboxes", {})


def run_worker_once(*args: str) -> str:
    out = io.StringIO()
    call_command("run_worker", "--once", "--worker-id", "worker-a", *args, stdout=out)
    return out.getvalue()


def test_it_runs_a_registered_periodic_job():
    calls: list[str] = []
    periodic.register_periodic(
        "deadline-flags", timedelta(minutes=5), lambda: calls.append("deadline-flags")
    )
    assert "jobs: deadline-flags ok" in run_worker_once()
    assert calls == ["deadline-flags"]


def test_it_drains_every_registered_outbox():
    messages(60)  # more than one batch of 50
    delivered: list[str] = []
    register_outbox(EventMessage, lambda row: delivered.append(row.idempotency_key))
    assert "events.EventMessage 60/60 delivered" in run_worker_once()
    assert len(delivered) == 60
    assert not EventMessage.objects.filter(delivered_at__isnull=True).exists()


def test_it_runs_a_queued_task():
    result = ping.enqueue()
    assert "tasks: 1" in run_worker_once()
    task = DBTaskResult.objects.get(id=result.id)
    assert (task.status, task.return_value) == (TaskResultStatus.SUCCESSFUL, "pong")


def test_a_step_that_raises_is_reported_and_the_others_still_run(monkeypatch):
    def database_gone(*args: object, **kwargs: object) -> None:
        raise OperationalError("server closed the connection unexpectedly")

    calls: list[str] = []
    periodic.register_periodic("reminders", timedelta(minutes=1), lambda: calls.append("ok"))
    register_outbox(EventMessage, print)
    monkeypatch.setattr(worker, "deliver_batch", database_gone)
    ping.enqueue()
    with pytest.raises(CommandError, match="Some steps failed: events.EventMessage"):
        run_worker_once()
    assert calls == ["ok"]
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL


def test_it_refuses_a_worker_id_longer_than_64_characters():
    with pytest.raises(CommandError, match="at most 64 characters"):
        run_worker_once("--worker-id", "w" * 65)


def test_the_first_signal_stops_the_loop_after_the_work_in_hand():
    loop = WorkerLoop("worker-a", interval=60)
    loop.handle_signal(signal.SIGTERM, None)
    assert loop.stopping
    loop.run_forever()  # returns at once instead of sleeping 60 seconds


def test_a_second_signal_stops_the_worker_at_once():
    loop = WorkerLoop("worker-a")
    loop.handle_signal(signal.SIGTERM, None)
    with pytest.raises(SystemExit):
        loop.handle_signal(signal.SIGINT, None)

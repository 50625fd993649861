"""The worker loop: periodic jobs, django-tasks tasks and outbox deliveries in one process
(ADR 0003, ADR 0008). ``manage.py run_worker`` is a thin shell around ``WorkerLoop``.

One pass does, in this order:

1. the periodic jobs that are due (they may queue tasks or write outbox rows);
2. the django-tasks tasks that are ready, as ``db_worker --batch`` would, up to a cap;
3. every registered outbox, batch after batch, up to a cap.

The caps keep one flooded queue from starving the rest. When a pass found work the next one
starts at once; otherwise the loop sleeps ``interval`` seconds. Each step is guarded, so that
a broken job or a failing outbox query is logged and the other steps still run.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from types import FrameType
from typing import Any

from django.db import close_old_connections
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from .delivery import BatchResult, deliver_batch
from .periodic import Schedule, run_due_jobs
from .registry import Outbox, outboxes

logger = logging.getLogger(__name__)

MAX_TASKS_PER_PASS = 100
MAX_BATCHES_PER_PASS = 20


@dataclass
class PassReport:
    """What one pass did; ``errors`` names the steps that raised (not failed deliveries)."""

    jobs: dict[str, bool] = field(default_factory=dict)
    tasks: int = 0
    outboxes: dict[str, BatchResult] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def busy(self) -> bool:
        """Whether the pass found work, so that the next one should not wait."""
        return bool(self.tasks or any(r.claimed for r in self.outboxes.values()))

    def summary(self) -> str:
        jobs = ", ".join(f"{name} {'ok' if ok else 'failed'}" for name, ok in self.jobs.items())
        sent = ", ".join(
            f"{label} {r.delivered}/{r.claimed} delivered, {r.failed} to retry, {r.dead} dead"
            for label, r in self.outboxes.items()
        )
        return f"jobs: {jobs or 'none due'}; tasks: {self.tasks}; outboxes: {sent or 'none'}" + (
            f"; errors in: {', '.join(self.errors)}" if self.errors else ""
        )


class _TaskRunner(Worker):
    """django-tasks-db's own worker in batch mode, counting the tasks it runs."""

    tasks_run = 0

    def run_task(self, db_task_result: DBTaskResult) -> None:
        super().run_task(db_task_result)
        self.tasks_run += 1


def _database_backend_alias() -> str | None:
    """The default django-tasks backend's alias when it is the database one, else None (the
    immediate backend of some tests runs tasks at enqueue time: nothing is left to run)."""
    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    return DEFAULT_TASK_BACKEND_ALIAS if isinstance(backend, DatabaseBackend) else None


class WorkerLoop:
    """Runs passes until stopped; ``stop()`` (SIGTERM, SIGINT) lets the current row or task
    finish, releases the claimed rows not started, and ends the loop."""

    def __init__(self, worker_id: str, interval: float = 5.0) -> None:
        self.worker_id = worker_id
        self.interval = interval
        self.schedule = Schedule()
        self._stopping = threading.Event()
        self._task_runner: _TaskRunner | None = None

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    def stop(self) -> None:
        self._stopping.set()
        if self._task_runner is not None:
            self._task_runner.running = False  # django-tasks' worker ends after its task

    def run_forever(self) -> None:
        while not self.stopping:
            report = self.run_pass()
            if report.busy or report.errors:
                logger.info("Worker %s: %s", self.worker_id, report.summary())
            if not report.busy:
                self._stopping.wait(self.interval)

    def run_pass(self) -> PassReport:
        """Run one pass of everything (``run_worker --once`` runs exactly one)."""
        # A worker lives for days: replace connections the database has dropped, as Django
        # does at the start of each request.
        close_old_connections()
        report = PassReport()
        self._guarded(report, "periodic jobs", lambda: self._run_jobs(report))
        self._guarded(report, "tasks", lambda: self._run_tasks(report))
        for outbox in outboxes():
            if self.stopping:
                break
            self._guarded(report, outbox.label, partial(self._drain, outbox, report))
        close_old_connections()
        return report

    def _guarded(self, report: PassReport, step: str, run: Callable[[], Any]) -> None:
        try:
            run()
        except Exception:
            logger.exception("Worker %s: %s failed", self.worker_id, step)
            report.errors.append(step)

    def _run_jobs(self, report: PassReport) -> None:
        report.jobs = run_due_jobs(self.schedule, timezone.now())

    def _run_tasks(self, report: PassReport) -> None:
        alias = _database_backend_alias()
        if alias is None or self.stopping:
            return
        self._task_runner = _TaskRunner(
            queue_names=["*"],
            excluded_queue_names=[],
            interval=0,
            batch=True,
            backend_name=alias,
            startup_delay=False,
            max_tasks=MAX_TASKS_PER_PASS,
            worker_id=self.worker_id,
        )
        try:
            self._task_runner.run()
            report.tasks = self._task_runner.tasks_run
        finally:
            self._task_runner = None

    def _drain(self, outbox: Outbox, report: PassReport) -> None:
        total = report.outboxes.setdefault(outbox.label, BatchResult())
        for _batch in range(MAX_BATCHES_PER_PASS):
            result = deliver_batch(
                outbox.model,
                outbox.handler,
                self.worker_id,
                outbox.batch,
                outbox.lease,
                should_stop=lambda: self.stopping,
            )
            for name, value in vars(result).items():
                setattr(total, name, getattr(total, name) + value)
            if result.claimed < outbox.batch or self.stopping:
                return

    def handle_signal(self, signum: int, frame: FrameType | None) -> None:
        """First SIGTERM/SIGINT: finish the work in hand and stop. Second: stop now; the rows
        in hand keep their lease and are delivered again by another worker."""
        if self.stopping:
            logger.warning(
                "Worker %s: %s again, stopping now", self.worker_id, signal.strsignal(signum)
            )
            sys.exit(1)
        logger.warning(
            "Worker %s: %s, stopping after the work in hand",
            self.worker_id,
            signal.strsignal(signum),
        )
        self.stop()


def install_signal_handlers(loop: WorkerLoop) -> Callable[[], None]:
    """Route SIGTERM and SIGINT to ``loop``; return a function that restores the previous
    handlers (so that a test calling the command leaves the test runner's alone)."""
    previous = {
        sig: signal.signal(sig, loop.handle_signal) for sig in (signal.SIGTERM, signal.SIGINT)
    }

    def restore() -> None:
        for sig, handler in previous.items():
            signal.signal(sig, handler)

    return restore

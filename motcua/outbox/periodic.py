"""Periodic jobs that the worker runs between its other work (ADR 0003, ADR 0008).

An app registers its jobs in its AppConfig.ready(). Periodic work is a management command,
so that cron can run the same thing::

    from functools import partial
    from django.core.management import call_command

    register_periodic("deadline-flags", timedelta(minutes=5),
                      partial(call_command, "process_deadlines"))

Each worker process keeps its own schedule, in memory: with three workers a 5-minute job runs
about three times in 5 minutes, and ``run_worker --once`` (cron) runs every job. A job must
therefore be idempotent and safe to run twice at once, which it is when it claims what it
changes with conditional updates (as the outbox claim does).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    """A function the worker calls about every ``every``."""

    name: str
    every: timedelta
    func: Callable[[], object]


_jobs: dict[str, PeriodicJob] = {}


def register_periodic(name: str, every: timedelta, func: Callable[[], object]) -> PeriodicJob:
    """Have the worker call ``func()`` about every ``every``; ``name`` identifies the job in
    logs. Registering the same name again with another function is a mistake, and raises."""
    if every <= timedelta(0):
        raise ImproperlyConfigured(f"Periodic job {name!r} needs a positive interval")
    job = PeriodicJob(name, every, func)
    existing = _jobs.get(name)
    if existing is not None and existing.func is not func:
        raise ImproperlyConfigured(f"Periodic job {name!r} is already registered")
    _jobs[name] = job
    return job


def periodic_jobs() -> list[PeriodicJob]:
    """Every registered job, in registration order."""
    return list(_jobs.values())


@dataclass
class Schedule:
    """When this process last started each job. A job it has never run is due at once."""

    last_started: dict[str, datetime] = field(default_factory=dict)

    def due(self, jobs: Iterable[PeriodicJob], now: datetime) -> list[PeriodicJob]:
        return [
            job
            for job in jobs
            if job.name not in self.last_started or now - self.last_started[job.name] >= job.every
        ]

    def started(self, job: PeriodicJob, now: datetime) -> None:
        self.last_started[job.name] = now


def run_job(job: PeriodicJob) -> bool:
    """Call the job; log and swallow its error, so that one broken job stops no other work.
    Returns whether it succeeded."""
    try:
        job.func()
    except Exception:
        logger.exception("Periodic job %s failed", job.name)
        return False
    return True


def run_due_jobs(schedule: Schedule, now: datetime) -> dict[str, bool]:
    """Run every registered job that is due at ``now``; return each one's success by name.

    A job counts as started even when it fails, so that a job that always fails is tried at
    its own pace rather than on every pass of the worker.
    """
    results = {}
    for job in schedule.due(periodic_jobs(), now):
        schedule.started(job, now)
        results[job.name] = run_job(job)
    return results

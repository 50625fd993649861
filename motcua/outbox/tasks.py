"""Tasks of the outbox app. ``ping`` exists for health checks: a monitor enqueues it and
watches for its result, which proves that a worker is running and draining the queue."""

from __future__ import annotations

from django_tasks import task


@task()
def ping() -> str:
    return "pong"

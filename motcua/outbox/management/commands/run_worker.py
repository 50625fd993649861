"""Run the background worker: periodic jobs, django-tasks tasks and outbox deliveries in one
process (ADR 0003, ADR 0008). README command 1 starts it beside the web server; cron may
instead run ``run_worker --once`` every minute."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from motcua.lib.deployment import refuse_unsafe_start
from motcua.outbox.delivery import default_worker_id
from motcua.outbox.worker import WorkerLoop, install_signal_handlers


class Command(BaseCommand):
    help = "Run periodic jobs, queued tasks and outbox deliveries until stopped (or --once)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="Run one pass of everything and exit (tests, cron)."
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=5.0,
            help="Seconds to wait after a pass that found no work (default 5).",
        )
        parser.add_argument(
            "--worker-id",
            default="",
            help="Unique in the worker pool, at most 64 characters "
            "(default: host, process id and a random part).",
        )

    def handle(
        self, *args: Any, once: bool, interval: float, worker_id: str, **options: Any
    ) -> None:
        refuse_unsafe_start()  # production's own key, hosts and staff second factor
        if len(worker_id) > 64:
            raise CommandError("--worker-id must be at most 64 characters")
        if interval < 0:
            raise CommandError("--interval must be zero or more")
        loop = WorkerLoop(worker_id or default_worker_id(), interval)
        restore_signals = install_signal_handlers(loop)
        try:
            if once:
                self._run_once(loop)
            else:
                self.stdout.write(f"Worker {loop.worker_id} started; SIGTERM or Ctrl+C stops it")
                self.stdout.flush()  # seen at once by whoever watches the output
                loop.run_forever()
                self.stdout.write(f"Worker {loop.worker_id} stopped")
        finally:
            restore_signals()

    def _run_once(self, loop: WorkerLoop) -> None:
        report = loop.run_pass()
        self.stdout.write(report.summary())
        if report.errors:
            # A non-zero exit tells cron (and its mail) that a step broke.
            raise CommandError(f"Some steps failed: {', '.join(report.errors)}")

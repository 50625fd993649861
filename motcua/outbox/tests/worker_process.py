"""A worker in a process of its own, for test_killed_worker: it delivers the pending
EventMessage rows of the database named by DATABASE_URL, writing one line per delivery
attempt ("<worker id> <idempotency key>") to a log file.

    python -m motcua.outbox.tests.worker_process WORKER_ID LOG [--hang-on N] [--lease SECONDS]

With ``--hang-on N`` it hangs in the middle of its Nth delivery, after logging it and touching
``LOG.hanging``, so that the test can kill it exactly there.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

import django


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("worker_id")
    parser.add_argument("log", type=Path)
    parser.add_argument("--hang-on", type=int, default=0)
    parser.add_argument("--lease", type=float, default=60)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from motcua.events.models import EventMessage
    from motcua.outbox.delivery import deliver_batch

    attempts = 0

    def handler(row: EventMessage) -> None:
        nonlocal attempts
        attempts += 1
        with args.log.open("a") as log:
            log.write(f"{args.worker_id} {row.idempotency_key}\n")
        if attempts == args.hang_on:
            Path(f"{args.log}.hanging").touch()
            time.sleep(600)

    result = deliver_batch(
        EventMessage, handler, args.worker_id, lease=timedelta(seconds=args.lease)
    )
    sys.stdout.write(f"{result}\n")


if __name__ == "__main__":
    main()

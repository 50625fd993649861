"""A worker killed in the middle of a batch loses nothing: another one delivers every row after
the lease runs out, the interrupted row again with the same idempotency key. And a worker
told to stop (SIGTERM) stops cleanly.

The workers are real processes, on the database of the test: PostgreSQL's test database
itself, or on SQLite a file copy of the in-memory test database (a process of its own cannot
open that one).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from motcua.events.models import EventMessage

from .factories import messages

LEASE_SECONDS = 1.0
# Generous: a worker process starts Django before it does anything.
STARTUP_TIMEOUT = 60

pytestmark = pytest.mark.django_db(transaction=True)


@dataclass
class SharedDatabase:
    """The test database as another process reaches it: a DATABASE_URL, and a way to read
    the rows those processes wrote."""

    url: str
    sqlite_file: Path | None = None

    @classmethod
    def of_this_test(cls, tmp_path: Path) -> SharedDatabase:
        """Call it after writing the rows the workers need: on SQLite it takes a copy."""
        db = connection.settings_dict
        if connection.vendor == "postgresql":
            auth = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
            return cls(f"postgres://{auth}@{db['HOST']}:{db['PORT']}/{db['NAME']}")
        file = tmp_path / "shared.sqlite3"
        connection.ensure_connection()
        with closing(sqlite3.connect(file)) as copy:
            connection.connection.backup(copy)
        return cls(f"sqlite:///{file}", file)

    def fetch(self, sql: str) -> list[tuple]:
        if self.sqlite_file is not None:
            with closing(sqlite3.connect(self.sqlite_file)) as db:
                return db.execute(sql).fetchall()
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall()

    def start(self, *argv: str, stdout: Path | None = None) -> subprocess.Popen[bytes]:
        """Start ``python *argv`` on this database; its output goes to ``stdout`` if given
        (a file can be read while the process runs), else to a pipe."""
        env = {**os.environ, "DATABASE_URL": self.url, "DJANGO_SETTINGS_MODULE": "config.settings"}
        return subprocess.Popen(
            [sys.executable, *argv],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=stdout.open("wb") if stdout else subprocess.PIPE,
            stderr=subprocess.PIPE,
        )


def wait_until(condition, process: subprocess.Popen[bytes], what: str) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while not condition():
        if process.poll() is not None:
            pytest.fail(f"The worker exited before {what}: {process.communicate()}")
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"Timed out waiting for {what}")
        time.sleep(0.05)


def test_a_worker_killed_mid_batch_loses_no_row(tmp_path):
    messages(5)
    database = SharedDatabase.of_this_test(tmp_path)
    log = tmp_path / "deliveries.log"
    worker = ["-m", "motcua.outbox.tests.worker_process"]

    first = database.start(
        *worker, "worker-a", str(log), "--hang-on", "3", "--lease", str(LEASE_SECONDS)
    )
    try:
        wait_until(Path(f"{log}.hanging").exists, first, "its 3rd delivery")
    finally:
        first.kill()  # SIGKILL: no clean-up of any kind
        first.communicate()
    time.sleep(LEASE_SECONDS + 0.2)  # the lease, taken before the kill, has run out

    second = database.start(*worker, "worker-b", str(log))
    out, err = second.communicate(timeout=STARTUP_TIMEOUT)
    assert second.returncode == 0, err.decode()

    assert log.read_text().splitlines() == [
        "worker-a msg-1",
        "worker-a msg-2",
        "worker-a msg-3",  # killed while delivering msg-3
        "worker-b msg-3",
        "worker-b msg-4",
        "worker-b msg-5",
    ]
    table = EventMessage._meta.db_table
    assert database.fetch(f"SELECT idempotency_key FROM {table} WHERE delivered_at IS NULL") == []  # noqa: S608
    assert database.fetch(f"SELECT count(*) FROM {table} WHERE attempts > 0") == [(0,)]  # noqa: S608


def test_a_worker_told_to_stop_stops_cleanly(tmp_path):
    database = SharedDatabase.of_this_test(tmp_path)
    output = tmp_path / "stdout.log"
    worker = database.start(
        "manage.py", "run_worker", "--interval", "0.2", "--worker-id", "worker-a", stdout=output
    )
    wait_until(lambda: b"Worker worker-a started" in output.read_bytes(), worker, "its start")
    worker.terminate()  # SIGTERM
    _out, err = worker.communicate(timeout=STARTUP_TIMEOUT)
    assert worker.returncode == 0, err.decode()
    assert b"Worker worker-a stopped" in output.read_bytes()

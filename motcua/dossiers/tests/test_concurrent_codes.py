"""Parallel receipts at one unit on one day get distinct, consecutive codes."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from .factories import walk_in

RECEIPTS = 16


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("demo_catalog")
def test_16_receipts_at_once_get_16_consecutive_codes(counter_cuong, citizen_an):
    codes: list[str] = []
    errors: list[BaseException] = []
    start = threading.Barrier(RECEIPTS)

    def receive() -> None:
        try:
            start.wait()
            codes.append(str(walk_in(counter_cuong, citizen_an, when="2026-03-09 09:00").code))
        except BaseException as exc:  # noqa: BLE001 - reported below, with the thread's error
            errors.append(exc)
        finally:
            connections.close_all()

    if connection.vendor == "sqlite":
        # SQLite serialises writers; the same receipts one after the other must still count.
        start = threading.Barrier(1)
        for _ in range(RECEIPTS):
            receive()
    else:
        threads = [threading.Thread(target=receive) for _ in range(RECEIPTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert errors == []
    assert sorted(codes) == [f"000.01.31.H19-260309-{n:04d}" for n in range(1, RECEIPTS + 1)]

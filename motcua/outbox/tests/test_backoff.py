"""The retry schedule (outbox/backoff.py): pure, no database."""

from __future__ import annotations

from datetime import timedelta

import pytest

from motcua.outbox.backoff import backoff, is_exhausted


@pytest.mark.parametrize(
    ("attempts", "wait"),
    [
        (0, timedelta(0)),
        (1, timedelta(seconds=30)),
        (2, timedelta(minutes=1)),
        (3, timedelta(minutes=2)),
        (4, timedelta(minutes=4)),
        (7, timedelta(minutes=32)),
        (8, timedelta(hours=1)),  # 64 minutes, capped
        (9, timedelta(hours=1)),
        (10_000, timedelta(hours=1)),
    ],
)
def test_it_doubles_the_wait_up_to_one_hour(attempts, wait):
    assert backoff(attempts) == wait


def test_it_takes_another_base_and_cap():
    waits = [backoff(n, base=timedelta(seconds=1), cap=timedelta(seconds=5)) for n in range(1, 6)]
    assert waits == [timedelta(seconds=s) for s in (1, 2, 4, 5, 5)]


@pytest.mark.parametrize(("attempts", "exhausted"), [(0, False), (7, False), (8, True), (9, True)])
def test_it_gives_up_at_the_maximum_number_of_attempts(attempts, exhausted):
    assert is_exhausted(attempts, 8) is exhausted

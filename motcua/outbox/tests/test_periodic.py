"""When the worker runs a periodic job (outbox/periodic.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured

from motcua.outbox import periodic
from motcua.outbox.periodic import PeriodicJob, Schedule, register_periodic, run_due_jobs

NINE = datetime(2026, 3, 9, 2, 0, tzinfo=UTC)  # 09:00 in Vietnam
EVERY_5_MINUTES = PeriodicJob("flags", timedelta(minutes=5), lambda: None)


@pytest.fixture(autouse=True)
def no_jobs(monkeypatch):
    """Each test registers its own jobs, and none of the application's."""
    monkeypatch.setattr(periodic, "_jobs", {})


def test_a_job_never_run_is_due_at_once():
    assert Schedule().due([EVERY_5_MINUTES], NINE) == [EVERY_5_MINUTES]


def test_a_job_is_due_again_after_its_interval():
    schedule = Schedule()
    schedule.started(EVERY_5_MINUTES, NINE)
    assert schedule.due([EVERY_5_MINUTES], NINE + timedelta(minutes=4, seconds=59)) == []
    assert schedule.due([EVERY_5_MINUTES], NINE + timedelta(minutes=5)) == [EVERY_5_MINUTES]


def test_a_failing_job_is_logged_and_does_not_stop_the_others(caplog):
    calls: list[str] = []

    def broken() -> None:
        raise RuntimeError("no database")

    register_periodic("broken", timedelta(minutes=1), broken)
    register_periodic("reminders", timedelta(minutes=1), lambda: calls.append("reminders"))
    assert run_due_jobs(Schedule(), NINE) == {"broken": False, "reminders": True}
    assert calls == ["reminders"]
    assert "Periodic job broken failed" in caplog.text


def test_a_failed_job_waits_for_its_interval_like_any_other():
    schedule = Schedule()
    register_periodic("broken", timedelta(minutes=1), lambda: 1 / 0)
    assert run_due_jobs(schedule, NINE) == {"broken": False}
    assert run_due_jobs(schedule, NINE + timedelta(seconds=30)) == {}


def test_a_name_cannot_be_registered_twice_for_two_functions():
    register_periodic("flags", timedelta(minutes=5), list)
    register_periodic("flags", timedelta(minutes=5), list)  # ready() run twice: harmless
    with pytest.raises(ImproperlyConfigured, match="already registered"):
        register_periodic("flags", timedelta(minutes=5), dict)


def test_an_interval_must_be_positive():
    with pytest.raises(ImproperlyConfigured, match="positive interval"):
        register_periodic("flags", timedelta(0), list)

"""Periods are read as the national portal names them: year, quarter, month, or from/to."""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.reports.periods import VIETNAM, month_periods, parse_period


def test_it_reads_a_year_a_quarter_and_a_month() -> None:
    year, quarter, month = (parse_period(p) for p in ("2026", "2026-Q1", "2026-03"))
    assert (year.start.date(), year.end.date()) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert (quarter.start.date(), quarter.end.date()) == (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    assert month.label == "2026-03"
    assert month.end == dt.datetime(2026, 3, 31, 23, 59, 59, 999999, VIETNAM)


def test_it_reads_from_and_to_dates() -> None:
    period = parse_period(start=dt.date(2026, 3, 5), end=dt.date(2026, 3, 9))
    assert period.label == "05/03/2026 – 09/03/2026"


def test_no_period_is_the_current_year() -> None:
    assert parse_period(today=dt.date(2026, 12, 1)).label == "2026"


@pytest.mark.parametrize(
    ("period", "start", "end"),
    [
        ("2026-13", None, None),
        ("March", None, None),
        ("2026", dt.date(2026, 1, 1), None),
        ("", dt.date(2026, 3, 9), dt.date(2026, 3, 1)),
        ("", dt.date(2026, 3, 9), None),
    ],
)
def test_it_refuses_what_it_cannot_read_with_a_message(period, start, end) -> None:
    with pytest.raises(ValueError, match=r"\w"):
        parse_period(period, start, end)


def test_the_trend_runs_to_the_current_month() -> None:
    assert [p.label for p in month_periods(2026, dt.date(2026, 3, 15))] == [
        "2026-01",
        "2026-02",
        "2026-03",
    ]
    assert len(month_periods(2025, dt.date(2026, 3, 15))) == 12

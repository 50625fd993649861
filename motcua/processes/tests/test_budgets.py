"""The budget arithmetic of internal processes, without a database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import translation

from motcua.deadlines.calendar import WorkingCalendar
from motcua.processes.admin import budget_warning, summary
from motcua.processes.budgets import (
    Verdict,
    add_working_time,
    budget_duration,
    check_budgets,
    step_due,
    working_day_length,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")
TET_2026 = frozenset(dt.date(2026, 2, d) for d in range(16, 21))  # Mon 16 to Fri 20/2/2026
CAL = WorkingCalendar(days_off=TET_2026)
RESIDENCE = [Decimal("0.5"), Decimal(4), Decimal("1.5"), Decimal(1)]  # 1.004222, 7 days


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=VN)


def test_seven_working_days_split_exactly_add_up():
    check = check_budgets(RESIDENCE, 7, "working_days")

    assert (check.verdict, check.total, check.fits) == (Verdict.EQUAL, Decimal(7), True)
    assert budget_warning(check) is None


def test_budgets_that_do_not_add_up_give_a_warning_not_a_refusal():
    short = check_budgets(RESIDENCE[:3], 7, "working_days")
    long = check_budgets([*RESIDENCE, Decimal(1)], 7, "working_days")

    assert (short.verdict, long.verdict) == (Verdict.UNDER, Verdict.OVER)
    with translation.override("en"):
        assert "6 working days, less than the legal time limit of 7" in str(budget_warning(short))
        assert "8 working days, more than the legal time limit of 7" in str(budget_warning(long))
        assert summary(long) == "8 / 7 working days — more than the limit"


def test_a_short_limit_is_budgeted_in_working_hours():
    check = check_budgets([Decimal(2), Decimal(4), Decimal(2)], 8, "working_hours")

    assert (check.verdict, check.unit) == (Verdict.EQUAL, "working_hours")
    assert budget_duration(Decimal("1.5"), "working_hours", CAL) == dt.timedelta(minutes=90)
    # 3 hours from Monday 10:00: 1.5 h before the midday break, 1.5 h after it.
    assert step_due(at("2026-03-02 10:00"), Decimal(3), "working_hours", CAL) == at(
        "2026-03-02 15:00"
    )


def test_same_day_procedures_are_budgeted_in_hours_but_not_compared():
    check = check_budgets([Decimal(2), Decimal(3)], None, "same_day")

    assert (check.verdict, check.unit, check.fits) == (
        Verdict.NOT_COMPARABLE,
        "working_hours",
        True,
    )
    assert check_budgets([Decimal(10)], 30, "calendar_days").verdict is Verdict.NOT_COMPARABLE


def test_a_working_day_is_the_length_of_the_office_day():
    assert working_day_length(CAL) == dt.timedelta(hours=7, minutes=30)
    assert budget_duration(Decimal("0.5"), "working_days", CAL) == dt.timedelta(hours=3, minutes=45)


def test_a_step_due_time_skips_the_weekend():
    # Friday 10:00 + 1 working day: 5 h left on Friday, 2.5 h more on Monday morning.
    assert step_due(at("2026-03-06 10:00"), Decimal(1), "working_days", CAL) == at(
        "2026-03-09 10:00"
    )


def test_a_step_due_time_skips_tet_2026():
    # Thursday 12/2 10:00 + 2 working days: 5 h on Thursday, 7.5 h on Friday 13/2, then Tết
    # (16-20/2) and the weekends: the last 2.5 h on Monday 23/2.
    assert step_due(at("2026-02-12 10:00"), Decimal(2), "working_days", CAL) == at(
        "2026-02-23 10:00"
    )


def test_a_step_started_outside_working_hours_counts_from_the_next_opening():
    # Saturday 14/2, then Tết: the half day runs from Monday 23/2 07:30.
    assert step_due(at("2026-02-14 09:00"), Decimal("0.5"), "working_days", CAL) == at(
        "2026-02-23 11:15"
    )
    # A budget that ends exactly at the midday break ends there, not after it.
    assert add_working_time(at("2026-03-02 07:30"), dt.timedelta(hours=4), CAL) == at(
        "2026-03-02 11:30"
    )


def test_a_negative_budget_is_refused():
    import pytest

    with pytest.raises(ValueError, match="0 or more"):
        budget_duration(Decimal(-1), "working_days", CAL)

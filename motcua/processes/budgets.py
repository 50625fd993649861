"""The time budgets of an internal process's steps: pure arithmetic, no database imports.

Rules, one sentence each:
- A step's budget is a number in the unit of the procedure's legal time limit: working days
  for a limit in working days (and in calendar days or months, which the law counts the same
  way for the parts an agency handles), working hours for a limit in working hours or "within
  the day" (deadlines.rules, Unit).
- The budgets of the steps that run one after another should add up to the legal limit, so
  that each agency's allotted time is known (Circular 01/2018/TT-VPCP Art. 13, indicator 2
  compares each agency's time with its allotted time). Parallel (liên thông) steps run during
  another step, as consultations with their own deadline, and are not added.
- Only limits in working days or working hours can be compared with a sum of budgets; for the
  other units the check says so instead of guessing.
- A step's due time is its budget of working time counted from the moment the step starts,
  only inside working hours; one working day is the length of an office day (7.5 hours with
  the default hours 07:30-11:30, 13:30-17:00). So steps done one after another within their
  budgets never end after the legal due date, which counts whole days after the clock-start
  day (architecture.md, calendar rule 2).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from motcua.deadlines.calendar import WorkingCalendar
from motcua.deadlines.rules import LOCAL_TZ, Unit, to_local

HOURLY_UNITS = frozenset({Unit.WORKING_HOURS, Unit.SAME_DAY})
COMPARABLE_UNITS = frozenset({Unit.WORKING_DAYS, Unit.WORKING_HOURS})


class Verdict(StrEnum):
    EQUAL = "equal"
    UNDER = "under"
    OVER = "over"
    NOT_COMPARABLE = "not_comparable"


@dataclass(frozen=True)
class BudgetCheck:
    """How the sum of the sequential steps' budgets compares with the legal limit."""

    verdict: Verdict
    total: Decimal
    limit: int | None
    unit: str  # the budgets' unit: "working_days" or "working_hours"

    @property
    def fits(self) -> bool:
        """True when there is nothing to warn about."""
        return self.verdict in (Verdict.EQUAL, Verdict.NOT_COMPARABLE)


def budget_unit(limit_unit: str) -> Unit:
    """The unit budgets are written in for a procedure whose limit is in `limit_unit`."""
    return Unit.WORKING_HOURS if limit_unit in HOURLY_UNITS else Unit.WORKING_DAYS


def check_budgets(budgets: Iterable[Decimal], limit: int | None, limit_unit: str) -> BudgetCheck:
    """Compare the budgets of the sequential steps with the legal limit."""
    total = sum((Decimal(b) for b in budgets), Decimal(0))
    unit = budget_unit(limit_unit)
    if limit is None or limit_unit not in COMPARABLE_UNITS:
        return BudgetCheck(Verdict.NOT_COMPARABLE, total, limit, unit)
    if total == limit:
        verdict = Verdict.EQUAL
    else:
        verdict = Verdict.UNDER if total < limit else Verdict.OVER
    return BudgetCheck(verdict, total, limit, unit)


def working_day_length(cal: WorkingCalendar) -> dt.timedelta:
    """The working time of one office day: the sum of its intervals."""
    day = dt.date(2000, 1, 1)
    return sum(
        (
            dt.datetime.combine(day, end) - dt.datetime.combine(day, start)
            for start, end in cal.hours
        ),
        dt.timedelta(),
    )


def budget_duration(budget: Decimal, limit_unit: str, cal: WorkingCalendar) -> dt.timedelta:
    """The working time a budget stands for."""
    if budget < 0:
        raise ValueError(f"a budget must be 0 or more, not {budget}")
    if budget_unit(limit_unit) is Unit.WORKING_HOURS:
        seconds = Decimal(budget) * 3600
    else:
        seconds = Decimal(budget) * Decimal(working_day_length(cal).total_seconds())
    return dt.timedelta(seconds=int(seconds))


def add_working_time(start: dt.datetime, amount: dt.timedelta, cal: WorkingCalendar) -> dt.datetime:
    """The moment `amount` of working time after `start` (aware), counted only in working
    hours of working days, in Vietnam time. Zero from outside working hours is `start`."""
    start = to_local(start)
    if amount <= dt.timedelta():
        return start
    remaining, day = amount, start.date()
    if not cal.is_working_day(day):
        day = cal.next_working_day(day)
    while True:
        for opens, closes in cal.intervals(day, LOCAL_TZ):
            counted_from = max(opens, start)
            if counted_from >= closes:
                continue
            # `<=`: a budget that ends exactly at 11:30 is due at 11:30, not at 13:30.
            if remaining <= closes - counted_from:
                return counted_from + remaining
            remaining -= closes - counted_from
        day = cal.next_working_day(day)


def step_due(
    start: dt.datetime, budget: Decimal, limit_unit: str, cal: WorkingCalendar
) -> dt.datetime:
    """When a step that starts at `start` with `budget` is due."""
    return add_working_time(start, budget_duration(budget, limit_unit, cal), cal)

"""When a dossier's legal time limit runs out: pure due-date rules (architecture.md, calendar
rules 2-5; ADR 0004).

Rules, one sentence each:

- Time: ``received_at`` is the actual moment of receipt; every result is expressed in Vietnam
  time (Asia/Ho_Chi_Minh, UTC+7 all year, so there is no daylight-saving edge).
- Clock start (rule 3): inside working hours the clock starts at ``received_at``; before opening
  on a working day it starts at that day's opening; in the midday break at the afternoon
  opening; after closing or on a non-working day at the next working day's opening.
- ``working_days`` (rule 2; Decree 61/2018 Art. 19, domain.md §2.3): due at the closing of the
  Nth working day strictly after the clock-start date, so the clock-start day never counts.
- ``same_day`` (rule 4; the 15:00 rule of Decree 61/2018 Art. 18): due at the closing of the
  receipt day when received on a working day before the cutoff (and before closing); otherwise
  due at the closing of the next working day after the receipt day; the limit is ignored.
- ``working_hours`` (rule 5): N hours counted from the clock start, only inside working hours.
- ``calendar_days`` and ``months`` (rule 5): the clock-start date plus N days, or plus N
  calendar months with the day clamped to the month's last day, due at closing, rolled forward
  to the next working day when that date is not one.
- Invalid input (a naive ``received_at``, a missing or negative limit where the unit needs one,
  an unknown unit) raises ValueError with a message that says what is wrong.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from .calendar import WorkingCalendar, parse_time

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


class Unit(StrEnum):
    """The unit of a legal time limit; the same values as catalog.choices.LimitUnit."""

    WORKING_DAYS = "working_days"
    WORKING_HOURS = "working_hours"
    CALENDAR_DAYS = "calendar_days"
    MONTHS = "months"
    SAME_DAY = "same_day"


@dataclass(frozen=True)
class Deadline:
    """The three moments of a time limit, all aware datetimes in Vietnam time."""

    received_at: datetime
    clock_starts_at: datetime
    due_at: datetime


def parse_cutoff(text: str) -> time:
    """Return the same-day cutoff written as ``HH:MM`` (settings.SAME_DAY_CUTOFF, "15:00")."""
    return parse_time(text)


def to_local(moment: datetime) -> datetime:
    """Return ``moment`` in Vietnam time; raise ValueError when it has no time zone."""
    if moment.utcoffset() is None:
        raise ValueError("received_at must be timezone-aware (give an offset such as +07:00)")
    return moment.astimezone(LOCAL_TZ)


def clock_start(received_at: datetime, cal: WorkingCalendar) -> datetime:
    """Return the moment the clock starts for a dossier received at ``received_at`` (rule 3)."""
    received = to_local(received_at)
    # Intervals are half-open: 11:30 sharp is in the break, 17:00 sharp is after closing.
    for start, end in cal.intervals(received.date(), LOCAL_TZ):
        if received < start:
            return start
        if received < end:
            return received
    return cal.opening(cal.next_working_day(received.date()), LOCAL_TZ)


def compute_deadline(
    received_at: datetime, limit: int | None, unit: str, cal: WorkingCalendar, cutoff: time
) -> Deadline:
    """Return when the time limit of a dossier received at ``received_at`` starts and ends."""
    kind = _unit(unit)
    received = to_local(received_at)
    starts_at = clock_start(received, cal)
    if kind is Unit.SAME_DAY:
        due_at = _same_day_due(received, cal, cutoff)
    else:
        due_at = _DUE_RULES[kind](starts_at, _checked_limit(limit, kind), cal)
    return Deadline(received_at=received, clock_starts_at=starts_at, due_at=due_at)


def add_months(d: date, n: int) -> date:
    """Return ``d`` plus ``n`` calendar months, clamping the day (31/1 + 1 month = 28/2 or 29/2)."""
    year, month0 = divmod(d.year * 12 + d.month - 1 + n, 12)
    month = month0 + 1
    return date(year, month, min(d.day, monthrange(year, month)[1]))


def _unit(unit: str) -> Unit:
    try:
        return Unit(unit)
    except ValueError:
        expected = ", ".join(Unit)
        raise ValueError(f"unknown time-limit unit {unit!r}; expected one of: {expected}") from None


def _checked_limit(limit: int | None, unit: Unit) -> int:
    if limit is None:
        raise ValueError(f"a time limit is required for the unit {unit}")
    if limit < 0:
        raise ValueError(f"the time limit must be 0 or more, not {limit}")
    return limit


def _same_day_due(received: datetime, cal: WorkingCalendar, cutoff: time) -> datetime:
    day = received.date()
    closing = cal.closing(day, LOCAL_TZ)
    # A cutoff set later than closing must not let a dossier be due before its clock starts.
    if cal.is_working_day(day) and received.time() < cutoff and received < closing:
        return closing
    return cal.closing(cal.next_working_day(day), LOCAL_TZ)


def _working_days_due(starts_at: datetime, n: int, cal: WorkingCalendar) -> datetime:
    return cal.closing(cal.add_working_days(starts_at.date(), n), LOCAL_TZ)


def _working_hours_due(starts_at: datetime, n: int, cal: WorkingCalendar) -> datetime:
    remaining = timedelta(hours=n)
    day = starts_at.date()
    while True:
        for opens, closes in cal.intervals(day, LOCAL_TZ):
            counted_from = max(opens, starts_at)
            if counted_from >= closes:
                continue
            # `<=`: a limit that ends exactly at 11:30 is due at 11:30, not at 13:30.
            if remaining <= closes - counted_from:
                return counted_from + remaining
            remaining -= closes - counted_from
        day = cal.next_working_day(day)


def _calendar_days_due(starts_at: datetime, n: int, cal: WorkingCalendar) -> datetime:
    return _closing_rolled_forward(starts_at.date() + timedelta(days=n), cal)


def _months_due(starts_at: datetime, n: int, cal: WorkingCalendar) -> datetime:
    return _closing_rolled_forward(add_months(starts_at.date(), n), cal)


def _closing_rolled_forward(d: date, cal: WorkingCalendar) -> datetime:
    if not cal.is_working_day(d):
        d = cal.next_working_day(d)
    return cal.closing(d, LOCAL_TZ)


_DUE_RULES: dict[Unit, Callable[[datetime, int, WorkingCalendar], datetime]] = {
    Unit.WORKING_DAYS: _working_days_due,
    Unit.WORKING_HOURS: _working_hours_due,
    Unit.CALENDAR_DAYS: _calendar_days_due,
    Unit.MONTHS: _months_due,
}

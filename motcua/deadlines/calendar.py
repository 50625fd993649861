"""Working-day arithmetic of the Vietnamese civil service, as a pure value (ADR 0004).

Rules, one sentence each:

- Working week: Monday to Friday; Saturday and Sunday are weekly rest days (the 40-hour
  civil-service week of Decision 188/1999/QĐ-TTg, universal practice though not checked in a
  primary source, domain.md §5) unless a decision makes one a working day.
- Days off: the public holidays of Labour Code 45/2019/QH14 Art. 112, the compensatory days of
  Art. 111.3 (a holiday on a rest day is paid back on the next working day), and the yearly
  decisions that fix Tết and National Day (Art. 112.3) or swap a weekday with a Saturday.
- Extra working days (a make-up Saturday of a swap) are working days even when they would
  otherwise be a rest day or a day off, because a decision names them explicitly.
- Working hours are the office hours of the one-stop section, half-open intervals
  ``[start, end)`` of one day; the clock of a dossier only runs inside them.
- Counting is exclusive of the start day: ``add_working_days(d, n)`` is the nth working day
  strictly after ``d`` and ``working_days_between(a, b)`` counts working days in ``(a, b]``, so
  the two are inverse (architecture.md, calendar rule 2).

Nothing here knows where the days come from: ``provider.py`` builds the calendar from the
``holidays`` package and the table of yearly decisions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

Interval = tuple[time, time]

WEEKEND = frozenset({5, 6})  # date.weekday(): Saturday, Sunday

_ONE_DAY = timedelta(days=1)


def parse_time(text: str) -> time:
    """Return the time written as ``HH:MM``; raise ValueError on anything else."""
    try:
        hours, minutes = text.strip().split(":")
        return time(int(hours), int(minutes))
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a time of the form HH:MM") from exc


def parse_working_hours(text: str) -> tuple[Interval, ...]:
    """Return the intervals of ``"07:30-11:30,13:30-17:00"``; raise ValueError if malformed.

    The intervals must be non-empty, in order and apart, so that every instant of a day lies
    in at most one of them.
    """
    intervals: list[Interval] = []
    for part in text.split(","):
        start, sep, end = part.partition("-")
        if not sep:
            raise ValueError(f"{part.strip()!r} is not an interval of the form HH:MM-HH:MM")
        intervals.append((parse_time(start), parse_time(end)))
    result = tuple(intervals)
    _check_hours(result)
    return result


def _check_hours(hours: tuple[Interval, ...]) -> None:
    if not hours:
        raise ValueError("working hours need at least one interval")
    previous_end = time.min
    for start, end in hours:
        if not start < end:
            raise ValueError(f"interval {start:%H:%M}-{end:%H:%M} ends before it starts")
        if start < previous_end:
            raise ValueError("working-hour intervals must be in order and must not overlap")
        previous_end = end


# The default of settings.WORKING_HOURS: 07:30-11:30 and 13:30-17:00.
DEFAULT_HOURS = ((time(7, 30), time(11, 30)), (time(13, 30), time(17, 0)))


@dataclass(frozen=True)
class WorkingCalendar:
    """Which days are working days, and the office hours of a working day.

    ``extra_working_days`` win over both the weekend and ``days_off``.
    """

    days_off: frozenset[date] = frozenset()
    extra_working_days: frozenset[date] = frozenset()
    weekend: frozenset[int] = WEEKEND
    hours: tuple[Interval, ...] = DEFAULT_HOURS

    def __post_init__(self) -> None:
        # A week with no working weekday would make next_working_day search forever.
        if not self.weekend < frozenset(range(7)):
            raise ValueError("weekend must be a subset of 0..6 (Monday..Sunday) leaving a workday")
        _check_hours(self.hours)

    def with_overrides(
        self, *, off: Iterable[date] = (), working: Iterable[date] = ()
    ) -> WorkingCalendar:
        """Return a copy where ``off`` days are days off and ``working`` days are working days.

        The overrides win over everything this calendar already says, which is how the yearly
        decision table wins over the statutory holidays (ADR 0004, rule 1).
        """
        off_days, working_days = frozenset(off), frozenset(working)
        if off_days & working_days:
            raise ValueError("a day cannot be both a day off and a working day")
        return WorkingCalendar(
            days_off=(self.days_off - working_days) | off_days,
            extra_working_days=(self.extra_working_days - off_days) | working_days,
            weekend=self.weekend,
            hours=self.hours,
        )

    def is_working_day(self, d: date) -> bool:
        """Return True when ``d`` is a working day."""
        if d in self.extra_working_days:
            return True
        return d.weekday() not in self.weekend and d not in self.days_off

    def next_working_day(self, d: date) -> date:
        """Return the first working day strictly after ``d``."""
        return self._step(d, _ONE_DAY)

    def previous_working_day(self, d: date) -> date:
        """Return the last working day strictly before ``d``."""
        return self._step(d, -_ONE_DAY)

    def _step(self, d: date, step: timedelta) -> date:
        d += step
        while not self.is_working_day(d):
            d += step
        return d

    def add_working_days(self, d: date, n: int) -> date:
        """Return the nth working day strictly after ``d`` (strictly before it when n < 0).

        ``n == 0`` returns ``d`` itself, working day or not.
        """
        for _ in range(abs(n)):
            d = self.next_working_day(d) if n > 0 else self.previous_working_day(d)
        return d

    def working_days_between(self, a: date, b: date) -> int:
        """Return the number of working days in ``(a, b]``: after ``a``, up to and including ``b``.

        Swapping the arguments flips the sign, so the result is negative when ``b < a`` and 0
        when ``a == b``. For ``n >= 0``, ``working_days_between(d, add_working_days(d, n)) == n``.
        """
        if b < a:
            return -self.working_days_between(b, a)
        days = (b - a).days
        return sum(self.is_working_day(a + timedelta(days=i)) for i in range(1, days + 1))

    def opening(self, d: date, tz: tzinfo | None = None) -> datetime:
        """Return the moment the office opens on ``d`` (whether or not ``d`` is a working day)."""
        return datetime.combine(d, self.hours[0][0], tzinfo=tz)

    def closing(self, d: date, tz: tzinfo | None = None) -> datetime:
        """Return the moment the office closes on ``d``: the end of the last interval."""
        return datetime.combine(d, self.hours[-1][1], tzinfo=tz)

    def intervals(self, d: date, tz: tzinfo | None = None) -> list[tuple[datetime, datetime]]:
        """Return the working intervals of ``d`` as datetimes; [] on a non-working day."""
        if not self.is_working_day(d):
            return []
        return [
            (datetime.combine(d, start, tzinfo=tz), datetime.combine(d, end, tzinfo=tz))
            for start, end in self.hours
        ]

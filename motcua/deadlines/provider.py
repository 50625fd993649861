"""The working calendar of this installation: statutory days from the `holidays` package, the
yearly decision table on top of it, and the office hours from settings (ADR 0004).

The built calendar is kept in the process and rebuilt when the calendar version in the shared
cache changes (versioning.py), when the year changes, or when settings.WORKING_HOURS does.
"""

from __future__ import annotations

from datetime import date, datetime, time

import holidays
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from .calendar import WorkingCalendar, parse_working_hours
from .models import CalendarEntry, DayKind
from .rules import Deadline, compute_deadline, parse_cutoff
from .versioning import calendar_version

# The package is asked for these years only; later years fall back to weekends alone, so the
# range runs a few years past the longest time limits a dossier received today can have.
FIRST_YEAR = 2020
YEARS_AHEAD = 5

# Rebuilding is idempotent, so two threads that rebuild at once need no lock: the last wins.
_built: tuple[tuple[str, int, str], WorkingCalendar] | None = None


def get_calendar() -> WorkingCalendar:
    """Return the working calendar, rebuilt only when something it depends on has changed."""
    global _built
    # Read the version before the rows: a change in between is then seen on the next call.
    key = (calendar_version(), timezone.localdate().year, settings.WORKING_HOURS)
    built = _built
    if built is None or built[0] != key:
        built = (key, build_calendar(key[1]))
        _built = built
    return built[1]


def build_calendar(this_year: int) -> WorkingCalendar:
    """Return the calendar of the package's statutory days with the decision table on top."""
    years = range(FIRST_YEAR, this_year + YEARS_AHEAD + 1)
    statutory = holidays.country_holidays("VN", years=years)
    package = WorkingCalendar(
        days_off=frozenset(statutory),
        # The package's own swaps: the make-up Saturday of each substituted day off.
        extra_working_days=frozenset(d for d in statutory.weekend_workdays if d.year in years),
        hours=_working_hours(),
    )
    off, working = table_overrides()
    return package.with_overrides(off=off, working=working)


def table_overrides() -> tuple[frozenset[date], frozenset[date]]:
    """Return the days off and the working days of the decision table."""
    rows = CalendarEntry.objects.values_list("date", "kind")
    off = frozenset(d for d, kind in rows if kind == DayKind.DAY_OFF)
    working = frozenset(d for d, kind in rows if kind == DayKind.WORKING_DAY)
    return off, working


def deadline_for(received_at: datetime, limit: int | None, unit: str) -> Deadline:
    """Return the deadline of a dossier received at ``received_at`` (an aware datetime).

    Raises ValueError for input rules.compute_deadline refuses.
    """
    return compute_deadline(received_at, limit, unit, get_calendar(), same_day_cutoff())


def same_day_cutoff() -> time:
    """Return settings.SAME_DAY_CUTOFF (Decree 61/2018 Art. 18: 15:00) as a time."""
    try:
        return parse_cutoff(settings.SAME_DAY_CUTOFF)
    except ValueError as exc:
        raise ImproperlyConfigured(f"SAME_DAY_CUTOFF: {exc}") from exc


def _working_hours() -> tuple[tuple[time, time], ...]:
    try:
        return parse_working_hours(settings.WORKING_HOURS)
    except ValueError as exc:
        raise ImproperlyConfigured(f"WORKING_HOURS: {exc}") from exc

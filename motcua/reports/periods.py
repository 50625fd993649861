"""Reporting periods: "2026", "2026-Q1", "2026-03", or from/to dates (issue 7, §2).

Pure: no database. A period runs from the first moment of its first day to the last moment of
its last day, in the province's time zone (Vietnam has one, UTC+7), so that a dossier received
at 23:30 on 31 March falls in March as its dossier code's YYMMDD says (architecture.md, rule 3).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from .kpi_rows import Period

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
FIRST_YEAR, LAST_YEAR = 2000, 2100
# Longer spans are refused: a province-wide drill-down over decades helps nobody.
MAX_DAYS = 3 * 366

_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$", re.IGNORECASE)
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_period(
    period: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    today: dt.date | None = None,
    tz: dt.tzinfo = VIETNAM,
) -> Period:
    """Return the period named by `period`, or spanning `start`–`end`; the current year when
    neither is given. Raise ValueError with a message a person can read."""
    text = (period or "").strip()
    if text and (start or end):
        raise ValueError(_("Give either a period or from/to dates, not both."))
    if text:
        first, last, label = _named(text)
    elif start or end:
        first, last = _bounds(start, end)
        label = f"{first:%d/%m/%Y} – {last:%d/%m/%Y}"
    else:
        year = (today or dt.date.today()).year
        first, last, label = dt.date(year, 1, 1), dt.date(year, 12, 31), str(year)
    return period_of(first, last, label, tz)


def period_of(first: dt.date, last: dt.date, label: str, tz: dt.tzinfo = VIETNAM) -> Period:
    """The period from the start of `first` to the end of `last` in `tz`."""
    return Period(
        dt.datetime.combine(first, dt.time.min, tz),
        dt.datetime.combine(last, dt.time.max, tz),
        label,
    )


def month_periods(year: int, upto: dt.date, tz: dt.tzinfo = VIETNAM) -> list[Period]:
    """The months of `year` up to the month of `upto` (all twelve for a past year)."""
    last = 12 if upto.year > year else (upto.month if upto.year == year else 0)
    return [_month(year, m, tz) for m in range(1, last + 1)]


def days_of(period: Period) -> tuple[dt.date, dt.date]:
    """The first and last day of the period, in its own time zone."""
    return period.start.date(), period.end.date()


def _named(text: str) -> tuple[dt.date, dt.date, str]:
    if m := _YEAR.match(text):
        year = _year(m.group(1))
        return dt.date(year, 1, 1), dt.date(year, 12, 31), str(year)
    if m := _QUARTER.match(text):
        year, quarter = _year(m.group(1)), int(m.group(2))
        first = dt.date(year, 3 * quarter - 2, 1)
        return first, month_end(dt.date(year, 3 * quarter, 1)), f"{year}-Q{quarter}"
    if m := _MONTH.match(text):
        year, month = _year(m.group(1)), int(m.group(2))
        if not 1 <= month <= 12:
            raise ValueError(_("There is no month %(month)s.") % {"month": m.group(2)})
        return dt.date(year, month, 1), month_end(dt.date(year, month, 1)), f"{year}-{month:02}"
    raise ValueError(_("Write the period as 2026, 2026-Q1 or 2026-03."))


def _bounds(start: dt.date | None, end: dt.date | None) -> tuple[dt.date, dt.date]:
    if start is None or end is None:
        raise ValueError(_("Give both the from and the to date."))
    if end < start:
        raise ValueError(_("The to date comes before the from date."))
    if (end - start).days > MAX_DAYS:
        raise ValueError(_("A period can span at most three years."))
    return start, end


def _year(text: str) -> int:
    year = int(text)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(_("There is no data for the year %(year)s.") % {"year": text})
    return year


def first_of(day: dt.date) -> dt.date:
    """The first day of `day`'s month."""
    return day.replace(day=1)


def month_end(day: dt.date) -> dt.date:
    """The last day of `day`'s month."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _month(year: int, month: int, tz: dt.tzinfo) -> Period:
    first = dt.date(year, month, 1)
    return period_of(first, month_end(first), f"{year}-{month:02}", tz)

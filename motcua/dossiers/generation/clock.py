"""Working time as one number line, so that generated officers act in office hours. Pure.

`WorkClock.index(t)` counts the working minutes before `t`; `moment(i)` turns a count back into
a time inside office hours. Adding minutes on this line skips nights, weekends and holidays
the way the working calendar does, which is what "1.5 working days later" means for an officer.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from zoneinfo import ZoneInfo

from motcua.deadlines.calendar import WorkingCalendar

VN = ZoneInfo("Asia/Ho_Chi_Minh")
DAY = 450  # working minutes of an ordinary day (07:30-11:30, 13:30-17:00), for gap sizes


class WorkClock:
    """The working minutes of `cal` from `first` to `last` (both dates included)."""

    def __init__(self, cal: WorkingCalendar, first: dt.date, last: dt.date) -> None:
        self.cal, self.first = cal, first
        self.starts: list[int] = []
        self.spans: list[tuple[tuple[int, int], ...]] = []
        hours = tuple((a.hour * 60 + a.minute, b.hour * 60 + b.minute) for a, b in cal.hours)
        total, day = 0, first
        while day <= last:
            spans = hours if cal.is_working_day(day) else ()
            self.starts.append(total)
            self.spans.append(spans)
            total += sum(b - a for a, b in spans)
            day += dt.timedelta(days=1)

    def index(self, t: dt.datetime) -> int:
        """Return the working minutes before `t` (the next working minute's count off hours)."""
        local = t.astimezone(VN)
        i = (local.date() - self.first).days
        minute = local.hour * 60 + local.minute
        done = 0
        for a, b in self.spans[i]:
            if minute <= a:
                break
            done += min(minute, b) - a
        return self.starts[i] + done

    def moment(self, index: int) -> dt.datetime:
        """Return the start of working minute `index`, a time inside office hours."""
        # The last day whose count starts at or before `index` holds that minute: a day off
        # adds nothing, so bisect_right skips past it to the working day after it.
        i = bisect_right(self.starts, index) - 1
        rest = index - self.starts[i]
        for a, b in self.spans[i]:
            if rest < b - a:
                minute = a + rest
                day = self.first + dt.timedelta(days=i)
                return dt.datetime(
                    day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=VN
                )
            rest -= b - a
        raise ValueError(f"working minute {index} is past the end of the clock")

    def closing(self, day: dt.date) -> dt.datetime:
        return self.cal.closing(day, VN)

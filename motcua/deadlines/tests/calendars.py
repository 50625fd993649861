"""The civil-service calendar of 2025-2026 written out by hand from domain.md §5, independent of
the `holidays` package and of the database, for the pure tests."""

from __future__ import annotations

from datetime import date, timedelta

from motcua.deadlines.calendar import WorkingCalendar


def _days(first: date, last: date) -> set[date]:
    return {first + timedelta(days=i) for i in range((last - first).days + 1)}


# Weekdays off; weekend days that are holidays change nothing and are left out.
DAYS_OFF_2025 = {
    date(2025, 1, 1),
    *_days(date(2025, 1, 27), date(2025, 1, 31)),  # Tết Ất Tỵ
    date(2025, 4, 7),  # Giỗ Tổ Hùng Vương
    date(2025, 4, 30),
    date(2025, 5, 1),
    date(2025, 5, 2),  # swapped with Sat 26/4/2025
    date(2025, 9, 1),
    date(2025, 9, 2),
}
DAYS_OFF_2026 = {
    date(2026, 1, 1),
    date(2026, 1, 2),  # swapped with Sat 10/1/2026 (12729/VPCP-KGVX)
    *_days(date(2026, 2, 16), date(2026, 2, 20)),  # Tết Bính Ngọ (9441/TB-BNV)
    date(2026, 4, 27),  # Giỗ Tổ on Sunday 26/4, paid back on Monday
    date(2026, 4, 30),
    date(2026, 5, 1),
    date(2026, 8, 31),  # swapped with Sat 22/8/2026 (9441/TB-BNV)
    date(2026, 9, 1),
    date(2026, 9, 2),
    date(2026, 11, 24),  # Ngày Văn hóa Việt Nam (Resolution 28/2026/QH16)
}
MAKE_UP_SATURDAYS = {date(2025, 4, 26), date(2026, 1, 10), date(2026, 8, 22)}

CIVIL_SERVICE = WorkingCalendar(
    days_off=frozenset(DAYS_OFF_2025 | DAYS_OFF_2026),
    extra_working_days=frozenset(MAKE_UP_SATURDAYS),
)

"""Due-date rules (deadlines/rules.py): pure, no database. Times are Vietnam time unless said."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.catalog.choices import LimitUnit
from motcua.deadlines.rules import (
    LOCAL_TZ,
    Deadline,
    Unit,
    add_months,
    clock_start,
    compute_deadline,
    parse_cutoff,
)

from .calendars import CIVIL_SERVICE

CUTOFF = time(15)


def vn(text: str) -> datetime:
    """2026-03-10 09:00 as an aware datetime in Vietnam time."""
    return datetime.fromisoformat(text).replace(tzinfo=LOCAL_TZ)


def due(received: str, limit: int | None, unit: str) -> datetime:
    return compute_deadline(vn(received), limit, unit, CIVIL_SERVICE, CUTOFF).due_at


# --- Clock start (rule 3) ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "starts"),
    [
        ("2026-03-10 09:00", "2026-03-10 09:00"),  # inside hours: the actual time
        ("2026-03-10 06:45", "2026-03-10 07:30"),  # before opening
        ("2026-03-10 07:30", "2026-03-10 07:30"),
        ("2026-03-10 11:30", "2026-03-10 13:30"),  # the break starts at 11:30 sharp
        ("2026-03-10 12:00", "2026-03-10 13:30"),  # midday break
        ("2026-03-10 13:30", "2026-03-10 13:30"),
        ("2026-03-10 16:59", "2026-03-10 16:59"),
        ("2026-03-10 17:00", "2026-03-11 07:30"),  # closing is already after hours
        ("2026-03-10 19:00", "2026-03-11 07:30"),
        ("2026-03-07 10:00", "2026-03-09 07:30"),  # Saturday (architecture.md rule 2 example)
        ("2026-03-08 10:00", "2026-03-09 07:30"),  # Sunday
        ("2026-02-13 17:30", "2026-02-23 07:30"),  # Friday evening before Tết
        ("2026-02-17 09:00", "2026-02-23 07:30"),  # during Tết
        ("2025-12-31 17:00", "2026-01-05 07:30"),  # year end, 2/1/2026 swapped away
        ("2026-01-09 18:00", "2026-01-10 07:30"),  # the make-up Saturday opens
        ("2026-08-21 17:00", "2026-08-22 07:30"),
        ("2026-08-29 09:00", "2026-09-03 07:30"),  # National Day break 29/8-2/9
        ("2026-04-30 09:00", "2026-05-04 07:30"),
        ("2026-11-24 09:00", "2026-11-25 07:30"),  # Ngày Văn hóa Việt Nam
    ],
)
def test_it_starts_the_clock(received, starts):
    assert clock_start(vn(received), CIVIL_SERVICE) == vn(starts)


def test_it_reads_the_receipt_time_in_vietnam_time():
    assert clock_start(datetime(2026, 3, 10, 2, tzinfo=UTC), CIVIL_SERVICE) == vn(
        "2026-03-10 09:00"
    )


def test_it_converts_a_daylight_saving_time_by_its_fold():
    # 01:30 happens twice in New York on 1/11/2026: EDT (-04:00), then EST (-05:00).
    first = datetime(2026, 11, 1, 1, 30, tzinfo=ZoneInfo("America/New_York"))
    second = first.replace(fold=1)
    received = [
        compute_deadline(t, 1, "working_days", CIVIL_SERVICE, CUTOFF).received_at
        for t in (first, second)
    ]
    assert received == [vn("2026-11-01 12:30"), vn("2026-11-01 13:30")]


# --- Working days (rule 2) ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "limit", "expected"),
    [
        ("2026-02-13 09:00", 3, "2026-02-25 17:00"),  # Tết 16-20/2 and the weekends
        ("2026-03-07 10:00", 3, "2026-03-12 17:00"),  # Saturday: clock Mon 9/3 07:30
        ("2026-02-12 16:00", 1, "2026-02-13 17:00"),
        ("2026-02-13 17:30", 1, "2026-02-24 17:00"),  # after closing: clock starts 23/2
        ("2026-02-14 10:00", 1, "2026-02-24 17:00"),
        ("2026-03-10 12:00", 1, "2026-03-11 17:00"),  # midday break
        ("2026-03-10 06:00", 1, "2026-03-11 17:00"),  # before opening
        ("2026-04-29 10:00", 1, "2026-05-04 17:00"),
        ("2026-04-29 10:00", 2, "2026-05-05 17:00"),
        ("2026-08-20 10:00", 2, "2026-08-22 17:00"),  # the make-up Saturday counts
        ("2026-08-21 10:00", 3, "2026-08-25 17:00"),
        ("2026-08-27 10:00", 2, "2026-09-03 17:00"),  # 31/8-2/9 off
        ("2025-12-31 10:00", 2, "2026-01-06 17:00"),  # 1/1 and 2/1/2026 off
        ("2026-01-09 10:00", 1, "2026-01-10 17:00"),
        ("2026-11-23 10:00", 1, "2026-11-25 17:00"),
        ("2026-11-24 10:00", 1, "2026-11-26 17:00"),
        ("2026-03-10 09:00", 0, "2026-03-10 17:00"),
    ],
)
def test_working_days_are_due_at_the_end_of_the_nth_working_day_after_the_clock_starts(
    received, limit, expected
):
    assert due(received, limit, "working_days") == vn(expected)


def test_it_keeps_the_three_moments_in_vietnam_time():
    deadline = compute_deadline(
        datetime(2026, 2, 13, 2, tzinfo=UTC), 3, "working_days", CIVIL_SERVICE, CUTOFF
    )
    assert deadline == Deadline(
        received_at=vn("2026-02-13 09:00"),
        clock_starts_at=vn("2026-02-13 09:00"),
        due_at=vn("2026-02-25 17:00"),
    )
    assert deadline.due_at.utcoffset() == timedelta(hours=7)


# --- Same day (rule 4, Decree 61/2018 Art. 18) ----------------------------------------------------


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        ("2026-03-10 14:59", "2026-03-10 17:00"),
        ("2026-03-10 06:00", "2026-03-10 17:00"),  # before opening, before the cutoff
        ("2026-03-10 12:00", "2026-03-10 17:00"),
        ("2026-03-10 15:00", "2026-03-11 17:00"),  # at the cutoff
        ("2026-03-10 15:30", "2026-03-11 17:00"),
        ("2026-03-10 18:00", "2026-03-11 17:00"),  # after closing
        ("2026-03-07 10:00", "2026-03-09 17:00"),  # Saturday
        ("2026-02-13 15:30", "2026-02-23 17:00"),  # before Tết
        ("2026-01-09 16:00", "2026-01-10 17:00"),  # the make-up Saturday
        ("2025-12-31 15:30", "2026-01-05 17:00"),
        ("2026-11-23 15:30", "2026-11-25 17:00"),
        ("2026-11-24 09:00", "2026-11-25 17:00"),  # a day off
    ],
)
def test_same_day_is_due_tonight_unless_received_after_the_cutoff(received, expected):
    assert due(received, None, "same_day") == vn(expected)


def test_same_day_ignores_the_limit():
    assert due("2026-03-10 09:00", 5, "same_day") == vn("2026-03-10 17:00")


def test_a_cutoff_after_closing_never_makes_a_dossier_due_before_its_clock_starts():
    deadline = compute_deadline(vn("2026-03-10 17:30"), None, "same_day", CIVIL_SERVICE, time(18))
    assert deadline.due_at == vn("2026-03-11 17:00")


# --- Working hours, calendar days, months (rule 5) ----------------------------------------------


@pytest.mark.parametrize(
    ("received", "limit", "expected"),
    [
        ("2026-03-10 09:00", 2, "2026-03-10 11:00"),
        ("2026-03-10 09:30", 2, "2026-03-10 11:30"),  # ends at the break, not after it
        ("2026-03-10 09:00", 8, "2026-03-11 09:30"),
        ("2026-03-10 12:00", 1, "2026-03-10 14:30"),  # clock starts 13:30
        ("2026-03-10 16:00", 2, "2026-03-11 08:30"),
        ("2026-03-10 07:30", 15, "2026-03-11 17:00"),  # two full days of 7.5 hours
        ("2026-02-13 16:00", 4, "2026-02-23 10:30"),  # 1 hour before Tết, 3 after
        ("2026-03-10 09:00", 0, "2026-03-10 09:00"),
    ],
)
def test_working_hours_count_only_office_hours(received, limit, expected):
    assert due(received, limit, "working_hours") == vn(expected)


@pytest.mark.parametrize(
    ("received", "limit", "expected"),
    [
        ("2026-03-10 09:00", 10, "2026-03-20 17:00"),
        ("2026-03-10 09:00", 4, "2026-03-16 17:00"),  # Saturday 14/3 rolls to Monday
        ("2026-02-06 09:00", 10, "2026-02-23 17:00"),  # 16/2 is Tết
        ("2026-08-19 09:00", 3, "2026-08-22 17:00"),  # the make-up Saturday is a working day
        ("2026-11-14 10:00", 8, "2026-11-25 17:00"),  # clock Mon 16/11; 24/11 is off
        ("2025-12-22 09:00", 10, "2026-01-05 17:00"),
    ],
)
def test_calendar_days_roll_forward_to_a_working_day(received, limit, expected):
    assert due(received, limit, "calendar_days") == vn(expected)


@pytest.mark.parametrize(
    ("received", "limit", "expected"),
    [
        ("2026-01-30 09:00", 1, "2026-03-02 17:00"),  # 30/1 + 1 month = 28/2 (Saturday)
        ("2026-01-16 09:00", 1, "2026-02-23 17:00"),  # 16/2 is Tết
        ("2026-07-31 09:00", 1, "2026-09-03 17:00"),  # 31/8 swapped away, 1-2/9 off
        ("2026-03-31 09:00", 2, "2026-06-01 17:00"),  # 31/5 is a Sunday
        ("2025-11-28 09:00", 2, "2026-01-28 17:00"),
        ("2025-10-24 09:00", 12, "2026-10-26 17:00"),
    ],
)
def test_months_are_calendar_months_rolled_forward(received, limit, expected):
    assert due(received, limit, "months") == vn(expected)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 3, 15), -3, date(2025, 12, 15)),
    ],
)
def test_it_adds_calendar_months_clamping_the_day(start, n, expected):
    assert add_months(start, n) == expected


# --- Invalid input --------------------------------------------------------------------------------


def test_it_refuses_a_naive_receipt_time():
    with pytest.raises(ValueError, match="timezone-aware"):
        compute_deadline(datetime(2026, 3, 10, 9), 3, "working_days", CIVIL_SERVICE, CUTOFF)


@pytest.mark.parametrize("unit", ["working_days", "working_hours", "calendar_days", "months"])
def test_it_needs_a_limit_except_for_same_day(unit):
    with pytest.raises(ValueError, match=f"required for the unit {unit}"):
        compute_deadline(vn("2026-03-10 09:00"), None, unit, CIVIL_SERVICE, CUTOFF)


def test_it_refuses_a_negative_limit():
    with pytest.raises(ValueError, match="0 or more"):
        compute_deadline(vn("2026-03-10 09:00"), -1, "working_days", CIVIL_SERVICE, CUTOFF)


def test_it_refuses_an_unknown_unit():
    with pytest.raises(ValueError, match="unknown time-limit unit 'weeks'"):
        compute_deadline(vn("2026-03-10 09:00"), 1, "weeks", CIVIL_SERVICE, CUTOFF)


def test_it_parses_the_cutoff():
    assert parse_cutoff("15:00") == time(15)


def test_its_units_are_the_catalog_units():
    assert {u.value for u in Unit} == set(LimitUnit.values)


# --- Properties ----------------------------------------------------------------------------------

ZONES = [
    LOCAL_TZ,
    UTC,
    ZoneInfo("Europe/Paris"),
    ZoneInfo("America/New_York"),
    ZoneInfo("Australia/Sydney"),
]
receipts = st.datetimes(
    min_value=datetime(2024, 7, 1),
    max_value=datetime(2026, 12, 31),
    timezones=st.sampled_from(ZONES),
)
units = st.sampled_from(list(Unit))
limits = st.integers(min_value=0, max_value=40)


def in_working_hours(moment: datetime) -> bool:
    local = moment.astimezone(LOCAL_TZ)
    return CIVIL_SERVICE.is_working_day(local.date()) and any(
        start <= local.time() < end for start, end in CIVIL_SERVICE.hours
    )


@given(received=receipts, limit=limits, unit=units)
def test_the_three_moments_come_in_order(received, limit, unit):
    deadline = compute_deadline(received, limit, unit, CIVIL_SERVICE, CUTOFF)
    # Through UTC: Python says an ambiguous local time (a DST fold) never equals another zone's.
    assert deadline.received_at == received.astimezone(UTC)
    assert deadline.due_at >= deadline.clock_starts_at >= deadline.received_at
    assert {m.utcoffset() for m in vars(deadline).values()} == {timedelta(hours=7)}


@given(received=receipts)
def test_the_clock_always_starts_inside_working_hours(received):
    assert in_working_hours(clock_start(received, CIVIL_SERVICE))


@given(received=receipts, limit=limits, unit=units)
def test_it_is_always_due_on_a_working_day(received, limit, unit):
    due_at = compute_deadline(received, limit, unit, CIVIL_SERVICE, CUTOFF).due_at
    assert CIVIL_SERVICE.is_working_day(due_at.astimezone(LOCAL_TZ).date())


@given(received=receipts, limit=limits)
def test_working_days_end_at_closing_n_working_days_after_the_clock_start(received, limit):
    deadline = compute_deadline(received, limit, "working_days", CIVIL_SERVICE, CUTOFF)
    assert deadline.due_at.time() == time(17)
    assert (
        CIVIL_SERVICE.working_days_between(deadline.clock_starts_at.date(), deadline.due_at.date())
        == limit
    )


@given(received=receipts, limit=limits)
def test_one_more_working_hour_is_due_later(received, limit):
    def hours(n: int) -> datetime:
        return compute_deadline(received, n, "working_hours", CIVIL_SERVICE, CUTOFF).due_at

    assert hours(limit) < hours(limit + 1)

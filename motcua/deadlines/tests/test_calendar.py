"""Working-day arithmetic (deadlines/calendar.py): pure, no database."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.deadlines.calendar import (
    DEFAULT_HOURS,
    WorkingCalendar,
    parse_time,
    parse_working_hours,
)

from .calendars import CIVIL_SERVICE

D = date

# --- Parsing the office hours ----------------------------------------------------------------


def test_it_parses_the_default_working_hours():
    assert parse_working_hours("07:30-11:30,13:30-17:00") == DEFAULT_HOURS


def test_it_tolerates_spaces_in_working_hours():
    assert parse_working_hours(" 08:00 - 12:00 , 13:00-16:30 ") == (
        (time(8), time(12)),
        (time(13), time(16, 30)),
    )


@pytest.mark.parametrize(
    "text",
    [
        "",
        "07:30",
        "7h30-11h30",
        "17:00-07:30",
        "07:30-07:30",
        "07:30-12:00,11:00-17:00",
        "13:30-17:00,07:30-11:30",
        "07:30-25:00",
    ],
)
def test_it_rejects_malformed_working_hours(text):
    with pytest.raises(ValueError):  # noqa: PT011 - each case has its own message
        parse_working_hours(text)


def test_it_parses_a_time():
    assert parse_time("15:00") == time(15)


def test_it_rejects_a_time_that_is_not_hh_mm():
    with pytest.raises(ValueError, match="HH:MM"):
        parse_time("3pm")


def test_it_refuses_a_week_without_a_working_weekday():
    with pytest.raises(ValueError, match="weekend"):
        WorkingCalendar(weekend=frozenset(range(7)))


# --- Which days are working days ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2026, 3, 6), True),  # an ordinary Friday
        (D(2026, 3, 7), False),  # Saturday
        (D(2026, 3, 8), False),  # Sunday
        (D(2026, 1, 1), False),  # New Year
        (D(2026, 1, 2), False),  # Friday swapped away (12729/VPCP-KGVX)
        (D(2026, 1, 10), True),  # the Saturday that pays it back
        (D(2026, 2, 13), True),  # last working day before Tết
        (D(2026, 2, 16), False),
        (D(2026, 2, 20), False),
        (D(2026, 2, 23), True),  # first working day after Tết
        (D(2026, 4, 27), False),  # Giỗ Tổ fell on Sunday 26/4: compensatory Monday (Art. 111.3)
        (D(2026, 4, 30), False),
        (D(2026, 5, 1), False),
        (D(2026, 8, 22), True),  # make-up Saturday for 31/8 (9441/TB-BNV)
        (D(2026, 8, 31), False),
        (D(2026, 9, 2), False),
        (D(2026, 9, 3), True),
        (D(2026, 11, 23), True),  # no swap around Culture Day was decided
        (D(2026, 11, 24), False),  # Ngày Văn hóa Việt Nam
        (D(2025, 4, 26), True),  # make-up Saturday of 2025
        (D(2025, 5, 2), False),
    ],
)
def test_it_knows_the_working_days_of_the_civil_service(day, working):
    assert CIVIL_SERVICE.is_working_day(day) is working


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2025, 12, 31), D(2026, 1, 5)),  # year end: 1/1 and 2/1 off, then the weekend
        (D(2026, 1, 9), D(2026, 1, 10)),  # the make-up Saturday
        (D(2026, 2, 13), D(2026, 2, 23)),  # over Tết
        (D(2026, 4, 29), D(2026, 5, 4)),  # over 30/4-1/5
        (D(2026, 8, 21), D(2026, 8, 22)),
        (D(2026, 8, 28), D(2026, 9, 3)),  # over 29/8-2/9
        (D(2026, 11, 23), D(2026, 11, 25)),
        (D(2026, 3, 7), D(2026, 3, 9)),  # from a Saturday
    ],
)
def test_it_finds_the_next_working_day_strictly_after(day, expected):
    assert CIVIL_SERVICE.next_working_day(day) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2026, 2, 23), D(2026, 2, 13)),
        (D(2026, 9, 3), D(2026, 8, 28)),
        (D(2026, 1, 5), D(2025, 12, 31)),
    ],
)
def test_it_finds_the_previous_working_day_strictly_before(day, expected):
    assert CIVIL_SERVICE.previous_working_day(day) == expected


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2026, 2, 13), 3, D(2026, 2, 25)),  # Tết 16-20/2 and two weekends skipped
        (D(2026, 3, 9), 3, D(2026, 3, 12)),
        (D(2026, 3, 7), 1, D(2026, 3, 9)),  # counting from a Saturday
        (D(2025, 12, 31), 1, D(2026, 1, 5)),
        (D(2025, 12, 31), 6, D(2026, 1, 10)),  # the make-up Saturday counts
        (D(2026, 4, 29), 1, D(2026, 5, 4)),
        (D(2026, 8, 20), 2, D(2026, 8, 22)),
        (D(2026, 8, 20), 4, D(2026, 8, 25)),
        (D(2026, 8, 27), 2, D(2026, 9, 3)),
        (D(2026, 11, 23), 1, D(2026, 11, 25)),
        (D(2026, 3, 10), 0, D(2026, 3, 10)),
        (D(2026, 3, 7), 0, D(2026, 3, 7)),  # zero days is the day itself, working or not
        (D(2026, 2, 25), -3, D(2026, 2, 13)),  # negative counts backwards
    ],
)
def test_it_adds_working_days(start, n, expected):
    assert CIVIL_SERVICE.add_working_days(start, n) == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (D(2026, 2, 13), D(2026, 2, 25), 3),
        (D(2026, 3, 10), D(2026, 3, 10), 0),
        (D(2026, 2, 25), D(2026, 2, 13), -3),
        (D(2026, 3, 6), D(2026, 3, 9), 1),  # (Fri, Mon]: only Monday
        (D(2026, 3, 7), D(2026, 3, 8), 0),  # a weekend
        (D(2025, 12, 31), D(2026, 1, 10), 6),  # 5-9/1 and the make-up Saturday
        (D(2026, 8, 28), D(2026, 9, 2), 0),  # the National Day break
    ],
)
def test_it_counts_working_days_after_a_up_to_and_including_b(a, b, expected):
    assert CIVIL_SERVICE.working_days_between(a, b) == expected


# --- Office hours --------------------------------------------------------------------------------


def test_it_opens_and_closes_at_the_ends_of_the_working_hours():
    assert CIVIL_SERVICE.opening(D(2026, 3, 10)) == datetime(2026, 3, 10, 7, 30)
    assert CIVIL_SERVICE.closing(D(2026, 3, 10), UTC) == datetime(2026, 3, 10, 17, tzinfo=UTC)


def test_it_lists_the_intervals_of_a_working_day_only():
    assert CIVIL_SERVICE.intervals(D(2026, 3, 10)) == [
        (datetime(2026, 3, 10, 7, 30), datetime(2026, 3, 10, 11, 30)),
        (datetime(2026, 3, 10, 13, 30), datetime(2026, 3, 10, 17)),
    ]
    assert CIVIL_SERVICE.intervals(D(2026, 2, 17)) == []


# --- The decision table on top of the package (rule 1) -------------------------------------------


def test_an_override_day_off_wins_over_an_extra_working_day():
    cal = CIVIL_SERVICE.with_overrides(off=[D(2026, 8, 22)])
    assert not cal.is_working_day(D(2026, 8, 22))


def test_an_override_working_day_wins_over_a_holiday_and_the_weekend():
    cal = CIVIL_SERVICE.with_overrides(working=[D(2026, 4, 30), D(2026, 3, 7)])
    assert cal.is_working_day(D(2026, 4, 30))
    assert cal.is_working_day(D(2026, 3, 7))


def test_it_refuses_a_day_that_is_both_off_and_working():
    with pytest.raises(ValueError, match="both"):
        CIVIL_SERVICE.with_overrides(off=[D(2026, 3, 9)], working=[D(2026, 3, 9)])


# --- Properties -----------------------------------------------------------------------------------

days = st.dates(min_value=D(2024, 6, 1), max_value=D(2027, 6, 30))
counts = st.integers(min_value=0, max_value=60)


@st.composite
def calendars(draw: st.DrawFn) -> WorkingCalendar:
    """Any calendar: a random weekend (never the whole week) and random days off and extra days."""
    some_days = st.frozensets(days, max_size=80)
    return WorkingCalendar(
        days_off=draw(some_days),
        extra_working_days=draw(some_days),
        weekend=draw(st.frozensets(st.integers(0, 6), max_size=6)),
    )


@given(cal=calendars(), d=days, n=st.integers(min_value=1, max_value=60))
def test_it_always_lands_on_a_working_day(cal, d, n):
    assert cal.is_working_day(cal.add_working_days(d, n))


@given(cal=calendars(), d=days, n=counts)
def test_counting_undoes_adding(cal, d, n):
    assert cal.working_days_between(d, cal.add_working_days(d, n)) == n


@given(d=days, n=st.integers(min_value=-60, max_value=60))
def test_counting_undoes_adding_backwards_from_a_working_day(d, n):
    if not CIVIL_SERVICE.is_working_day(d):
        d = CIVIL_SERVICE.next_working_day(d)
    assert CIVIL_SERVICE.working_days_between(d, CIVIL_SERVICE.add_working_days(d, n)) == n


@given(cal=calendars(), a=days, b=days, c=days)
def test_counting_is_antisymmetric_and_additive(cal, a, b, c):
    assert cal.working_days_between(a, b) == -cal.working_days_between(b, a)
    assert cal.working_days_between(a, b) + cal.working_days_between(b, c) == (
        cal.working_days_between(a, c)
    )


@given(cal=calendars(), d=days)
def test_no_working_day_is_skipped(cal, d):
    nxt = cal.next_working_day(d)
    assert nxt > d
    assert not any(cal.is_working_day(d + timedelta(days=i)) for i in range(1, (nxt - d).days))

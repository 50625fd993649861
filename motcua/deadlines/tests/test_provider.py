"""The installation's calendar (deadlines/provider.py): the package, the table on top, the cache."""

from __future__ import annotations

import functools
import io
from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from motcua.deadlines.models import CalendarEntry, DayKind
from motcua.deadlines.provider import deadline_for, get_calendar
from motcua.deadlines.rules import LOCAL_TZ
from motcua.deadlines.versioning import NAME
from motcua.lib.versions import cache_key

from .calendars import CIVIL_SERVICE

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs the writes' on-commit callbacks (the version bump) at its end,
    as a real commit would; the test's own transaction never commits."""
    return functools.partial(django_capture_on_commit_callbacks, execute=True)


@pytest.fixture
def decisions(committed):
    with committed():
        call_command("load_calendar", stdout=io.StringIO())


def entry(day: date, kind: str) -> CalendarEntry:
    return CalendarEntry(date=day, kind=kind, name="Test", source="Test 1/2026")


def test_it_knows_the_package_holidays_and_swaps_without_any_table_row():
    cal = get_calendar()
    assert not cal.is_working_day(date(2026, 2, 17))  # Tết
    assert not cal.is_working_day(date(2026, 8, 31))
    assert cal.is_working_day(date(2026, 8, 22))  # the package's own make-up Saturday
    # The package does not know the New Year swap of 12729/VPCP-KGVX: only the table does.
    assert cal.is_working_day(date(2026, 1, 2))


def test_with_the_decisions_loaded_it_is_the_civil_service_calendar_of_domain_md(decisions):
    cal = get_calendar()
    day = date(2025, 1, 1)
    while day.year < 2027:
        assert cal.is_working_day(day) is CIVIL_SERVICE.is_working_day(day), day
        day += timedelta(days=1)


def test_a_working_entry_wins_over_a_package_holiday(committed):
    with committed():
        entry(date(2026, 4, 30), DayKind.WORKING_DAY).save()
    assert get_calendar().is_working_day(date(2026, 4, 30))


def test_a_working_entry_makes_a_saturday_a_working_day(committed):
    with committed():
        entry(date(2026, 1, 10), DayKind.WORKING_DAY).save()
    assert get_calendar().is_working_day(date(2026, 1, 10))


def test_an_off_entry_adds_a_day_off(committed):
    with committed():
        entry(date(2026, 11, 23), DayKind.DAY_OFF).save()
    assert not get_calendar().is_working_day(date(2026, 11, 23))


def test_an_off_entry_wins_over_a_package_make_up_saturday(committed):
    with committed():
        entry(date(2026, 8, 22), DayKind.DAY_OFF).save()
    assert not get_calendar().is_working_day(date(2026, 8, 22))


def test_it_keeps_the_built_calendar_while_nothing_changes(django_assert_num_queries):
    first = get_calendar()
    with django_assert_num_queries(1):  # the version in the cache, not the table
        assert get_calendar() is first


def test_saving_an_entry_rebuilds_the_calendar(committed):
    day = date(2026, 11, 23)
    assert get_calendar().is_working_day(day)
    row = entry(day, DayKind.DAY_OFF)
    with committed():
        row.save()
    assert not get_calendar().is_working_day(day)
    row.kind = DayKind.WORKING_DAY
    with committed():
        row.save()
    assert get_calendar().is_working_day(day)


def test_deleting_an_entry_rebuilds_the_calendar(committed):
    day = date(2026, 11, 23)
    row = entry(day, DayKind.DAY_OFF)
    with committed():
        row.save()
    assert not get_calendar().is_working_day(day)
    with committed():
        row.delete()
    assert get_calendar().is_working_day(day)


def test_bulk_writes_rebuild_the_calendar(committed):
    day = date(2026, 11, 23)
    rows = CalendarEntry.objects.filter(date=day)
    with committed():
        CalendarEntry.objects.bulk_create([entry(day, DayKind.DAY_OFF)])
    assert not get_calendar().is_working_day(day)
    with committed():
        rows.update(kind=DayKind.WORKING_DAY)
    assert get_calendar().is_working_day(day)
    row = rows.get()
    row.kind = DayKind.DAY_OFF
    with committed():
        CalendarEntry.objects.bulk_update([row], ["kind"])
    assert not get_calendar().is_working_day(day)
    with committed():
        rows.delete()
    assert get_calendar().is_working_day(day)


def test_a_change_shows_only_once_committed(django_capture_on_commit_callbacks):
    day = date(2026, 11, 23)
    get_calendar()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        entry(day, DayKind.DAY_OFF).save()
    assert get_calendar().is_working_day(day)
    for callback in callbacks:
        callback()
    assert not get_calendar().is_working_day(day)


def test_it_rebuilds_when_the_cache_has_lost_the_version():
    first = get_calendar()
    cache.delete(cache_key(NAME))
    assert get_calendar() is not first


def test_its_office_hours_come_from_settings(settings):
    settings.WORKING_HOURS = "08:00-12:00,13:00-17:30"
    assert get_calendar().hours == ((time(8), time(12)), (time(13), time(17, 30)))


def test_malformed_office_hours_are_a_configuration_error(settings):
    settings.WORKING_HOURS = "8-17"
    with pytest.raises(ImproperlyConfigured, match="WORKING_HOURS"):
        get_calendar()


def test_it_looks_five_years_ahead():
    with time_machine.travel(datetime(2031, 6, 1, tzinfo=LOCAL_TZ)):
        cal = get_calendar()
    assert date(2036, 4, 30) in cal.days_off
    assert date(2037, 4, 30) not in cal.days_off


def test_deadline_for_applies_the_calendar(decisions):
    # 2/1/2026 is off only because of the table.
    deadline = deadline_for(datetime(2025, 12, 31, 10, tzinfo=LOCAL_TZ), 2, "working_days")
    assert deadline.due_at == datetime(2026, 1, 6, 17, tzinfo=LOCAL_TZ)


def test_deadline_for_takes_the_same_day_cutoff_from_settings(settings):
    received = datetime(2026, 3, 10, 15, 30, tzinfo=LOCAL_TZ)
    assert deadline_for(received, None, "same_day").due_at.date() == date(2026, 3, 11)
    settings.SAME_DAY_CUTOFF = "16:00"
    assert deadline_for(received, None, "same_day").due_at.date() == date(2026, 3, 10)


def test_a_malformed_cutoff_is_a_configuration_error(settings):
    settings.SAME_DAY_CUTOFF = "3pm"
    with pytest.raises(ImproperlyConfigured, match="SAME_DAY_CUTOFF"):
        deadline_for(datetime(2026, 3, 10, 9, tzinfo=LOCAL_TZ), None, "same_day")

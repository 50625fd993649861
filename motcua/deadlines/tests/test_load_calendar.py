"""The decisions file (data/calendar-decisions.json) and `manage.py load_calendar`."""

from __future__ import annotations

import io
import json
import re
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from motcua.deadlines.loading import DECISIONS_FILE, read_entries
from motcua.deadlines.models import CalendarEntry, DayKind
from motcua.deadlines.versioning import calendar_version

from .calendars import DAYS_OFF_2026, MAKE_UP_SATURDAYS

ENTRIES = read_entries()
BY_DATE = {row["date"]: row for row in ENTRIES}


def load(*args: str) -> str:
    out = io.StringIO()
    call_command("load_calendar", *args, stdout=out)
    return out.getvalue().strip()


# --- The file itself (no database) -------------------------------------------------------------


def test_the_file_has_one_entry_per_date():
    assert len(BY_DATE) == len(ENTRIES)


def test_the_file_holds_the_2026_table_of_domain_md():
    off = {d for d, row in BY_DATE.items() if row["kind"] == "off" and d.year == 2026}
    working = {d for d, row in BY_DATE.items() if row["kind"] == "working" and d.year == 2026}
    assert off == DAYS_OFF_2026
    assert working == {d for d in MAKE_UP_SATURDAYS if d.year == 2026}


def test_the_file_holds_the_2025_swap_tet_and_national_day():
    assert BY_DATE[date(2025, 5, 2)]["paired_with"] == date(2025, 4, 26)
    assert BY_DATE[date(2025, 4, 26)]["kind"] == "working"
    assert {date(2025, 1, d) for d in range(27, 32)} <= BY_DATE.keys()
    assert {date(2025, 9, 1), date(2025, 9, 2)} <= BY_DATE.keys()


def test_every_swap_is_recorded_as_a_pair_of_a_day_off_and_a_make_up_saturday():
    for day, row in BY_DATE.items():
        if row["paired_with"] is None:
            continue
        partner = BY_DATE[row["paired_with"]]
        assert partner["paired_with"] == day
        assert {row["kind"], partner["kind"]} == {"off", "working"}
        make_up = day if row["kind"] == "working" else row["paired_with"]
        assert make_up.weekday() == 5, make_up


def test_every_confirmed_entry_names_a_law_or_an_official_document():
    # A document number such as 9441/TB-BNV, or an article of the Labour Code.
    for row in ENTRIES:
        if row["confirmed"]:
            assert re.search(r"\d+/\d{4}|\d+/[A-Z]", row["source"]), row


def test_unconfirmed_entries_say_what_is_missing():
    for row in ENTRIES:
        if not row["confirmed"]:
            assert "chưa" in row["source"], row


def test_culture_day_is_confirmed_on_resolution_28_2026():
    row = BY_DATE[date(2026, 11, 24)]
    assert row["confirmed"] is True
    assert "28/2026/QH16" in row["source"]


def test_the_new_year_swap_cites_the_government_office_letter():
    assert "12729/VPCP-KGVX" in BY_DATE[date(2026, 1, 2)]["source"]
    assert BY_DATE[date(2026, 1, 10)]["paired_with"] == date(2026, 1, 2)


# --- Loading --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_creates_every_entry():
    assert load() == f"Calendar decisions: {len(ENTRIES)} created, 0 updated, 0 unchanged"
    row = CalendarEntry.objects.get(date=date(2026, 8, 31))
    assert row.kind == DayKind.DAY_OFF
    assert row.paired_with == date(2026, 8, 22)
    assert row.confirmed is True
    assert "9441/TB-BNV" in row.source


@pytest.mark.django_db
def test_loading_again_changes_nothing():
    load()
    assert load() == f"Calendar decisions: 0 created, 0 updated, {len(ENTRIES)} unchanged"
    assert CalendarEntry.objects.count() == len(ENTRIES)


@pytest.mark.django_db
def test_it_puts_back_what_an_edit_changed_and_keeps_other_rows():
    load()
    CalendarEntry.objects.filter(date=date(2026, 1, 2)).update(kind=DayKind.WORKING_DAY)
    CalendarEntry.objects.create(date=date(2026, 11, 23), kind=DayKind.DAY_OFF, name="Local")
    assert load().startswith("Calendar decisions: 0 created, 1 updated")
    assert CalendarEntry.objects.get(date=date(2026, 1, 2)).kind == DayKind.DAY_OFF
    assert CalendarEntry.objects.filter(date=date(2026, 11, 23)).exists()


@pytest.mark.django_db
def test_it_bumps_the_calendar_version(django_capture_on_commit_callbacks):
    before = calendar_version()
    with django_capture_on_commit_callbacks(execute=True):
        load()
    assert calendar_version() != before


@pytest.mark.django_db
def test_a_bad_file_loads_nothing(tmp_path):
    bad = tmp_path / "bad.json"
    rows = json.loads(DECISIONS_FILE.read_text(encoding="utf-8"))
    rows["entries"][-1]["kind"] = "holiday"
    bad.write_text(json.dumps(rows), encoding="utf-8")
    with pytest.raises(CommandError, match="holiday"):
        load(str(bad))
    assert not CalendarEntry.objects.exists()

"""Petition deadlines in working days, without a database: Tết 2026, weekends, a swapped day."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from motcua.deadlines.tests.calendars import CIVIL_SERVICE as CAL
from motcua.feedback.deadlines import (
    Limits,
    Step,
    clocks_from,
    due_after,
    met,
    publish_due,
    report_window,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=VN)


def test_a_petition_received_before_tet_counts_no_day_of_tet_or_its_weekends():
    clocks = clocks_from(at("2026-02-13 10:00"), CAL)  # Friday; Tết is 16-20/2

    assert clocks.starts_at == at("2026-02-13 10:00")
    assert clocks.refuse_due_at == at("2026-02-24 17:00")  # Mon 23, Tue 24
    assert clocks.more_info_due_at == at("2026-02-27 17:00")  # ... Fri 27
    assert clocks.answer_due_at == at("2026-03-13 17:00")  # 15th working day


def test_a_petition_sent_during_tet_starts_its_clock_on_the_first_working_day_after():
    clocks = clocks_from(at("2026-02-17 09:00"), CAL)

    assert clocks.starts_at == at("2026-02-23 07:30")
    assert clocks.refuse_due_at == at("2026-02-25 17:00")


def test_a_petition_sent_on_saturday_counts_from_monday():
    clocks = clocks_from(at("2026-03-07 10:00"), CAL)

    assert clocks.starts_at == at("2026-03-09 07:30")
    assert clocks.refuse_due_at == at("2026-03-11 17:00")
    assert clocks.more_info_due_at == at("2026-03-16 17:00")
    assert clocks.answer_due_at == at("2026-03-30 17:00")


def test_a_make_up_saturday_is_a_working_day():
    # Fri 2/1/2026 was given off in exchange for Saturday 10/1 (12729/VPCP-KGVX).
    assert due_after(at("2026-01-08 10:00"), 2, CAL) == at("2026-01-10 17:00")


def test_the_day_swapped_off_is_not_counted():
    # 1/1 holiday, 2/1 swapped off, 3-4/1 weekend: Monday 5/1 is the first day counted.
    assert due_after(at("2025-12-31 10:00"), 2, CAL) == at("2026-01-06 17:00")


@pytest.mark.parametrize(
    ("received", "due"),
    [
        ("2026-03-09 09:00", "2026-03-11 17:00"),
        ("2026-03-09 16:30", "2026-03-11 17:00"),  # no 15:00 cut-off for petitions
        ("2026-03-09 17:30", "2026-03-12 17:00"),  # after closing: the clock starts on Tuesday
    ],
)
def test_the_15_00_rule_of_same_day_dossiers_does_not_apply(received, due):
    assert due_after(at(received), 2, CAL) == at(due)


def test_an_answer_must_be_published_within_2_working_days():
    assert publish_due(at("2026-02-13 16:00"), CAL) == at("2026-02-24 17:00")


def test_limits_can_be_given():
    clocks = clocks_from(at("2026-03-09 09:00"), CAL, Limits(refuse=1, more_info=1, answer=1))
    assert clocks.answer_due_at == at("2026-03-10 17:00")


def test_a_deadline_is_met_up_to_its_last_second():
    assert met(at("2026-03-11 17:00"), at("2026-03-11 17:00"))
    assert not met(at("2026-03-11 17:01"), at("2026-03-11 17:00"))


# --- the window a report judges a petition on ------------------------------------------------

RECEIVED = at("2026-03-09 09:00")


def test_an_open_petition_is_judged_on_the_answer_it_still_owes():
    assert report_window([], at("2026-03-30 17:00"), RECEIVED) == (at("2026-03-30 17:00"), None)


def test_a_late_step_decides_even_when_later_steps_were_on_time():
    late = Step(due_at=at("2026-03-30 17:00"), done_at=at("2026-03-31 09:00"))
    published = Step(due_at=at("2026-04-02 17:00"), done_at=at("2026-04-01 09:00"))

    assert report_window([late, published], None, RECEIVED) == (late.due_at, late.done_at)


def test_a_petition_handled_on_time_is_judged_on_its_last_step():
    answered = Step(due_at=at("2026-03-30 17:00"), done_at=at("2026-03-20 09:00"))
    published = Step(due_at=at("2026-03-24 17:00"), done_at=at("2026-03-23 09:00"))

    assert report_window([answered, published], None, RECEIVED) == (
        published.due_at,
        published.done_at,
    )
    assert report_window([answered], at("2026-03-24 17:00"), RECEIVED) == (
        at("2026-03-24 17:00"),
        None,
    )

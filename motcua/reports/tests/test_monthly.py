"""Whole months read month leaves, and a past month its month-end figures, both kept by the
fold; they say what the dossiers say: at the month's end, whatever happened to them since."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict

import pytest
import time_machine

from motcua.agencies.models import Agency
from motcua.dossiers.generation import generate
from motcua.dossiers.models import Dossier
from motcua.reports import folding, monthly, periods, reading, service
from motcua.reports.models import FoldMark, MonthEnd, MonthLeaf
from motcua.reports.scopes import Selection
from motcua.reports.tests.handmade import COMMITTEE, EXPECTED, PERIOD, build_handmade

AFTER_MARCH = dt.datetime(2026, 4, 15, 10, tzinfo=dt.UTC)
MARCH = dt.date(2026, 3, 1)


@pytest.fixture
def handmade(demo_agencies, counter_cuong, citizen_an, leader_dung):
    return build_handmade(counter_cuong, citizen_an, leader_dung)


def march_kpis(user):
    found = service.provincial_kpis(service.parse_period(PERIOD), service.parse_scope(""), user)
    return {i.code: (i.numerator, i.denominator, str(i.ratio)) for i in found}


def march_tallies():
    return reading.tallies(service.parse_period(PERIOD), Selection())


def monthly_rows():
    return (
        sorted(
            MonthLeaf.objects.values_list(
                "month",
                "agency_id",
                "commune_id",
                "procedure_id",
                "received",
                "f_done",
                "f_digitized_no_e",
            )
        ),
        sorted(
            MonthEnd.objects.values_list(
                "month", "agency_id", "commune_id", "procedure_id", "f_done", "late_open"
            )
        ),
    )


# --- Which reads the monthly aggregates answer (no database) ---------------------------------


def test_a_period_sums_month_leaves_for_its_whole_months_only():
    assert monthly.whole_months(dt.date(2026, 1, 1), dt.date(2026, 12, 7)) == (
        dt.date(2026, 1, 1),
        dt.date(2026, 11, 1),
    )
    assert monthly.whole_months(dt.date(2026, 1, 15), dt.date(2026, 3, 31)) == (
        dt.date(2026, 2, 1),
        MARCH,
    )
    assert monthly.whole_months(dt.date(2024, 2, 1), dt.date(2024, 2, 29)) == (
        dt.date(2024, 2, 1),
        dt.date(2024, 2, 1),
    )  # a leap February
    assert monthly.whole_months(dt.date(2026, 3, 2), dt.date(2026, 3, 31)) is None
    assert monthly.whole_months(dt.date(2026, 3, 1), dt.date(2026, 3, 30)) is None


def test_only_a_whole_calendar_month_already_built_reads_month_end_figures():
    march = periods.parse_period("2026-03")
    assert monthly.kept_for(march, through=MARCH) == MARCH
    assert monthly.kept_for(march, through=dt.date(2026, 11, 1)) == MARCH
    assert monthly.kept_for(march, through=dt.date(2026, 2, 1)) is None  # not built yet
    assert monthly.kept_for(march, through=None) is None
    assert monthly.kept_for(periods.parse_period("2026-Q1"), through=MARCH) is None
    assert monthly.kept_for(periods.parse_period("2026"), through=MARCH) is None
    same = periods.parse_period(start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31))
    assert monthly.kept_for(same, through=MARCH) == MARCH
    assert (
        monthly.kept_for(
            periods.parse_period(start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 30)), through=MARCH
        )
        is None
    )
    # The current month measured now ends at this minute: judged live.
    now = periods.period_of(MARCH, dt.date(2026, 3, 31), "2026-03")
    cut = periods.Period(now.start, now.end - dt.timedelta(hours=3), now.label)
    assert monthly.kept_for(cut, through=MARCH) is None


def test_the_last_ended_month_turns_at_midnight_on_the_first():
    assert monthly.last_ended(dt.date(2026, 3, 31)) == dt.date(2026, 2, 1)
    assert monthly.last_ended(dt.date(2026, 4, 1)) == MARCH
    assert monthly.last_ended(dt.date(2027, 1, 1)) == dt.date(2026, 12, 1)
    assert monthly.months_between(dt.date(2025, 11, 20), dt.date(2026, 2, 1)) == [
        dt.date(2025, 11, 1),
        dt.date(2025, 12, 1),
        dt.date(2026, 1, 1),
        dt.date(2026, 2, 1),
    ]


# --- Built, kept and read ---------------------------------------------------------------------


@time_machine.travel(AFTER_MARCH)
def test_the_rebuild_keeps_the_ended_months_and_march_reads_them(handmade, admin_em):
    folding.rebuild()

    assert FoldMark.objects.get().months_through == MARCH
    assert MonthEnd.objects.filter(month=MARCH).exists()
    # The 36 open dossiers were open at March's end; their month-end row says so.
    assert sum(MonthEnd.objects.filter(month=MARCH).values_list("late_open", flat=True)) == 36
    kept = march_tallies()
    FoldMark.objects.update(months_through=None)  # the same read, judged live
    assert march_tallies() == kept
    assert {code: ratio for code, (_n, _d, ratio) in march_kpis(admin_em).items()} == EXPECTED


@time_machine.travel(AFTER_MARCH)
def test_a_march_dossier_decided_in_april_leaves_march_as_it_was(
    handmade, admin_em, counter_cuong, leader_dung
):
    folding.rebuild()
    before = march_kpis(admin_em)
    scanned = handmade.counter[0]  # open at March's end, with scans: digitized
    april = dt.datetime(2026, 4, 10, 9, tzinfo=dt.UTC)
    scanned.apply(
        "forward", by=counter_cuong, at=april, agency_id=Agency.objects.get(code=COMMITTEE).pk
    )
    scanned.apply("approve", by=leader_dung, at=april + dt.timedelta(days=1))
    scanned.apply("decide", by=leader_dung, at=april + dt.timedelta(days=2))  # no e-result

    assert folding.fold_new() > 0
    # Its leaf now counts a result without e-result; March's month-end row takes it out
    # again, since at March's end it was open (and so digitized without an e-result).
    assert march_kpis(admin_em) == before
    folded = monthly_rows()
    folding.rebuild()
    assert monthly_rows() == folded
    kept = march_tallies()
    FoldMark.objects.update(months_through=None)
    assert march_tallies() == kept


def test_the_first_fold_after_a_month_ends_builds_it(handmade, admin_em):
    with time_machine.travel(dt.datetime(2026, 3, 31, 16, 30, tzinfo=dt.UTC)):  # 23:30 in Hà Nội
        folding.rebuild()
        assert FoldMark.objects.get().months_through == dt.date(2026, 2, 1)
        assert not MonthEnd.objects.filter(month=MARCH).exists()
        live = march_kpis(admin_em)
    with time_machine.travel(dt.datetime(2026, 3, 31, 17, 1, tzinfo=dt.UTC)):  # 00:01, 1 April
        assert folding.fold_new() == 0
        assert FoldMark.objects.get().months_through == MARCH
        assert MonthEnd.objects.filter(month=MARCH).exists()
        assert march_kpis(admin_em) == live


def test_a_fold_of_facts_before_any_month_end_figures_builds_every_ended_month(handmade):
    with time_machine.travel(dt.datetime(2026, 5, 2, 3, tzinfo=dt.UTC)):
        assert FoldMark.objects.first() is None
        assert folding.fold_new() > 0
        assert FoldMark.objects.get().months_through == dt.date(2026, 4, 1)
        assert set(MonthEnd.objects.values_list("month", flat=True)) == {MARCH}


# --- A trend reads its months at once ---------------------------------------------------------


@pytest.fixture
def generated(demo_catalog, officer_binh):
    generate(300, 766, 2026, until=dt.datetime(2026, 10, 1, tzinfo=dt.UTC))


def rounded(found):
    """Tallies as plain values; sums of float seconds may differ in their last bits by the
    order SQL adds them in."""
    return [
        {
            code: {**asdict(t), "handling_days": round(t.handling_days, 6)}
            for code, t in month.items()
        }
        for month in found
    ]


@pytest.mark.usefixtures("generated")
@time_machine.travel(dt.datetime(2026, 10, 20, 3, tzinfo=dt.UTC))
def test_a_trend_reads_all_its_months_at_once_and_each_says_what_the_month_alone_says():
    folding.rebuild()
    months = [service.as_of_now(m) for m in periods.month_periods(2026, dt.date(2026, 10, 20))]
    assert len(months) == 10
    assert months[-1].end < months[-1].start + dt.timedelta(days=20)  # October: measured now
    for scope in (
        Selection(),
        Selection(
            agencies=frozenset(Agency.objects.filter(code=COMMITTEE).values_list("pk", flat=True))
        ),
    ):
        assert rounded(reading.tallies_by_month(months, scope)) == rounded(
            [reading.tallies(m, scope).get(None, {}) for m in months]
        )
        assert reading.procedure_rows_by_month(months, scope) == [
            reading.procedure_rows(m, scope) for m in months
        ]
        assert reading.petition_rows_by_month(months, scope) == [
            reading.petition_rows(m, scope) for m in months
        ]
    assert (
        sum(
            t.received
            for month in reading.tallies_by_month(months, Selection())
            for t in month.values()
        )
        == Dossier.objects.filter(received_at__isnull=False).count()
    )

"""The index read from counts is the index the pure formulas compute from rows: no database.

The aggregates store counts (tallies.Tally); these specs show that, for the tricky cases of
issue 7 and for random rows, tallies.decision_766_index() and tallies.provincial_kpis() give
exactly what index766.decision_766_index() and kpis.provincial_kpis() give.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace
from decimal import Decimal

from motcua.reports import index766, kpis, tallies
from motcua.reports.kpi_rows import Channel, DossierRow, OnlineLevel, Period, ProcedureRow, Rating

START = dt.datetime(2026, 3, 1)
END = dt.datetime(2026, 3, 31, 23, 59)
PERIOD = Period(START, END)
DAY = dt.timedelta(days=1)
T0 = dt.datetime(2026, 3, 2, 8)
PROCEDURES = [
    ProcedureRow("FEE", OnlineLevel.FULL, has_fee=True),
    ProcedureRow("FREE", OnlineLevel.PARTIAL),
    ProcedureRow("COUNTER", for_citizens=False),
]


def row(**fields: object) -> DossierRow:
    base = DossierRow(
        procedure_code="FEE", channel=Channel.IN_PERSON, received_at=T0, due_at=END + 5 * DAY
    )
    return replace(base, **fields)  # type: ignore[arg-type]


TRICKY = [
    row(
        finished_at=T0 + 2 * DAY,
        supplement_requests=2,  # two requests: late
        supplement_waits=((T0, T0 + DAY), (T0 + DAY, T0 + 2 * DAY)),
    ),
    row(procedure_code="FREE", channel=Channel.ONLINE),  # open, in time
    row(due_at=START, procedure_code="FREE"),  # open and overdue
    row(withdrawn=True, finished_at=T0 + 3 * DAY),  # withdrawn
    row(papers=2, digitized_papers=2, reused_papers=1),  # a reused paper
    row(finished_at=T0 + DAY, has_e_result=True, papers=1),  # e-result, no scan
    row(procedure_code="COUNTER", fee_amount=0, rating=Rating.NOT_SATISFIED),  # no fee
    row(
        fee_amount=50_000,
        payment_channel=2,
        channel=Channel.ONLINE,
        finished_at=T0 + DAY,
        has_e_result=True,
        vneid_verified=True,
    ),
    row(finished_at=END + DAY, due_at=END - DAY),  # ends after the period
]


def by_rows(rows: list[DossierRow]) -> tuple:
    return (
        index766.decision_766_index(rows, PROCEDURES, [], PERIOD),
        kpis.provincial_kpis(rows, PROCEDURES, END),
    )


def by_counts(rows: list[DossierRow]) -> tuple:
    counts = tallies.tallies_of(rows, END)
    return (
        tallies.decision_766_index(counts, PROCEDURES, [], PERIOD),
        tallies.provincial_kpis(counts, PROCEDURES),
    )


def test_counts_give_the_same_index_as_rows_for_the_tricky_cases() -> None:
    assert by_counts(TRICKY) == by_rows(TRICKY)


def test_the_tricky_cases_count_as_the_rules_say() -> None:
    groups, (_used, online, digitized) = by_counts(TRICKY)
    found = {i.code: i for g in groups for i in g.indicators}
    # On time: not the two-request one, not the overdue open one, not the one ending late.
    assert (found["ON_TIME"].numerator, found["ON_TIME"].denominator) == (6, 9)
    assert found["PETITION_PROCESSING_ON_TIME"].score == Decimal(6)  # no petitions
    assert found["FEE_PAID_ONLINE_DOSSIERS"].denominator == 1  # fee-bearing, > 0
    assert found["REUSED_DIGITIZED_DATA"].numerator == 1
    assert (online.numerator, digitized.numerator) == (2, 1)  # e-result ≠ scanned
    assert found["ORIGINAL_RESULT_AVAILABLE"].denominator == 3  # not withdrawn, nor ended after


def test_counts_give_the_same_index_as_rows_for_random_dossiers() -> None:
    rng = random.Random(766)
    for _ in range(200):
        rows = [_random_row(rng) for _ in range(rng.randint(0, 12))]
        assert by_counts(rows) == by_rows(rows)


def _random_row(rng: random.Random) -> DossierRow:
    received = T0 + rng.randint(0, 20) * DAY
    finished = rng.choice([None, received + rng.randint(0, 40) * DAY])
    papers = rng.randint(0, 3)
    asked = received + DAY
    waits = rng.choice([(), ((asked, None),), ((asked, asked + 2 * DAY),)])
    return DossierRow(
        procedure_code=rng.choice(["FEE", "FREE", "COUNTER"]),
        channel=rng.choice(list(Channel)),
        received_at=received,
        due_at=rng.choice([None, received + rng.randint(1, 30) * DAY]),
        finished_at=finished,
        withdrawn=finished is not None and rng.random() < 0.2,
        supplement_requests=len(waits) + rng.choice([0, 0, 1]),
        supplement_waits=waits,
        result_is_document=rng.random() < 0.8,
        has_e_result=rng.random() < 0.5,
        papers=papers,
        digitized_papers=rng.randint(0, papers),
        reused_papers=rng.randint(0, papers),
        national_repository_papers=rng.randint(0, papers),
        fee_amount=rng.choice([0, 20_000]),
        payment_channel=rng.choice([None, 1, 2]),
        vneid_verified=rng.random() < 0.3,
        rating=rng.choice([None, *Rating]),
        has_petition=rng.random() < 0.1,
    )

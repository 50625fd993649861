"""The KPI formulas on hand-made rows: no database (architecture.md, pure modules).

Expected values are worked out in plain Python from the same rows, then compared.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

from motcua.reports.index766 import (
    CERTIFIED_COPY_REASON,
    decision_766_index,
    total_score,
)
from motcua.reports.kpi_rows import (
    Channel,
    DossierRow,
    OnlineLevel,
    Period,
    PetitionRow,
    ProcedureRow,
    Rating,
)
from motcua.reports.kpis import (
    DEFAULTS,
    SYNC_NOT_INTEGRATED,
    Indicator,
    Settings,
    average_processing_days,
    is_on_time,
    percent,
    provincial_kpis,
)

START = dt.datetime(2026, 3, 1)
END = dt.datetime(2026, 3, 31, 23, 59)
PERIOD = Period(START, END)
DAY = dt.timedelta(days=1)
T0 = dt.datetime(2026, 3, 2, 8)


def row(**fields: object) -> DossierRow:
    base = DossierRow(
        procedure_code="P1", channel=Channel.IN_PERSON, received_at=T0, due_at=T0 + 10 * DAY
    )
    return replace(base, **fields)  # type: ignore[arg-type]


def indicators(
    dossiers: list[DossierRow],
    procedures: list[ProcedureRow] | None = None,
    petitions: list[PetitionRow] | None = None,
    settings: Settings = DEFAULTS,
) -> dict[str, Indicator]:
    groups = decision_766_index(
        dossiers, procedures or [], petitions or [], PERIOD, settings=settings
    )
    return {i.code: i for g in groups for i in g.indicators}


def test_it_counts_two_supplement_requests_as_late() -> None:
    once = row(finished_at=T0 + 2 * DAY, supplement_requests=1)
    twice = replace(once, supplement_requests=2)
    assert is_on_time(once, END)
    assert not is_on_time(twice, END)
    on_time = indicators([once, twice])["ON_TIME"]
    assert (on_time.numerator, on_time.denominator, on_time.ratio) == (1, 2, Decimal("50.0"))
    assert on_time.score == Decimal("10.00")


def test_it_measures_an_open_dossier_at_period_end() -> None:
    due_inside = row(due_at=END - DAY)  # open, its time ran out
    due_after = row(due_at=END + DAY)  # open, still within time
    ends_later = row(due_at=END - DAY, finished_at=END + 2 * DAY)  # ends after the period
    assert not is_on_time(due_inside, END)
    assert is_on_time(due_after, END)
    assert not is_on_time(ends_later, END)


def test_it_measures_a_dossier_waiting_for_supplement_at_the_request_time() -> None:
    waiting = row(
        due_at=T0 + 5 * DAY, supplement_requests=1, supplement_waits=((T0 + 2 * DAY, None),)
    )
    assert is_on_time(waiting, END)


def test_it_subtracts_supplement_waiting_only_without_due_at() -> None:
    waits = ((T0 + DAY, T0 + 5 * DAY),)  # 4 days waiting
    no_due = row(
        due_at=None,
        time_limit_days=5,
        finished_at=T0 + 8 * DAY,
        supplement_requests=1,
        supplement_waits=waits,
    )
    # 8 − 4 = 4 days ≤ 5: on time. With a (restarted) due_at nothing is subtracted.
    assert is_on_time(no_due, END)
    with_due = replace(no_due, due_at=T0 + 5 * DAY)
    assert not is_on_time(with_due, END)


def test_it_measures_a_withdrawn_dossier_at_its_stop_and_leaves_it_out_of_average_time() -> None:
    withdrawn = row(withdrawn=True, finished_at=T0 + 3 * DAY)
    decided = row(finished_at=T0 + 4 * DAY)
    assert is_on_time(withdrawn, END)
    assert average_processing_days([withdrawn, decided], END) == {"P1": Decimal("4.0")}
    # A withdrawn dossier has no result, so it is not in indicator 4.1's denominator.
    assert indicators([withdrawn, decided])["ORIGINAL_RESULT_AVAILABLE"].denominator == 1


def test_it_averages_with_the_callers_working_day_function() -> None:
    def working_days(a: dt.date, b: dt.date) -> float:
        return 2.0

    rows = [row(finished_at=T0 + 9 * DAY), row(procedure_code="P2", finished_at=T0 + DAY)]
    assert average_processing_days(rows, END, working_days) == {
        "P1": Decimal("2.0"),
        "P2": Decimal("2.0"),
    }


def test_it_counts_a_reused_paper() -> None:
    rows = [row(papers=2, reused_papers=1), row(papers=2)]
    reused = indicators(rows)["REUSED_DIGITIZED_DATA"]
    expected = sum(1 for d in rows if d.reused_papers) / len(rows)  # 0.5
    assert reused.ratio == Decimal("50.0") == Decimal(str(expected * 100))
    assert reused.score == Decimal("1.25")  # 2 × 0.5 / 0.8


def test_it_does_not_count_an_e_result_without_digitized_papers_as_digitized() -> None:
    d = row(finished_at=T0 + DAY, has_e_result=True, papers=3, digitized_papers=0)
    got = indicators([d])
    assert got["SO_HOA_GIAY_TO_GIAI_QUYET"].numerator == 0
    assert got["ORIGINAL_RESULT_AVAILABLE"].ratio == Decimal("100.0")
    assert provincial_kpis([d], [], END)[2].ratio == Decimal("0.0")


def test_it_reads_digitized_as_any_paper_unless_told_all() -> None:
    d = row(papers=3, digitized_papers=1)
    assert indicators([d])["SO_HOA_GIAY_TO_GIAI_QUYET"].numerator == 1
    strict = Settings(digitized_requires_all_papers=True)
    assert indicators([d], settings=strict)["SO_HOA_GIAY_TO_GIAI_QUYET"].numerator == 0


def test_it_leaves_a_procedure_without_fee_out_of_payment_indicators() -> None:
    procedures = [ProcedureRow("FEE", has_fee=True), ProcedureRow("FREE")]
    rows = [
        row(procedure_code="FEE", fee_amount=50_000, payment_channel=1),
        row(procedure_code="FEE", fee_amount=50_000),
        row(procedure_code="FEE", fee_amount=0),  # exempt: all fees zero
        row(procedure_code="FREE"),
    ]
    got = indicators(rows, procedures)
    payable = [d for d in rows if d.procedure_code == "FEE" and d.fee_amount > 0]
    paid = [d for d in payable if d.paid_online]
    assert (
        got["FEE_PAID_ONLINE_DOSSIERS"].numerator,
        got["FEE_PAID_ONLINE_DOSSIERS"].denominator,
    ) == (len(paid), len(payable))
    assert got["FEE_PAID_ONLINE_DOSSIERS"].score == Decimal("3.00")
    assert got["FEE_PAID_ONLINE_PROCEDURES"].denominator == 1
    assert got["FEE_PAID_ONLINE_PROCEDURES"].score == Decimal("2.00")


def test_it_gives_full_points_when_there_are_no_petitions() -> None:
    got = indicators([row()])
    for code in ("PETITION_PROCESSING_ON_TIME", "PETITION_HANDLING_SATISFACTION"):
        assert got[code].score == Decimal(6)
        assert got[code].ratio is None


def test_it_scores_petitions_handled_late_or_disliked() -> None:
    petitions = [
        PetitionRow(T0, T0 + 15 * DAY, handled_at=T0 + DAY),
        PetitionRow(T0, T0 + 15 * DAY, handled_at=T0 + DAY, unsatisfied=True),
        PetitionRow(T0, T0 + 2 * DAY, handled_at=T0 + 3 * DAY, about_staff=True),
        PetitionRow(T0, END + DAY),
    ]  # open, still within time
    got = indicators([row()], petitions=petitions)
    assert got["PETITION_PROCESSING_ON_TIME"].ratio == percent(3, 4) == Decimal("75.0")
    assert got["PETITION_HANDLING_SATISFACTION"].ratio == Decimal("50.0")
    assert got["PETITION_CLASSIFICATION_STAFF"].numerator == 1


def test_it_handles_zero_denominators_by_the_national_rule_or_none() -> None:
    got = indicators([])
    assert got["ON_TIME"].ratio is None
    assert got["ON_TIME"].score is None
    assert got["REUSED_DIGITIZED_DATA"].ratio is None
    assert got["DOSSIER_RECEIVING_SATISFACTION"].score == Decimal(0)  # no dossiers: 0
    assert got["PETITION_PROCESSING_ON_TIME"].score == Decimal(6)  # no petitions: 6
    assert all(k.ratio is None for k in provincial_kpis([], [], END))


def test_it_rounds_to_one_decimal_half_up() -> None:
    assert percent(2, 3) == Decimal("66.7")
    assert percent(1, 6) == Decimal("16.7")
    assert percent(1, 2000) == Decimal("0.1")  # 0.05 rounds up, not to even
    assert percent(1, 3) == Decimal("33.3")


def test_it_keeps_sync_dependent_indicators_null_while_sync_is_unknown() -> None:
    got = indicators([row(channel=Channel.ONLINE)], [ProcedureRow("P1", has_fee=True)])
    for code in ("ONLINE_DOSSIERS", "DOSSIER_SYNC", "FEE_INTEGRATED"):
        assert got[code].ratio is None
        assert got[code].score is None
        assert got[code].note == SYNC_NOT_INTEGRATED


def test_it_scores_online_dossiers_with_the_sync_ratio_and_full_points_at_half() -> None:
    online = row(channel=Channel.ONLINE, synced=True)
    counter = row(synced=True)
    assert indicators([online, counter])["ONLINE_DOSSIERS"].score == Decimal("6.00")
    quarter = indicators([online, counter, counter, counter])["ONLINE_DOSSIERS"]
    assert (quarter.ratio, quarter.score) == (Decimal("25.0"), Decimal("3.00"))
    half_synced = indicators([online, replace(counter, synced=False)])["ONLINE_DOSSIERS"]
    assert half_synced.ratio == Decimal("25.0")  # 50% × 50% synced


def test_it_reports_data_no_feature_produces_as_null_with_a_reason() -> None:
    got = indicators([row()], [ProcedureRow("P1")])
    assert got["ELECTRONIC_CERTIFIED_COPY"].ratio is None
    assert got["ELECTRONIC_CERTIFIED_COPY"].note == CERTIFIED_COPY_REASON
    assert got["PUBLIC_CONTENT_FULL"].score is None
    assert got["PUBLIC_CONTENT_FULL"].note


def test_it_scores_receiving_satisfaction_full_at_ninety_percent() -> None:
    rows = [row(finished_at=T0 + DAY)] * 8 + [
        row(due_at=START),
        row(finished_at=T0, rating=Rating.NOT_SATISFIED),
    ]
    got = indicators(rows)["DOSSIER_RECEIVING_SATISFACTION"]
    assert got.ratio == Decimal("80.0")
    assert got.score == Decimal("5.33")  # 6 × 0.8 / 0.9


def test_it_measures_publication_on_time_in_the_callers_working_days() -> None:
    decided = dt.date(2026, 3, 10)
    procedures = [
        ProcedureRow(
            "A",
            published_decision_on=decided,
            legal_basis_effective_on=decided + 7 * DAY,
            published_national_on=decided + 3 * DAY,
        ),
        ProcedureRow(
            "B", published_decision_on=decided, legal_basis_effective_on=decided + 2 * DAY
        ),  # never published: late
        ProcedureRow("C", published_decision_on=dt.date(2026, 1, 5)),  # outside the period
    ]
    got = indicators([row()], procedures)
    assert (got["PUBLISH_ON_TIME"].numerator, got["PUBLISH_ON_TIME"].denominator) == (1, 2)
    assert got["PUBLIC_UPDATE_ON_TIME"].ratio == Decimal("50.0")


def test_it_returns_six_groups_worth_a_hundred_points() -> None:
    groups = decision_766_index([row(finished_at=T0 + DAY)], [ProcedureRow("P1")], [], PERIOD)
    assert [g.code for g in groups] == ["1", "2", "3a", "3b", "4", "5"]
    assert sum(g.max_score for g in groups) == 100
    for g in groups:
        assert sum((i.max_score or 0) for i in g.indicators) == g.max_score
    assert total_score(groups) == sum(g.score or 0 for g in groups)


def provincial_dataset() -> tuple[list[ProcedureRow], list[DossierRow]]:
    """50 online services (29 used online) and 76 dossiers: 38 online, 24 digitized."""
    procedures = [
        ProcedureRow(f"S{i:02}", OnlineLevel.FULL if i % 2 else OnlineLevel.PARTIAL)
        for i in range(50)
    ] + [ProcedureRow("OFFLINE")]
    online = [
        row(
            procedure_code=f"S{i % 29:02}",
            channel=Channel.ONLINE,
            finished_at=T0 + DAY,
            has_e_result=True,
        )
        for i in range(38)
    ]
    # Services S30–S49 are used only at the counter or by post: they do not count as used.
    counter = [
        row(procedure_code=f"S{i:02}", channel=Channel.POST if i % 3 else Channel.IN_PERSON)
        for i in range(30, 50)
    ]
    counter += [row(procedure_code="OFFLINE") for _ in range(16)]
    counter += [
        # Decided, papers digitized, but no e-result: not digitized under 4.2.
        row(procedure_code="OFFLINE", finished_at=T0 + DAY, papers=2, digitized_papers=2),
        # An e-result but no digitized paper: not digitized either.
        row(procedure_code="OFFLINE", finished_at=T0 + DAY, has_e_result=True, papers=1),
    ]
    digitized = [
        replace(d, papers=2, digitized_papers=1 + i % 2)
        for i, d in enumerate(online[:14] + counter[:10])
    ]
    return procedures, digitized + online[14:] + counter[10:]


def test_it_shows_the_provincial_kpis_of_a_hand_made_dataset() -> None:
    procedures, dossiers = provincial_dataset()
    services = {p.code for p in procedures if p.online_level != OnlineLevel.NONE}
    used = services & {d.procedure_code for d in dossiers if d.channel == Channel.ONLINE}
    online = [
        d
        for d in dossiers
        if d.channel == Channel.ONLINE and (d.has_e_result or d.finished_at is None)
    ]
    digitized = [
        d for d in dossiers if d.digitized_papers > 0 and (d.has_e_result or d.finished_at is None)
    ]
    expected = [
        Fraction(len(used), len(services)),
        Fraction(len(online), len(dossiers)),
        Fraction(len(digitized), len(dossiers)),
    ]
    got = provincial_kpis(dossiers, procedures, END)
    assert [k.ratio for k in got] == [Decimal("58.0"), Decimal("50.0"), Decimal("31.6")]
    assert [Fraction(k.numerator or 0, k.denominator or 1) for k in got] == expected
    assert [k.score for k in got] == [None, None, None]

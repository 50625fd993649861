"""KPI formulas: the three provincial KPIs and the building blocks of the Decision 766 index.

Pure: stdlib only, no Django (architecture.md, "Data flows"). Inputs are the plain rows of
kpi_rows.py; index766.py builds the full index from the helpers here. Ratios are percentages
with one decimal, rounded half up as on the national portal; a zero denominator follows the
national rule for that indicator, otherwise the ratio is None ("not measured"); an indicator
whose data no feature produces yet is None with a reason, never 0 or 100 (architecture.md,
"Reports"). Choices where the sources disagree are in docs/decisions/0010-kpi-formulas.md.

Provincial KPIs (domain.md §4):
- ONLINE_SERVICES_WITH_DOSSIERS: online services (procedures offered full or partly online)
  that received at least one online (channel 2) dossier in the period ÷ online services
  (766 indicator 3.2).
- ONLINE_DOSSIERS: online (channel 2) dossiers, with an e-result where a document result was
  issued, ÷ dossiers received in the period (766 indicator 3.3 without the sync factor).
- DIGITIZED_DOSSIERS: dossiers with at least one digitized paper (national flag
  HoSoCoThanhPhanSoHoa: "has a digitized component"; `Settings.digitized_requires_all_papers`
  switches to "every paper") and, where a document result was issued, an e-result ÷ dossiers
  received (766 indicator 4.2).

Decision 766 index (domain.md §3.2; Decision 766/QĐ-TTg; live API maxScore for the weights):
- 1.1 PUBLISH_ON_TIME (6): procedures whose publication decision is dated at least 5 working
  days before their legal basis takes effect ÷ procedures with a decision dated in the period.
- 1.2 PUBLIC_UPDATE_ON_TIME (4): procedures published in the national database within 5
  working days of the decision ÷ procedures with a decision dated in the period.
- 1.3 PUBLIC_CONTENT_FULL (2): procedures published with every part of Decree 63/2010
  Art. 8.2 ÷ published procedures.
- 1.4 DOSSIER_SYNC (6): dossiers synced to the national portal ÷ dossiers received.
- 2.1 ON_TIME (20): dossiers ended on or before their due time, or open and still within it,
  ÷ dossiers received (§2.3 measurement rules).
- 2.2 AVERAGE_TIME (0, information): mean handling time of completed dossiers, per procedure.
- 3.1 ONLINE_SERVICE_PROVIDED (2): procedures offered full or partly online ÷ procedures;
  full points at 80%.
- 3.2 ONLINE_SERVICE_WITH_DOSSIERS (4): as the provincial KPI above; linear.
- 3.3 ONLINE_DOSSIERS (6): as the provincial KPI above × the sync ratio; full points at 50%.
- 3.4 FEE_INTEGRATED (2): fee-bearing procedures with synced dossiers carrying fee data ÷
  fee-bearing procedures; full points at 80%.
- 3.5 FEE_PAID_ONLINE_PROCEDURES (2): fee-bearing procedures with at least one dossier paid
  online ÷ fee-bearing procedures; full points at 80%.
- 3.6 FEE_PAID_ONLINE_DOSSIERS (6): dossiers paid online ÷ dossiers of fee-bearing procedures
  with a non-zero fee; linear.
- 4.1 ORIGINAL_RESULT_AVAILABLE (6): dossiers with an e-result ÷ dossiers of document-result
  procedures that reached their result.
- 4.2 SO_HOA_GIAY_TO_GIAI_QUYET (4): as the provincial DIGITIZED_DOSSIERS; linear.
- 4.3 REUSED_DIGITIZED_DATA (2): dossiers with a reused paper ÷ dossiers; full points at 80%.
- 4.4 ELECTRONIC_CERTIFIED_COPY (2): not measured (no feature, formula UNCONFIRMED).
- 4.5 SYNCED_WITH_DVCQG_PERSONAL_STORAGE (4): dossiers with a paper taken from the national
  repository ÷ dossiers.
- 4.6 CITIZEN_DATA_CONNECTED_DOSSIER (2): dossiers whose account is VNeID-verified ÷ dossiers.
- 4.7 CITIZEN_DATA_CONNECTED_FORMALITY (2): citizen procedures with such a dossier ÷ citizen
  procedures.
- 5.1 PETITION_PROCESSING_ON_TIME (6): petitions handled by their deadline ÷ petitions; full
  points when there are none.
- 5.2 PETITION_HANDLING_SATISFACTION (6): petitions neither unsatisfied, re-complained nor
  overdue ÷ petitions; full points when there are none.
- 5.3 DOSSIER_RECEIVING_SATISFACTION (6): 100% − share overdue − share with a petition or a
  "not satisfied" rating; full points at 90%; 0 points when there are no dossiers.
- 5.4 PETITION_CLASSIFICATION_TTHC / _STAFF (0, information): petitions about rules or staff.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from .kpi_rows import Channel, DossierRow, ProcedureRow

# The elapsed time from a to b in days. The default counts calendar days; pass the working
# calendar's function (deadlines) to count working days, as the national rules do (§2.3).
DaysBetween = Callable[[dt.date, dt.date], float]

SYNC_NOT_INTEGRATED = "national portal sync not yet integrated"
ONE_DECIMAL = Decimal("0.1")
TWO_DECIMALS = Decimal("0.01")


def calendar_days_between(a: dt.date, b: dt.date) -> float:
    """Return b − a in calendar days (fractional for datetimes)."""
    if isinstance(a, dt.datetime) and isinstance(b, dt.datetime):
        return (b - a).total_seconds() / 86400
    return float((_as_date(b) - _as_date(a)).days)


def _as_date(value: dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


@dataclass(frozen=True)
class Settings:
    """The rules the sources leave open (ADR 0010); defaults follow the live national API."""

    max_supplement_requests: int = 1  # more than one request = late (§2.3)
    publish_lead_working_days: int = 5  # province-specific decisions (1.1)
    national_db_publish_working_days: int = 5  # province (1.2)
    online_dossiers_full_at: Fraction = Fraction(1, 2)  # 3.3: full points at 50%
    online_services_full_at: Fraction = Fraction(4, 5)  # 3.1: full points at 80%
    fee_integrated_full_at: Fraction = Fraction(4, 5)  # 3.4: cap chosen, ADR 0010
    fee_paid_procedures_full_at: Fraction = Fraction(4, 5)  # 3.5: min(2, 2.5·B)
    digitized_full_at: Fraction = Fraction(1)  # 4.2: API linear, ADR 0010
    reuse_full_at: Fraction = Fraction(4, 5)  # 4.3: full points at 80%
    satisfaction_full_at: Fraction = Fraction(9, 10)  # 5.3: full points at 90%
    digitized_requires_all_papers: bool = False  # HoSoCoThanhPhanSoHoa = any


DEFAULTS = Settings()


@dataclass(frozen=True)
class Indicator:
    """One measured figure; ratio is a percentage with one decimal, None when not measured.

    `value` carries the figure of an information indicator that is not a ratio (days).
    """

    code: str
    name: str
    numerator: int | None
    denominator: int | None
    ratio: Decimal | None
    score: Decimal | None
    max_score: Decimal | None
    note: str = ""
    value: Decimal | None = None


@dataclass(frozen=True)
class Group:
    """A Decision 766 group and its indicators; the score adds up the measured ones."""

    code: str
    name: str
    max_score: Decimal
    indicators: tuple[Indicator, ...] = field(default_factory=tuple)

    @property
    def score(self) -> Decimal | None:
        """Sum of the measured scores, or None when nothing in the group is measured."""
        scores = [i.score for i in self.indicators if i.score is not None]
        return sum(scores, Decimal(0)) if scores else None


def percent(numerator: int, denominator: int) -> Decimal:
    """Return numerator/denominator as a percentage with one decimal, half up (2/3 → 66.7)."""
    # The quotient of the same exact ratio as share_percent's, without building a Fraction:
    # a ranking computes thousands of them.
    return (Decimal(numerator * 100) / Decimal(denominator)).quantize(ONE_DECIMAL, ROUND_HALF_UP)


def share_percent(share: Fraction) -> Decimal:
    """Return an exact share as a percentage with one decimal, half up."""
    return to_decimal(share * 100, ONE_DECIMAL)


def to_decimal(value: Fraction, places: Decimal = TWO_DECIMALS) -> Decimal:
    """Round an exact fraction half up to `places`."""
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(places, ROUND_HALF_UP)


def points(max_score: int, share: Fraction, full_at: Fraction = Fraction(1)) -> Decimal:
    """Score = max × share / full_at, capped at max (linear when full_at is 1: §3.2 / API)."""
    return to_decimal(min(Fraction(max_score), max_score * share / full_at))


def scored(
    code: str,
    name: str,
    numerator: int,
    denominator: int,
    max_score: int,
    *,
    full_at: Fraction = Fraction(1),
    note: str = "",
) -> Indicator:
    """A scored ratio indicator; a zero denominator gives None ("not measured")."""
    if denominator == 0:
        return Indicator(
            code,
            name,
            0,
            0,
            None,
            None,
            Decimal(max_score),
            note or "nothing to measure in the period",
        )
    share = Fraction(numerator, denominator)
    return Indicator(
        code,
        name,
        numerator,
        denominator,
        percent(numerator, denominator),
        points(max_score, share, full_at),
        Decimal(max_score),
        note,
    )


def not_measured(code: str, name: str, max_score: int | None, reason: str) -> Indicator:
    """An indicator whose data no feature produces yet: None with the reason."""
    best = None if max_score is None else Decimal(max_score)
    return Indicator(code, name, None, None, None, None, best, reason)


def kpi(code: str, name: str, numerator: int, denominator: int, note: str = "") -> Indicator:
    """A provincial KPI: a ratio without a score; a zero denominator is not measured."""
    if denominator == 0:
        return Indicator(code, name, 0, 0, None, None, None, "nothing to measure in the period")
    return Indicator(
        code, name, numerator, denominator, percent(numerator, denominator), None, None, note
    )


# --- Measuring a dossier (domain.md §2.3; architecture.md "Calendar and deadlines" rule 6) ---


def is_open(d: DossierRow, period_end: dt.datetime) -> bool:
    """True when the dossier had not ended by the period end."""
    return d.finished_at is None or d.finished_at > period_end


def measured_end(d: DossierRow, period_end: dt.datetime) -> dt.datetime:
    """The time the national portal measures the dossier at.

    An ended dossier at its end time; one still waiting for the citizen after a supplement
    request at the request time; any other open dossier at the period end (§2.3).
    """
    if not is_open(d, period_end):
        assert d.finished_at is not None
        return d.finished_at
    waiting = [
        asked
        for asked, supplied in d.supplement_waits
        if asked <= period_end and (supplied is None or supplied > period_end)
    ]
    return waiting[-1] if waiting else period_end


def waiting_days(d: DossierRow, end: dt.datetime, days_between: DaysBetween) -> float:
    """Supplement waiting time up to `end`, in the unit of `days_between`."""
    total = 0.0
    for asked, supplied in d.supplement_waits:
        if asked < end:
            total += days_between(asked, min(supplied or end, end))
    return total


def is_on_time(
    d: DossierRow,
    period_end: dt.datetime,
    days_between: DaysBetween = calendar_days_between,
    settings: Settings = DEFAULTS,
) -> bool:
    """Whether Decision 766 counts the dossier on time (indicator 2.1).

    More than one supplement request is late. With a due_at (restarted or extended), compare
    the measured end with it: the restart already accounts for the wait, so nothing is
    subtracted (rule 6). Without one, subtract the waiting time and compare with the legal
    limit; a dossier with neither a due_at nor a limit has nothing to be late against.
    """
    if d.supplement_requests > settings.max_supplement_requests:
        return False
    end = measured_end(d, period_end)
    if d.due_at is not None:
        return end <= d.due_at
    if d.time_limit_days is None:
        return True
    spent = days_between(d.received_at, end) - waiting_days(d, end, days_between)
    return spent <= d.time_limit_days


def reached_result(d: DossierRow, period_end: dt.datetime) -> bool:
    """Decided or returned by the period end (a withdrawn or stopped dossier has no result)."""
    return not d.withdrawn and not is_open(d, period_end)


def e_result_ok(d: DossierRow, period_end: dt.datetime) -> bool:
    """The e-result condition of 3.3 and 4.2: required once a document result was issued."""
    return d.has_e_result or not (d.result_is_document and reached_result(d, period_end))


def is_digitized(d: DossierRow, settings: Settings = DEFAULTS) -> bool:
    """Whether the dossier's papers count as digitized (HoSoCoThanhPhanSoHoa)."""
    if d.papers == 0 or d.digitized_papers == 0:
        return False
    return d.digitized_papers >= d.papers or not settings.digitized_requires_all_papers


def counts_digitized(d: DossierRow, period_end: dt.datetime, settings: Settings = DEFAULTS) -> bool:
    """Digitized papers AND, where a document result was issued, an e-result (766 ind. 4.2)."""
    return is_digitized(d, settings) and e_result_ok(d, period_end)


def counts_online(d: DossierRow, period_end: dt.datetime) -> bool:
    """Submitted online with an e-result where a document result was issued (766 ind. 3.3)."""
    return d.channel == Channel.ONLINE and e_result_ok(d, period_end)


def count(rows: Iterable[DossierRow], test: Callable[[DossierRow], bool]) -> int:
    """How many rows pass `test`."""
    return sum(1 for row in rows if test(row))


# --- Provincial KPIs (domain.md §4) -------------------------------------------------------


def online_services_with_dossiers(
    procedures: Sequence[ProcedureRow], dossiers: Sequence[DossierRow]
) -> tuple[int, int]:
    """(online services with ≥1 online dossier, online services) (766 ind. 3.2)."""
    services = {p.code for p in procedures if p.offers_online}
    used = {d.procedure_code for d in dossiers if d.channel == Channel.ONLINE}
    return len(services & used), len(services)


def provincial_kpis(
    dossiers: Sequence[DossierRow],
    procedures: Sequence[ProcedureRow],
    period_end: dt.datetime,
    settings: Settings = DEFAULTS,
) -> tuple[Indicator, Indicator, Indicator]:
    """The three KPIs provinces report: online services used, online dossiers, digitization.

    `dossiers` are those received in the period; the online share has no sync factor, so it
    measures this system alone (the 766 index multiplies it by the sync ratio).
    """
    used, services = online_services_with_dossiers(procedures, dossiers)
    received = len(dossiers)
    online = count(dossiers, lambda d: counts_online(d, period_end))
    digitized = count(dossiers, lambda d: counts_digitized(d, period_end, settings))
    return (
        kpi(
            "ONLINE_SERVICES_WITH_DOSSIERS",
            "Tỷ lệ dịch vụ công trực tuyến phát sinh hồ sơ",
            used,
            services,
        ),
        kpi(
            "ONLINE_DOSSIERS",
            "Tỷ lệ hồ sơ TTHC xử lý trực tuyến",
            online,
            received,
            "without Decision 766's sync factor",
        ),
        kpi(
            "DIGITIZED_DOSSIERS", "Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC", digitized, received
        ),
    )


# --- Average handling time (766 indicator 2.2, information only) -------------------------


def handling_days(d: DossierRow, days_between: DaysBetween = calendar_days_between) -> float:
    """Receipt to end, less supplement waiting time (the legal clock stops meanwhile)."""
    assert d.finished_at is not None
    return days_between(d.received_at, d.finished_at) - waiting_days(d, d.finished_at, days_between)


def average_processing_days(
    dossiers: Iterable[DossierRow],
    period_end: dt.datetime,
    days_between: DaysBetween = calendar_days_between,
) -> dict[str, Decimal]:
    """Mean handling time per procedure code, one decimal, over completed dossiers.

    Completed means a result was reached by the period end; withdrawn or stopped dossiers
    were not solved and are left out. Pass the working calendar's function as `days_between`
    for working days; the default counts calendar days.
    """
    spans: dict[str, list[float]] = {}
    for d in dossiers:
        if reached_result(d, period_end):
            spans.setdefault(d.procedure_code, []).append(handling_days(d, days_between))
    return {code: _mean(values) for code, values in sorted(spans.items())}


def _mean(values: Sequence[float]) -> Decimal:
    return (Decimal(str(sum(values))) / len(values)).quantize(ONE_DECIMAL, ROUND_HALF_UP)

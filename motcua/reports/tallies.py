"""Counts per procedure, and the KPIs and the Decision 766 index computed from them.

Pure: stdlib only. The aggregates (ADR 0017) store, per leaf, how many dossiers pass each test
of kpis.py and index766.py; a `Tally` is those counts for one procedure in a scope and period.
`tally_of()` gives one dossier's counts straight from its row, so the tests (and the
`rebuild_reports --check` sample) prove that the index read from tallies is the index that
`index766.decision_766_index()` computes from the rows themselves.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from decimal import Decimal
from fractions import Fraction

from . import index766 as i766
from .kpi_rows import Channel, DossierRow, Period, PetitionRow, ProcedureRow, Rating
from .kpis import (
    DEFAULTS,
    SYNC_NOT_INTEGRATED,
    Group,
    Indicator,
    Settings,
    counts_digitized,
    counts_online,
    handling_days,
    is_on_time,
    kpi,
    not_measured,
    points,
    reached_result,
    scored,
    share_percent,
    to_decimal,
)

SECONDS_PER_DAY = 86400


@dataclass
class Tally:
    """How many dossiers (of one procedure, scope and period) pass each test."""

    received: int = 0
    online: int = 0  # channel 2, whatever the result (3.2: the service was used)
    online_ok: int = 0  # counts_online (3.3 and the provincial KPI)
    digitized_ok: int = 0  # counts_digitized (4.2 and the provincial KPI)
    reused: int = 0
    national: int = 0
    vneid: int = 0
    payable: int = 0  # a fee above zero (3.6's denominator, for fee procedures)
    paid_payable: int = 0
    paid_any: int = 0  # paid online at all (3.5: the procedure had a payment)
    on_time: int = 0
    complained: int = 0  # a petition or a "not satisfied" rating (5.3)
    done: int = 0  # reached a result by the period end (2.2)
    done_doc: int = 0  # … of a document-result procedure (4.1's denominator)
    done_doc_e: int = 0  # … with an e-result
    handling_days: float = 0.0  # Σ handling time of `done` dossiers, calendar days
    sync_unknown: int = 0  # no national sync yet: sync-dependent indicators are null
    synced: int = 0
    synced_fee: int = 0

    def __add__(self, other: Tally) -> Tally:
        return sum_of((self, other))


# The counts of a Tally in field order, read at C speed: a dashboard sums thousands of them.
_counts = operator.attrgetter(*(f.name for f in fields(Tally)))


def sum_of(tallies: Iterable[Tally]) -> Tally:
    """The field-by-field sum of `tallies` (a zero Tally when there are none)."""
    columns = list(zip(*map(_counts, tallies), strict=True))
    return Tally(*map(sum, columns)) if columns else Tally()


def tally_of(d: DossierRow, period_end: dt.datetime, settings: Settings = DEFAULTS) -> Tally:
    """One dossier's counts, as the formulas of kpis.py judge it at `period_end`."""
    done = reached_result(d, period_end)
    return Tally(
        received=1,
        online=int(d.channel == Channel.ONLINE),
        online_ok=int(counts_online(d, period_end)),
        digitized_ok=int(counts_digitized(d, period_end, settings)),
        reused=int(d.reused_papers > 0),
        national=int(d.national_repository_papers > 0),
        vneid=int(d.vneid_verified),
        payable=int(d.fee_amount > 0),
        paid_payable=int(d.fee_amount > 0 and d.paid_online),
        paid_any=int(d.paid_online),
        on_time=int(is_on_time(d, period_end, settings=settings)),
        complained=int(d.has_petition or d.rating == Rating.NOT_SATISFIED),
        done=int(done),
        done_doc=int(done and d.result_is_document),
        done_doc_e=int(done and d.result_is_document and d.has_e_result),
        handling_days=handling_days(d) if done else 0.0,
        sync_unknown=int(d.synced is None),
        synced=int(bool(d.synced)),
        synced_fee=int(bool(d.synced) and d.fee_amount > 0),
    )


def tallies_of(
    rows: Iterable[DossierRow], period_end: dt.datetime, settings: Settings = DEFAULTS
) -> dict[str, Tally]:
    """Counts per procedure code of `rows` (the pure path, for tests and the check)."""
    found: dict[str, Tally] = {}
    for d in rows:
        found[d.procedure_code] = found.get(d.procedure_code, Tally()) + tally_of(
            d, period_end, settings
        )
    return found


def total(tallies: Mapping[str, Tally]) -> Tally:
    return sum_of(tallies.values())


# --- Provincial KPIs ----------------------------------------------------------------------


def provincial_kpis(
    tallies: Mapping[str, Tally], procedures: Sequence[ProcedureRow]
) -> tuple[Indicator, Indicator, Indicator]:
    """kpis.provincial_kpis() from counts: same codes, names and notes."""
    all_ = total(tallies)
    services = {p.code for p in procedures if p.offers_online}
    used = {code for code, t in tallies.items() if t.online}
    return (
        kpi(
            "ONLINE_SERVICES_WITH_DOSSIERS",
            "Tỷ lệ dịch vụ công trực tuyến phát sinh hồ sơ",
            len(services & used),
            len(services),
        ),
        kpi(
            "ONLINE_DOSSIERS",
            "Tỷ lệ hồ sơ TTHC xử lý trực tuyến",
            all_.online_ok,
            all_.received,
            "without Decision 766's sync factor",
        ),
        kpi(
            "DIGITIZED_DOSSIERS",
            "Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC",
            all_.digitized_ok,
            all_.received,
        ),
    )


def average_days(tallies: Mapping[str, Tally]) -> dict[str, Decimal]:
    """Mean handling time per procedure code, one decimal (kpis.average_processing_days)."""
    return {
        code: to_decimal(Fraction(str(t.handling_days)) / t.done, Decimal("0.1"))
        for code, t in sorted(tallies.items())
        if t.done
    }


# --- The Decision 766 index -----------------------------------------------------------------


def decision_766_index(
    tallies: Mapping[str, Tally],
    procedures: Sequence[ProcedureRow],
    petitions: Sequence[PetitionRow],
    period: Period,
    *,
    settings: Settings = DEFAULTS,
) -> tuple[Group, ...]:
    """index766.decision_766_index() from counts (calendar days for the average time)."""
    t = total(tallies)
    days = i766.calendar_days_between
    return (
        Group(
            "1",
            "Công khai, minh bạch",
            Decimal(18),
            (
                i766.publish_on_time(procedures, period, days, settings),
                i766.public_update_on_time(procedures, period, days, settings),
                i766.public_content_full(procedures),
                _dossier_sync(t),
            ),
        ),
        Group(
            "2",
            "Tiến độ, kết quả giải quyết",
            Decimal(20),
            (
                scored(
                    "ON_TIME", "Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn", t.on_time, t.received, 20
                ),
                _average_time(t),
            ),
        ),
        _group_3a(tallies, t, procedures, settings),
        _group_3b(tallies, procedures, settings),
        _group_4(tallies, t, procedures, settings),
        i766.Group("5", "Mức độ hài lòng", Decimal(18), _group_5(t, petitions, period, settings)),
    )


def _dossier_sync(t: Tally) -> Indicator:
    code, name = "DOSSIER_SYNC", "Tỷ lệ hồ sơ đồng bộ lên Cổng DVCQG"
    if t.sync_unknown:
        return not_measured(code, name, 6, SYNC_NOT_INTEGRATED)
    return scored(
        code,
        name,
        t.synced,
        t.received,
        6,
        note="" if t.received else "no dossiers: national rule needs last year's total",
    )


def _average_time(t: Tally) -> Indicator:
    code, name = "AVERAGE_TIME", "Thời gian giải quyết TTHC trung bình"
    if not t.done:
        return Indicator(code, name, 0, 0, None, Decimal(0), Decimal(0), "no completed dossiers")
    mean = to_decimal(Fraction(str(t.handling_days)) / t.done, Decimal("0.1"))
    return Indicator(
        code, name, None, t.done, None, Decimal(0), Decimal(0), "information only, in days", mean
    )


def _group_3a(
    tallies: Mapping[str, Tally], t: Tally, procedures: Sequence[ProcedureRow], settings: Settings
) -> Group:
    offered = sum(1 for p in procedures if p.offers_online)
    services = {p.code for p in procedures if p.offers_online}
    used = {code for code, c in tallies.items() if c.online}
    return Group(
        "3a",
        "Dịch vụ công trực tuyến",
        Decimal(12),
        (
            scored(
                "ONLINE_SERVICE_PROVIDED",
                "Tỷ lệ TTHC cung cấp DVCTT",
                offered,
                len(procedures),
                2,
                full_at=settings.online_services_full_at,
            ),
            scored(
                "ONLINE_SERVICE_WITH_DOSSIERS",
                "Tỷ lệ DVCTT có phát sinh hồ sơ",
                len(services & used),
                len(services),
                4,
            ),
            _online_dossiers(t, settings),
        ),
    )


def _online_dossiers(t: Tally, settings: Settings) -> Indicator:
    code, name = "ONLINE_DOSSIERS", "Tỷ lệ hồ sơ xử lý trực tuyến"
    if t.sync_unknown:
        return not_measured(code, name, 6, SYNC_NOT_INTEGRATED)
    if not t.received:
        return scored(code, name, 0, 0, 6)
    share = Fraction(t.online_ok, t.received) * Fraction(t.synced, t.received)
    return Indicator(
        code,
        name,
        t.online_ok,
        t.received,
        share_percent(share),
        points(6, share, settings.online_dossiers_full_at),
        Decimal(6),
        "× sync ratio",
    )


def _group_3b(
    tallies: Mapping[str, Tally], procedures: Sequence[ProcedureRow], settings: Settings
) -> Group:
    fee_codes = {p.code for p in procedures if p.has_fee}
    fee_tallies = [c for code, c in tallies.items() if code in fee_codes]
    paid_codes = {code for code, c in tallies.items() if c.paid_any}
    if any(c.sync_unknown for c in tallies.values()):
        integrated = not_measured(
            "FEE_INTEGRATED",
            "Tỷ lệ TTHC có NVTC được tích hợp thanh toán trực tuyến",
            2,
            SYNC_NOT_INTEGRATED,
        )
    else:
        synced = {code for code, c in tallies.items() if c.synced_fee}
        integrated = scored(
            "FEE_INTEGRATED",
            "Tỷ lệ TTHC có NVTC được tích hợp thanh toán trực tuyến",
            len(synced & fee_codes),
            len(fee_codes),
            2,
            full_at=settings.fee_integrated_full_at,
        )
    return Group(
        "3b",
        "Thanh toán trực tuyến",
        Decimal(10),
        (
            integrated,
            scored(
                "FEE_PAID_ONLINE_PROCEDURES",
                "Tỷ lệ TTHC có giao dịch thanh toán trực tuyến",
                len(paid_codes & fee_codes),
                len(fee_codes),
                2,
                full_at=settings.fee_paid_procedures_full_at,
            ),
            scored(
                "FEE_PAID_ONLINE_DOSSIERS",
                "Tỷ lệ hồ sơ thanh toán trực tuyến",
                sum(c.paid_payable for c in fee_tallies),
                sum(c.payable for c in fee_tallies),
                6,
            ),
        ),
    )


def _group_4(
    tallies: Mapping[str, Tally], t: Tally, procedures: Sequence[ProcedureRow], settings: Settings
) -> Group:
    citizen = {p.code for p in procedures if p.for_citizens}
    connected = {code for code, c in tallies.items() if c.vneid}
    n = t.received
    return Group(
        "4",
        "Số hóa hồ sơ",
        Decimal(22),
        (
            scored(
                "ORIGINAL_RESULT_AVAILABLE",
                "Tỷ lệ hồ sơ có cấp kết quả giải quyết TTHC điện tử",
                t.done_doc_e,
                t.done_doc,
                6,
            ),
            scored(
                "SO_HOA_GIAY_TO_GIAI_QUYET",
                "Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC",
                t.digitized_ok,
                n,
                4,
                full_at=settings.digitized_full_at,
            ),
            scored(
                "REUSED_DIGITIZED_DATA",
                "Tỷ lệ hồ sơ khai thác, sử dụng lại dữ liệu số hóa",
                t.reused,
                n,
                2,
                full_at=settings.reuse_full_at,
            ),
            not_measured(
                "ELECTRONIC_CERTIFIED_COPY",
                "Tỷ lệ cung cấp dịch vụ chứng thực bản sao điện tử từ bản chính",
                2,
                i766.CERTIFIED_COPY_REASON,
            ),
            scored(
                "SYNCED_WITH_DVCQG_PERSONAL_STORAGE",
                "Tỷ lệ hồ sơ số hóa có kết nối, chia sẻ dữ liệu phục vụ tái sử dụng",
                t.national,
                n,
                4,
                note="papers only: e-results pushed to the repository are not recorded yet",
            ),
            scored(
                "CITIZEN_DATA_CONNECTED_DOSSIER",
                "Tỷ lệ hồ sơ TTHC có sử dụng dữ liệu dân cư",
                t.vneid,
                n,
                2,
            ),
            scored(
                "CITIZEN_DATA_CONNECTED_FORMALITY",
                "Tỷ lệ TTHC triển khai kết nối, chia sẻ dữ liệu dân cư",
                len(connected & citizen),
                len(citizen),
                2,
            ),
        ),
    )


def _group_5(
    t: Tally, petitions: Sequence[PetitionRow], period: Period, settings: Settings
) -> tuple[Indicator, ...]:
    total_ = len(petitions)
    on_time = sum(1 for p in petitions if i766.petition_on_time(p, period))
    content = sum(
        1
        for p in petitions
        if not (p.unsatisfied or p.re_complained or not i766.petition_on_time(p, period))
    )
    staff = sum(1 for p in petitions if p.about_staff)
    return (
        i766.petition_indicator(
            "PETITION_PROCESSING_ON_TIME", "Tỷ lệ PAKN xử lý đúng hạn", on_time, total_
        ),
        i766.petition_indicator(
            "PETITION_HANDLING_SATISFACTION", "Tỷ lệ hài lòng trong xử lý PAKN", content, total_
        ),
        _receiving_satisfaction(t, settings),
        i766.classification(
            "PETITION_CLASSIFICATION_TTHC", "PAKN về quy định hành chính", total_ - staff, total_
        ),
        i766.classification("PETITION_CLASSIFICATION_STAFF", "PAKN về cán bộ", staff, total_),
    )


def _receiving_satisfaction(t: Tally, settings: Settings) -> Indicator:
    code, name = "DOSSIER_RECEIVING_SATISFACTION", "Tỷ lệ hài lòng trong tiếp nhận, giải quyết"
    if not t.received:
        return Indicator(
            code, name, 0, 0, None, Decimal(0), Decimal(6), "no dossiers: 0 points (national rule)"
        )
    good = max(0, t.received - (t.received - t.on_time) - t.complained)
    return scored(code, name, good, t.received, 6, full_at=settings.satisfaction_full_at)

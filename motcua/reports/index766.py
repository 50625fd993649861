"""The Decision 766 index (Decision 766/QĐ-TTg; domain.md §3.2), group by group.

Pure: stdlib only. Each indicator is defined in one sentence in kpis.py's docstring; the
weights are the live API's maxScore values [S17]. `decision_766_index()` returns the six
groups as the national portal shows them: 1, 2, 3a (online services), 3b (online payment),
4 and 5. Rows are the caller's selection for the period; `period` gives its bounds.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

from .kpi_rows import DossierRow, Period, PetitionRow, ProcedureRow, Rating
from .kpis import (
    DEFAULTS,
    SYNC_NOT_INTEGRATED,
    DaysBetween,
    Group,
    Indicator,
    Settings,
    calendar_days_between,
    count,
    counts_digitized,
    counts_online,
    handling_days,
    is_on_time,
    not_measured,
    online_services_with_dossiers,
    points,
    reached_result,
    scored,
    share_percent,
    to_decimal,
)

NO_PETITIONS = "no petitions in the period: full points (national rule)"
CERTIFIED_COPY_REASON = (
    "electronic certified copies are not produced by any feature yet; "
    "formula UNCONFIRMED (domain.md §3.2)"
)


# --- Group 1: Công khai, minh bạch (18) --------------------------------------------------


def _decided_in(p: ProcedureRow, period: Period) -> bool:
    day = p.published_decision_on
    return day is not None and period.start.date() <= day <= period.end.date()


def publish_on_time(
    procedures: Sequence[ProcedureRow],
    period: Period,
    days_between: DaysBetween,
    settings: Settings,
) -> Indicator:
    """1.1: the decision comes ≥ N working days before the legal basis takes effect."""
    pairs = [
        (p.published_decision_on, p.legal_basis_effective_on)
        for p in procedures
        if _decided_in(p, period)
    ]
    known = [(d, e) for d, e in pairs if d is not None and e is not None]
    lead = settings.publish_lead_working_days
    on_time = sum(1 for decided, effective in known if days_between(decided, effective) >= lead)
    left_out = len(pairs) - len(known)
    note = f"{left_out} without a legal-basis date left out" if left_out else ""
    return scored(
        "PUBLISH_ON_TIME", "Tỷ lệ TTHC công bố đúng hạn", on_time, len(known), 6, note=note
    )


def public_update_on_time(
    procedures: Sequence[ProcedureRow],
    period: Period,
    days_between: DaysBetween,
    settings: Settings,
) -> Indicator:
    """1.2: published nationally within N working days; unpublished ones are measured at the
    period end, like open dossiers (§2.3)."""
    limit = settings.national_db_publish_working_days
    pairs = [
        (p.published_decision_on, p.published_national_on or period.end.date())
        for p in procedures
        if _decided_in(p, period)
    ]
    on_time = sum(
        1
        for decided, published in pairs
        if decided is not None and days_between(decided, published) <= limit
    )
    return scored(
        "PUBLIC_UPDATE_ON_TIME",
        "Tỷ lệ TTHC được cập nhật, công khai đúng hạn",
        on_time,
        len(pairs),
        4,
    )


def public_content_full(procedures: Sequence[ProcedureRow]) -> Indicator:
    """1.3: every part of Decree 63/2010 Art. 8.2 published; unchecked rows are left out."""
    code, name = "PUBLIC_CONTENT_FULL", "Tỷ lệ TTHC công khai đầy đủ các bộ phận tạo thành"
    known = [p for p in procedures if p.content_complete is not None]
    if not known:
        return not_measured(code, name, 2, "completeness of the published parts not checked yet")
    full = sum(1 for p in known if p.content_complete)
    return scored(code, name, full, len(known), 2)


def dossier_sync(dossiers: Sequence[DossierRow]) -> Indicator:
    """1.4: synced ÷ received; not measured until the national sync exists."""
    code, name = "DOSSIER_SYNC", "Tỷ lệ hồ sơ đồng bộ lên Cổng DVCQG"
    if any(d.synced is None for d in dossiers):
        return not_measured(code, name, 6, SYNC_NOT_INTEGRATED)
    # With no dossiers the national rule falls back to last year's total, not known here.
    return scored(
        code,
        name,
        count(dossiers, lambda d: bool(d.synced)),
        len(dossiers),
        6,
        note="" if dossiers else "no dossiers: national rule needs last year's total",
    )


def group_1(
    procedures: Sequence[ProcedureRow],
    dossiers: Sequence[DossierRow],
    period: Period,
    days_between: DaysBetween,
    settings: Settings,
) -> Group:
    """Group 1, transparency (18 points)."""
    return Group(
        "1",
        "Công khai, minh bạch",
        Decimal(18),
        (
            publish_on_time(procedures, period, days_between, settings),
            public_update_on_time(procedures, period, days_between, settings),
            public_content_full(procedures),
            dossier_sync(dossiers),
        ),
    )


# --- Group 2: Tiến độ, kết quả giải quyết (20) -------------------------------------------


def average_time(
    dossiers: Sequence[DossierRow], period: Period, days_between: DaysBetween
) -> Indicator:
    """2.2: mean handling time of completed dossiers (information; per procedure, see
    kpis.average_processing_days)."""
    done = [d for d in dossiers if reached_result(d, period.end)]
    code, name = "AVERAGE_TIME", "Thời gian giải quyết TTHC trung bình"
    if not done:
        return Indicator(code, name, 0, 0, None, Decimal(0), Decimal(0), "no completed dossiers")
    total = Fraction(str(sum(handling_days(d, days_between) for d in done)))
    return Indicator(
        code,
        name,
        None,
        len(done),
        None,
        Decimal(0),
        Decimal(0),
        "information only, in days",
        to_decimal(total / len(done), Decimal("0.1")),
    )


def group_2(
    dossiers: Sequence[DossierRow], period: Period, days_between: DaysBetween, settings: Settings
) -> Group:
    """Group 2, progress and results (20 points)."""
    on_time = count(dossiers, lambda d: is_on_time(d, period.end, days_between, settings))
    return Group(
        "2",
        "Tiến độ, kết quả giải quyết",
        Decimal(20),
        (
            scored("ON_TIME", "Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn", on_time, len(dossiers), 20),
            average_time(dossiers, period, days_between),
        ),
    )


# --- Group 3a: Dịch vụ công trực tuyến (12) ----------------------------------------------


def online_dossiers(
    dossiers: Sequence[DossierRow], period: Period, settings: Settings
) -> Indicator:
    """3.3: online dossiers ÷ received × sync ratio; full points at 50%."""
    code, name = "ONLINE_DOSSIERS", "Tỷ lệ hồ sơ xử lý trực tuyến"
    if any(d.synced is None for d in dossiers):
        return not_measured(code, name, 6, SYNC_NOT_INTEGRATED)
    if not dossiers:
        return scored(code, name, 0, 0, 6)
    n = len(dossiers)
    online = count(dossiers, lambda d: counts_online(d, period.end))
    share = Fraction(online, n) * Fraction(count(dossiers, lambda d: bool(d.synced)), n)
    return Indicator(
        code,
        name,
        online,
        n,
        share_percent(share),
        points(6, share, settings.online_dossiers_full_at),
        Decimal(6),
        "× sync ratio",
    )


def group_3a(
    procedures: Sequence[ProcedureRow],
    dossiers: Sequence[DossierRow],
    period: Period,
    settings: Settings,
) -> Group:
    """Group 3a, online services (12 points as 2 + 4 + 6: ADR 0010)."""
    offered = sum(1 for p in procedures if p.offers_online)
    used, services = online_services_with_dossiers(procedures, dossiers)
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
                "ONLINE_SERVICE_WITH_DOSSIERS", "Tỷ lệ DVCTT có phát sinh hồ sơ", used, services, 4
            ),
            online_dossiers(dossiers, period, settings),
        ),
    )


# --- Group 3b: Thanh toán trực tuyến (10) ------------------------------------------------


def fee_integrated(
    fee_codes: set[str], dossiers: Sequence[DossierRow], settings: Settings
) -> Indicator:
    """3.4: fee procedures whose synced dossiers carry fee data; needs the national sync."""
    code, name = "FEE_INTEGRATED", "Tỷ lệ TTHC có NVTC được tích hợp thanh toán trực tuyến"
    if any(d.synced is None for d in dossiers):
        return not_measured(code, name, 2, SYNC_NOT_INTEGRATED)
    synced = {d.procedure_code for d in dossiers if d.synced and d.fee_amount > 0}
    return scored(
        code,
        name,
        len(synced & fee_codes),
        len(fee_codes),
        2,
        full_at=settings.fee_integrated_full_at,
    )


def group_3b(
    procedures: Sequence[ProcedureRow], dossiers: Sequence[DossierRow], settings: Settings
) -> Group:
    """Group 3b, online payment (10 points)."""
    fee_codes = {p.code for p in procedures if p.has_fee}
    paid_codes = {d.procedure_code for d in dossiers if d.paid_online}
    # Dossiers of fee-bearing procedures less those whose fees are all zero (exempt).
    payable = [d for d in dossiers if d.procedure_code in fee_codes and d.fee_amount > 0]
    return Group(
        "3b",
        "Thanh toán trực tuyến",
        Decimal(10),
        (
            fee_integrated(fee_codes, dossiers, settings),
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
                count(payable, lambda d: d.paid_online),
                len(payable),
                6,
            ),
        ),
    )


# --- Group 4: Số hóa hồ sơ (22) ----------------------------------------------------------


def citizen_data_formality(
    procedures: Sequence[ProcedureRow], dossiers: Sequence[DossierRow]
) -> Indicator:
    """4.7: citizen procedures with a dossier using population data ÷ citizen procedures."""
    citizen = {p.code for p in procedures if p.for_citizens}
    connected = {d.procedure_code for d in dossiers if d.vneid_verified}
    return scored(
        "CITIZEN_DATA_CONNECTED_FORMALITY",
        "Tỷ lệ TTHC triển khai kết nối, chia sẻ dữ liệu dân cư",
        len(connected & citizen),
        len(citizen),
        2,
    )


def group_4(
    procedures: Sequence[ProcedureRow],
    dossiers: Sequence[DossierRow],
    period: Period,
    settings: Settings,
) -> Group:
    """Group 4, digitization (22 points)."""
    n, end = len(dossiers), period.end
    resulted = [d for d in dossiers if d.result_is_document and reached_result(d, end)]
    return Group(
        "4",
        "Số hóa hồ sơ",
        Decimal(22),
        (
            scored(
                "ORIGINAL_RESULT_AVAILABLE",
                "Tỷ lệ hồ sơ có cấp kết quả giải quyết TTHC điện tử",
                count(resulted, lambda d: d.has_e_result),
                len(resulted),
                6,
            ),
            scored(
                "SO_HOA_GIAY_TO_GIAI_QUYET",
                "Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC",
                count(dossiers, lambda d: counts_digitized(d, end, settings)),
                n,
                4,
                full_at=settings.digitized_full_at,
            ),
            scored(
                "REUSED_DIGITIZED_DATA",
                "Tỷ lệ hồ sơ khai thác, sử dụng lại dữ liệu số hóa",
                count(dossiers, lambda d: d.reused_papers > 0),
                n,
                2,
                full_at=settings.reuse_full_at,
            ),
            not_measured(
                "ELECTRONIC_CERTIFIED_COPY",
                "Tỷ lệ cung cấp dịch vụ chứng thực bản sao điện tử từ bản chính",
                2,
                CERTIFIED_COPY_REASON,
            ),
            scored(
                "SYNCED_WITH_DVCQG_PERSONAL_STORAGE",
                "Tỷ lệ hồ sơ số hóa có kết nối, chia sẻ dữ liệu phục vụ tái sử dụng",
                count(dossiers, lambda d: d.national_repository_papers > 0),
                n,
                4,
                note="papers only: e-results pushed to the repository are not recorded yet",
            ),
            scored(
                "CITIZEN_DATA_CONNECTED_DOSSIER",
                "Tỷ lệ hồ sơ TTHC có sử dụng dữ liệu dân cư",
                count(dossiers, lambda d: d.vneid_verified),
                n,
                2,
            ),
            citizen_data_formality(procedures, dossiers),
        ),
    )


# --- Group 5: Mức độ hài lòng (18) -------------------------------------------------------


def petition_on_time(p: PetitionRow, period: Period) -> bool:
    """Handled by its deadline, or open and still within it at the period end."""
    end = p.handled_at if p.handled_at and p.handled_at <= period.end else period.end
    return end <= p.due_at


def petition_indicator(code: str, name: str, good: int, total: int) -> Indicator:
    """5.1 / 5.2: 6 × ratio, and 6 points when there are no petitions (national rule)."""
    if total == 0:
        return Indicator(code, name, 0, 0, None, Decimal(6), Decimal(6), NO_PETITIONS)
    return scored(code, name, good, total, 6)


def receiving_satisfaction(
    dossiers: Sequence[DossierRow], period: Period, days_between: DaysBetween, settings: Settings
) -> Indicator:
    """5.3: 100% − share overdue − share with a petition or dislike; 0 points with none."""
    code, name = "DOSSIER_RECEIVING_SATISFACTION", "Tỷ lệ hài lòng trong tiếp nhận, giải quyết"
    n = len(dossiers)
    if n == 0:
        return Indicator(
            code, name, 0, 0, None, Decimal(0), Decimal(6), "no dossiers: 0 points (national rule)"
        )
    overdue = n - count(dossiers, lambda d: is_on_time(d, period.end, days_between, settings))
    complained = count(dossiers, lambda d: d.has_petition or d.rating == Rating.NOT_SATISFIED)
    good = max(0, n - overdue - complained)
    return scored(code, name, good, n, 6, full_at=settings.satisfaction_full_at)


def classification(code: str, name: str, part: int, total: int) -> Indicator:
    """5.4: information only (0 points)."""
    ratio = share_percent(Fraction(part, total)) if total else None
    return Indicator(code, name, part, total, ratio, Decimal(0), Decimal(0), "information only")


def group_5(
    petitions: Sequence[PetitionRow],
    dossiers: Sequence[DossierRow],
    period: Period,
    days_between: DaysBetween,
    settings: Settings,
) -> Group:
    """Group 5, satisfaction (18 points)."""
    total = len(petitions)
    on_time = sum(1 for p in petitions if petition_on_time(p, period))
    content = sum(
        1
        for p in petitions
        if not (p.unsatisfied or p.re_complained or not petition_on_time(p, period))
    )
    staff = sum(1 for p in petitions if p.about_staff)
    return Group(
        "5",
        "Mức độ hài lòng",
        Decimal(18),
        (
            petition_indicator(
                "PETITION_PROCESSING_ON_TIME", "Tỷ lệ PAKN xử lý đúng hạn", on_time, total
            ),
            petition_indicator(
                "PETITION_HANDLING_SATISFACTION", "Tỷ lệ hài lòng trong xử lý PAKN", content, total
            ),
            receiving_satisfaction(dossiers, period, days_between, settings),
            classification(
                "PETITION_CLASSIFICATION_TTHC", "PAKN về quy định hành chính", total - staff, total
            ),
            classification("PETITION_CLASSIFICATION_STAFF", "PAKN về cán bộ", staff, total),
        ),
    )


# --- The index ---------------------------------------------------------------------------


def decision_766_index(
    dossiers: Sequence[DossierRow],
    procedures: Sequence[ProcedureRow],
    petitions: Sequence[PetitionRow],
    period: Period,
    *,
    days_between: DaysBetween = calendar_days_between,
    settings: Settings = DEFAULTS,
) -> tuple[Group, ...]:
    """Return groups 1, 2, 3a, 3b, 4 and 5 with every sub-indicator.

    `dossiers` are those received in the period (plus open ones carried over, at the caller's
    choice); `procedures` those under the unit's authority; `petitions` those of the period.
    """
    return (
        group_1(procedures, dossiers, period, days_between, settings),
        group_2(dossiers, period, days_between, settings),
        group_3a(procedures, dossiers, period, settings),
        group_3b(procedures, dossiers, settings),
        group_4(procedures, dossiers, period, settings),
        group_5(petitions, dossiers, period, days_between, settings),
    )


def total_score(groups: Sequence[Group]) -> Decimal | None:
    """Sum of the measured group scores (out of 100), None when nothing is measured."""
    scores = [g.score for g in groups if g.score is not None]
    return sum(scores, Decimal(0)) if scores else None

"""The plain rows that the KPI formulas read (architecture.md, "What a dossier records").

Pure: stdlib only. A query module turns dossiers, procedure versions and petitions into these
rows; the formulas in kpis.py and index766.py never see a model. Field comments give the national
sync field each one stands for (domain.md §2.1) where there is one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import IntEnum, StrEnum


class Channel(IntEnum):
    """KenhThucHien: 1 in person, 2 online, 3 public post (domain.md §2.1)."""

    IN_PERSON = 1
    ONLINE = 2
    POST = 3


class OnlineLevel(StrEnum):
    """Decree 42/2022 Art. 11.1: full online (toàn trình), partial (một phần), or none."""

    FULL = "full"
    PARTIAL = "partial"
    NONE = "none"


class Rating(StrEnum):
    """The applicant's rating of a dossier; NOT_SATISFIED is the "dislike" of indicator 5.3."""

    VERY_SATISFIED = "very-satisfied"
    SATISFIED = "satisfied"
    NOT_SATISFIED = "not-satisfied"


@dataclass(frozen=True)
class Period:
    """The reporting period. Rows are filtered by the caller; the formulas only need the bounds
    for "open at period end" (domain.md §2.3) and group 1's "decisions dated in the period"."""

    start: dt.datetime
    end: dt.datetime
    label: str = ""  # "2026", "2026-Q1", "2026-03" or "from – to"


@dataclass(frozen=True)
class DossierRow:
    """One received dossier (only received dossiers count: domain.md §2.3)."""

    procedure_code: str
    channel: Channel  # KenhThucHien
    received_at: dt.datetime  # NgayTiepNhan
    due_at: dt.datetime | None = None  # NgayHenTra, restarted or extended (rule 6)
    # End time, national order: first of decided (9) > returned (10) > stopped (8) or withdrawn;
    # None while open. For a withdrawn or stopped dossier it is the stop time.
    finished_at: dt.datetime | None = None  # NgayKetThucXuLy
    withdrawn: bool = False  # ended by withdrawal or stop: no result issued
    supplement_requests: int = 0
    # (requested, supplied) per appraisal supplement request; supplied None = still waiting.
    supplement_waits: tuple[tuple[dt.datetime, dt.datetime | None], ...] = ()
    time_limit_days: float | None = None  # ThoiGianGiaiQuyet, used only without due_at
    result_is_document: bool = True
    has_e_result: bool = False  # MaKetQua + DuongDanTepTinKetQua
    papers: int = 0
    digitized_papers: int = 0  # TaiLieuNop.DuocSoHoa
    reused_papers: int = 0  # taken from the citizen's repository
    national_repository_papers: int = 0  # TaiLieuNop.DuocLayTuKhoDMQG
    fee_amount: int = 0  # Σ DanhSachPhiLePhi.Gia; 0 = no fee or all zero
    payment_channel: int | None = None  # DuocThanhToanTrucTuyen: 1 national, 2 provincial
    vneid_verified: bool = False  # TaiKhoanDuocXacThucVoiVNeID
    synced: bool | None = None  # None = no national sync integration yet
    rating: Rating | None = None
    has_petition: bool = False  # a petition (PAKN) was filed about this dossier

    @property
    def paid_online(self) -> bool:
        """Paid on the national portal (1) or the provincial gateway (2) (indicator 3.6)."""
        return self.payment_channel in (1, 2)


@dataclass(frozen=True)
class ProcedureRow:
    """One procedure under the unit's authority, as its version in force in the period says."""

    code: str
    online_level: OnlineLevel = OnlineLevel.NONE
    full_online_possible: bool = False
    has_fee: bool = False  # a non-zero fee in the national database
    for_citizens: bool = True  # subjects: citizens, overseas Vietnamese, foreigners
    # Every part of Decree 63/2010 Art. 8.2 published; None = not checked.
    content_complete: bool | None = None
    published_decision_on: dt.date | None = None  # QĐCB date
    legal_basis_effective_on: dt.date | None = None
    published_national_on: dt.date | None = None  # on the National TTHC database

    @property
    def offers_online(self) -> bool:
        """An online service exists for it (full or partial: 766 indicators 3.1 and 3.2)."""
        return self.online_level in (OnlineLevel.FULL, OnlineLevel.PARTIAL)


@dataclass(frozen=True)
class PetitionRow:
    """One petition (phản ánh, kiến nghị) under the unit's authority."""

    received_at: dt.datetime
    due_at: dt.datetime  # deadline of its current stage (domain.md §3.2)
    handled_at: dt.datetime | None = None  # None while open
    unsatisfied: bool = False  # more dislikes than likes
    re_complained: bool = False
    about_staff: bool = False  # else about rules and procedures

"""The citizen's e-data repository (kho quản lý dữ liệu điện tử của tổ chức, cá nhân) as a
source of papers to reuse, keyed by the personal identification number (CCCD).

Submission code talks to a RepositorySource, never to the models, so that the national
repository can replace LocalRepository (the stand-in over RepositoryPaper rows) through
settings.PAPER_REPOSITORY. A paper reused in a dossier is copied into a StoredFile of its own:
the dossier keeps what was submitted even if the repository later changes.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Protocol

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.module_loading import import_string

from .checks import EXTENSIONS, PDF
from .choices import PaperKind
from .models import RepositoryPaper, StoredFile
from .pdf import minimal_pdf

if TYPE_CHECKING:
    from motcua.accounts.models import User


@dataclass(frozen=True)
class RepositoryItem:
    """One paper of a citizen's repository, as a dossier may reference it (no file path)."""

    ref: str
    title: str
    kind: str
    issuer: str
    issued_on: dt.date | None
    content_type: str
    size: int
    from_national: bool


class PaperNotFound(LookupError):
    """The person's repository holds no paper with that reference."""


class RepositorySource(Protocol):
    def papers_for(self, id_number: str) -> list[RepositoryItem]:
        """The person's papers, newest first; empty for an unknown or empty number."""
        ...

    def get(self, id_number: str, ref: str) -> RepositoryItem | None:
        """One of the person's papers; None when it is not theirs or does not exist."""
        ...

    def open(self, id_number: str, ref: str) -> IO[bytes]:
        """The paper's bytes, to read; raises PaperNotFound like get() returns None."""
        ...

    def copy_to_store(self, id_number: str, ref: str, *, owner: User | None) -> StoredFile:
        """A new StoredFile with a copy of the paper's bytes; raises PaperNotFound."""
        ...


def id_number_of(user: User) -> str:
    """The number whose repository the user may open, or "" when there is none.

    Only an account whose identity VNeID vouched for opens a repository: a number typed into
    a profile proves nothing, and would otherwise show someone else's papers.
    """
    return user.id_number if user.vneid_verified and user.id_number else ""


def get_repository() -> RepositorySource:
    """The source named by settings.PAPER_REPOSITORY (the local stand-in by default)."""
    source: type[RepositorySource] = import_string(settings.PAPER_REPOSITORY)
    return source()


class LocalRepository:
    """RepositorySource over RepositoryPaper rows and files in the default storage."""

    def papers_for(self, id_number: str) -> list[RepositoryItem]:
        if not id_number:
            return []
        rows = RepositoryPaper.objects.filter(id_number=id_number).order_by("-issued_on", "title")
        return [_item(row) for row in rows]

    def get(self, id_number: str, ref: str) -> RepositoryItem | None:
        row = self._row(id_number, ref)
        return None if row is None else _item(row)

    def open(self, id_number: str, ref: str) -> IO[bytes]:
        row = self._row(id_number, ref)
        if row is None:
            raise PaperNotFound(ref)
        return default_storage.open(row.file, "rb")

    def copy_to_store(self, id_number: str, ref: str, *, owner: User | None) -> StoredFile:
        row = self._row(id_number, ref)
        if row is None:
            raise PaperNotFound(ref)
        extension = EXTENSIONS.get(row.content_type, "bin")
        with default_storage.open(row.file, "rb") as source:
            return StoredFile.store(
                source,
                extension=extension,
                content_type=row.content_type,
                filename=f"{row.title[:140]}.{extension}",
                owner=owner,
            )

    @staticmethod
    def _row(id_number: str, ref: str) -> RepositoryPaper | None:
        try:
            key = uuid.UUID(ref)
        except ValueError:
            return None
        if not id_number:
            return None
        return RepositoryPaper.objects.filter(id_number=id_number, pk=key).first()


def _item(row: RepositoryPaper) -> RepositoryItem:
    return RepositoryItem(
        ref=str(row.pk),
        title=row.title,
        kind=row.kind,
        issuer=row.issuer,
        issued_on=row.issued_on,
        content_type=row.content_type,
        size=row.size,
        from_national=row.from_national,
    )


# --- Demo data: the papers of citizen_an (CCCD 019085001234, born 12/3/1985) ------------------

DEMO_ID_NUMBER = "019085001234"
DEMO_HOLDER = "Nguyễn Văn An"


@dataclass(frozen=True)
class _DemoPaper:
    slug: str
    title: str
    kind: str
    issuer: str
    issued_on: dt.date
    from_national: bool


DEMO_PAPERS = (
    # Born 1985 in what was then Bắc Thái province (Thái Nguyên from 1997).
    _DemoPaper(
        "giay-khai-sinh",
        "Giấy khai sinh",
        PaperKind.VERIFIED,
        "UBND xã Phú Xuyên, huyện Đại Từ, tỉnh Bắc Thái",
        dt.date(1985, 3, 20),
        True,
    ),
    _DemoPaper(
        "can-cuoc-cong-dan",
        "Căn cước công dân",
        PaperKind.VERIFIED,
        "Cục Cảnh sát quản lý hành chính về trật tự xã hội",
        dt.date(2021, 4, 15),
        True,
    ),
    _DemoPaper(
        "xac-nhan-cu-tru",
        "Giấy xác nhận thông tin về cư trú",
        PaperKind.RESULT,
        "Công an phường Phan Đình Phùng, tỉnh Thái Nguyên",
        dt.date(2025, 9, 10),
        False,
    ),
    _DemoPaper(
        "giay-chung-nhan-ket-hon",
        "Giấy chứng nhận kết hôn",
        PaperKind.RESULT,
        "UBND phường Phan Đình Phùng, thành phố Thái Nguyên",
        dt.date(2012, 11, 20),
        False,
    ),
)


def seed_demo_repository() -> int:
    """Put citizen_an's demo papers in the local repository; the number of papers added.

    Idempotent: a paper already there is kept, and its file is written again only if the
    storage lost it (a wiped media folder).
    """
    added = 0
    for paper in DEMO_PAPERS:
        row = RepositoryPaper.objects.filter(id_number=DEMO_ID_NUMBER, title=paper.title).first()
        if row is not None and default_storage.exists(row.file):
            continue
        content = _demo_pdf(paper)
        name = default_storage.save(
            f"repository/{DEMO_ID_NUMBER}/{paper.slug}.pdf", ContentFile(content)
        )
        if row is None:
            RepositoryPaper.objects.create(
                id_number=DEMO_ID_NUMBER,
                title=paper.title,
                kind=paper.kind,
                issuer=paper.issuer,
                issued_on=paper.issued_on,
                file=name,
                content_type=PDF,
                size=len(content),
                from_national=paper.from_national,
            )
            added += 1
        else:
            RepositoryPaper.objects.filter(pk=row.pk).update(file=name, size=len(content))
    return added


def _demo_pdf(paper: _DemoPaper) -> bytes:
    return minimal_pdf(
        paper.title,
        [
            f"Họ và tên: {DEMO_HOLDER}",
            f"Số định danh cá nhân: {DEMO_ID_NUMBER}",
            "Ngày sinh: 12/03/1985",
            f"Cơ quan cấp: {paper.issuer}",
            f"Ngày cấp: {paper.issued_on:%d/%m/%Y}",
            "DỮ LIỆU MẪU - KHÔNG CÓ GIÁ TRỊ PHÁP LÝ",
        ],
    )

"""The dossier's documents: its papers (with their stored files) and its e-result."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.db.models import QuerySet
from django.http import FileResponse
from django.utils.text import slugify

from motcua.dossiers.models import Dossier, Paper
from motcua.lib.text import fold

_EXTENSION = re.compile(r"\.[a-z0-9]{1,8}")
# "//host" and "/\host" are other sites to a browser, so a path must not start with them.
_SAFE_LINK = re.compile(r"https?://\S+|/(?![/\\])\S*", re.IGNORECASE)


@dataclass(frozen=True)
class EResult:
    """The dossier's electronic result (MaKetQua, DuongDanTepTinKetQua)."""

    code: str
    url: str  # empty when the link is missing or not a web address


def papers_of(dossier: Dossier) -> QuerySet[Paper]:
    return dossier.papers.order_by("id")


def e_result_of(dossier: Dossier) -> EResult | None:
    """The e-result, or None when the dossier has none. A link that is not http(s) or a path
    of this site (say "javascript:…") is dropped rather than shown."""
    if not (dossier.e_result_code or dossier.e_result_url):
        return None
    url = dossier.e_result_url.strip()
    return EResult(code=dossier.e_result_code, url=url if _SAFE_LINK.fullmatch(url) else "")


def download_name(paper: Paper) -> str:
    """A filename any phone can save: the paper's name without diacritics, and the stored
    file's extension (e.g. "giay-khai-sinh.pdf")."""
    stem = slugify(fold(paper.name))[:80].strip("-") or "giay-to"
    suffix = PurePosixPath(paper.file).suffix.lower()
    return stem + (suffix if _EXTENSION.fullmatch(suffix) else "")


def file_response(paper: Paper) -> FileResponse | None:
    """Stream the paper's stored file as a download, or None when it has no readable file."""
    if not paper.file:
        return None
    try:
        handle = default_storage.open(paper.file, "rb")
    except (OSError, SuspiciousFileOperation):
        return None
    response = FileResponse(handle, as_attachment=True, filename=download_name(paper))
    # Never rendered by the browser as a page: an uploaded file may hold HTML or scripts.
    response["X-Content-Type-Options"] = "nosniff"
    # Personal papers: no shared cache may keep them.
    response["Cache-Control"] = "private, no-store"
    return response

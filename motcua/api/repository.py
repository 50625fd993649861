"""/api/v1/me/repository: the caller's papers in the citizen's e-data repository, by their CCCD.

The repository is whatever settings.PAPER_REPOSITORY names (the local stand-in by default). A
caller whose account has no personal identification number has an empty repository; a paper
of anybody else answers 404.
"""

from __future__ import annotations

import datetime as dt

from django.http import FileResponse, HttpRequest
from django.utils.text import slugify
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from motcua.documents.checks import EXTENSIONS
from motcua.documents.repository import PaperNotFound, get_repository, id_number_of
from motcua.lib.text import fold

from .auth import AUTH
from .me import _user
from .schemas import PAGE_SIZE, ErrorOut, Page, PageNumber

router = Router(tags=["repository"])


class PageQuery(Schema):
    page: PageNumber = 1


class RepositoryPaperOut(Schema):
    ref: str = Field(description="The paper's reference in the repository")
    title: str
    kind: str = Field(description="result (of an earlier procedure) or verified (a paper)")
    issuer: str
    issued_on: dt.date | None
    content_type: str
    size: int = Field(description="Bytes")
    from_national: bool = Field(description="Taken from a national database (Decision 766)")


@router.get(
    "",
    response={200: Page[RepositoryPaperOut], 401: ErrorOut, 422: ErrorOut},
    auth=AUTH,
    summary="My papers in the citizen's e-data repository",
)
def list_papers(request: HttpRequest, query: Query[PageQuery]) -> dict[str, object]:
    items = get_repository().papers_for(id_number_of(_user(request)))
    start = (query.page - 1) * PAGE_SIZE
    return {
        "items": items[start : start + PAGE_SIZE],
        "count": len(items),
        "page": query.page,
        "page_size": PAGE_SIZE,
    }


@router.get(
    "/{ref}/file",
    response={200: bytes, 401: ErrorOut, 404: ErrorOut},
    auth=AUTH,
    summary="Download one of my repository papers",
)
def paper_file(request: HttpRequest, ref: str) -> FileResponse:
    id_number = id_number_of(_user(request))
    repository = get_repository()
    item = repository.get(id_number, ref) if id_number else None
    try:
        if item is None:
            raise PaperNotFound(ref)
        handle = repository.open(id_number, ref)
    except (PaperNotFound, OSError):
        raise HttpError(404, _("Your repository has no paper %(ref)s.") % {"ref": ref}) from None
    stem = slugify(fold(item.title))[:80].strip("-") or "giay-to"
    extension = EXTENSIONS.get(item.content_type, "bin")
    return FileResponse(
        handle, as_attachment=True, filename=f"{stem}.{extension}", content_type=item.content_type
    )

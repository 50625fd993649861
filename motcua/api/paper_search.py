"""GET /api/v1/papers/search?q=…: officers search inside the digitized papers of the dossiers
they may see (motcua.documents.search, the same function as /mot-cua/tim-giay-to/).

Staff only (403 for anyone else); a paper of a dossier the officer may not read is simply not
in the list. Every word (two letters or more) must appear, with or without diacritics.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

from motcua.accounts.choices import UserKind
from motcua.documents.search import hits, matching_papers
from motcua.documents.textsearch import MIN_TERM, plain, terms_of

from .auth import AUTH
from .schemas import PAGE_SIZE, ErrorOut, LocalDateTime, Page, PageNumber, paginate

router = Router(tags=["paper_search"])


class SearchFilters(Schema):
    q: str = Field(
        ...,
        min_length=1,
        max_length=200,
        description="Words to find, with or without diacritics; all must appear",
    )
    page: PageNumber = 1


class Highlight(Schema):
    start: int = Field(description="Offset of a matched word in `snippet`")
    end: int


class PaperHit(Schema):
    dossier: str = Field(description="Dossier code, or the submission reference before receipt")
    reference: str = Field(description="Submission reference")
    paper_id: int
    paper_name: str
    procedure: str = Field(description="Procedure code")
    applicant_name: str
    snippet: str = Field(description="An extract of the paper's text around the first match")
    highlights: list[Highlight]
    recognised: bool = Field(description="The text came from OCR and may hold misread letters")
    file_url: str = Field(description="The paper's file, in the back office")
    added_at: LocalDateTime


def _officer(request: HttpRequest) -> None:
    """Staff only (a session without its second factor is none: backoffice.middleware)."""
    if getattr(request.user, "kind", "") != UserKind.STAFF:
        raise HttpError(403, _("The back office is for staff."))


@router.get(
    "/search",
    response={200: Page[PaperHit], 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    auth=AUTH,
    summary="Search inside the digitized papers of dossiers I may see",
)
def search_papers(request: HttpRequest, filters: Query[SearchFilters]) -> dict[str, object]:
    _officer(request)
    terms = terms_of(filters.q)
    if not terms:
        raise NinjaValidationError(
            [
                {
                    "loc": ["query", "q"],
                    "msg": _("Type at least one word of %(n)d letters or more.") % {"n": MIN_TERM},
                }
            ]
        )
    papers, count = paginate(matching_papers(request.user, terms), filters.page)
    items = []
    for hit in hits(papers, terms):
        text, marks = plain(hit.parts)
        ref = hit.dossier.code or hit.dossier.reference
        items.append(
            {
                "dossier": ref,
                "reference": hit.dossier.reference,
                "paper_id": hit.paper.pk,
                "paper_name": hit.paper.name,
                "procedure": hit.dossier.procedure_version.procedure.code,
                "applicant_name": hit.dossier.applicant_name,
                "snippet": text,
                "highlights": [{"start": s, "end": e} for s, e in marks],
                "recognised": hit.recognised,
                "file_url": reverse("backoffice:paper", args=[ref, hit.paper.pk]),
                "added_at": hit.paper.created_at,
            }
        )
    return {"items": items, "count": count, "page": filters.page, "page_size": PAGE_SIZE}

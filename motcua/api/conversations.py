"""/api/v1/dossiers/{ref}/messages and /papers: the dossier's conversation and documents.

Scoped like GET /api/v1/dossiers/{ref}: whoever may not read the dossier gets 404. Reading the
messages marks the other side's as read; sending needs a write scope and the right to act
(the applicant's side, or staff of visible_to(user, "act")).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, StreamingHttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from motcua.accounts.models import User
from motcua.conversations import papers, services
from motcua.conversations.access import Access, access_to
from motcua.conversations.models import MAX_LENGTH, Message

from .auth import AUTH
from .dossiers import AgencyRef, get_visible
from .me import require_write
from .schemas import PAGE_SIZE, ErrorOut, LocalDateTime, Page, PageNumber, paginate

router = Router(tags=["conversations"])
FILE_RESPONSE = {
    "responses": {
        200: {
            "description": "The stored file, as an attachment",
            "content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
            },
        }
    }
}


class PageQuery(Schema):
    page: PageNumber = 1


class MessageIn(Schema):
    body: str = Field(description=f"The message, at most {MAX_LENGTH} characters once trimmed")

    @field_validator("body")
    @classmethod
    def _clean(cls, value: str) -> str:
        try:
            return services.clean_body(value)
        except DjangoValidationError as exc:
            # The person's own words, not pydantic's "Value error, …".
            raise PydanticCustomError("message_body", exc.messages[0]) from exc


class MessageOut(Schema):
    id: int
    side: str = Field(description='"applicant" or "officer"')
    author: str = Field(
        description="Who wrote it, as the caller may know them: the applicant "
        "sees an officer's agency, never their name"
    )
    agency: AgencyRef | None = Field(
        description="The officer's agency; null for the applicant's side"
    )
    mine: bool
    body: str
    created_at: LocalDateTime
    read_at: LocalDateTime | None = Field(description="When the other side first read it")


class PaperOut(Schema):
    id: int
    name: str
    reused: bool = Field(description="Taken from the citizen's data repository")
    digitized: bool
    from_national_repository: bool
    has_file: bool
    file_url: str | None = Field(description="Where to download the stored file")


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # AUTH lets only signed-in callers through
    return request.user


def _message_out(message: Message, user: User, access: Access) -> dict[str, Any]:
    return {
        "id": message.pk,
        "side": message.side,
        "author": services.speaker(message, user, access),
        "agency": message.agency,
        "mine": message.author_id == user.pk,
        "body": message.body,
        "created_at": message.created_at,
        "read_at": message.read_at,
    }


@router.get(
    "/{ref}/messages",
    response={200: Page[MessageOut], 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    auth=AUTH,
    summary="The messages of a dossier, oldest first",
)
def list_messages(request: HttpRequest, ref: str, query: Query[PageQuery]) -> dict[str, object]:
    user = _user(request)
    dossier = get_visible(request, ref)
    access = access_to(user, dossier)
    rows, count = paginate(services.thread(dossier), query.page)
    services.mark_read(dossier, access)
    return {
        "items": [_message_out(m, user, access) for m in rows],
        "count": count,
        "page": query.page,
        "page_size": PAGE_SIZE,
    }


@router.post(
    "/{ref}/messages",
    response={
        201: MessageOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        422: ErrorOut,
        429: ErrorOut,
    },
    auth=AUTH,
    summary="Send a message on a dossier",
)
def post_message(request: HttpRequest, ref: str, payload: MessageIn) -> Status[dict[str, Any]]:
    require_write(request)
    user = _user(request)
    dossier = get_visible(request, ref)
    access = access_to(user, dossier)
    if not access.may_send:
        raise HttpError(403, _("You may read the messages of this dossier but not send one."))
    try:
        message = services.send_message(
            dossier, user, access, payload.body, site_url=services.site_url(request)
        )
    except services.Refused as exc:
        raise HttpError(429, str(exc)) from exc
    return Status(201, _message_out(message, user, access))


@router.get(
    "/{ref}/papers",
    response={200: Page[PaperOut], 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    auth=AUTH,
    summary="The papers of a dossier",
)
def list_papers(request: HttpRequest, ref: str, query: Query[PageQuery]) -> dict[str, object]:
    dossier = get_visible(request, ref)
    rows, count = paginate(papers.papers_of(dossier), query.page)
    items = [
        {
            "id": p.pk,
            "name": p.name,
            "reused": p.reused,
            "digitized": p.digitized,
            "from_national_repository": p.from_national_repository,
            "has_file": bool(p.file),
            "file_url": f"/api/v1/dossiers/{dossier.reference}/papers/{p.pk}/file"
            if p.file
            else None,
        }
        for p in rows
    ]
    return {"items": items, "count": count, "page": query.page, "page_size": PAGE_SIZE}


@router.get(
    "/{ref}/papers/{paper_id}/file",
    response={401: ErrorOut, 404: ErrorOut},
    openapi_extra=FILE_RESPONSE,
    auth=AUTH,
    summary="Download the stored file of one paper of a dossier",
)
def paper_file(request: HttpRequest, ref: str, paper_id: int) -> StreamingHttpResponse:
    dossier = get_visible(request, ref)
    paper = dossier.papers.filter(pk=paper_id).first()
    response = papers.file_response(paper) if paper else None
    if response is None:
        raise HttpError(404, _("This dossier has no paper %(id)s with a file.") % {"id": paper_id})
    return response

"""The officers' queues and internal notes: /api/v1/queues/{name}, /api/v1/dossiers/{ref}/notes.

Scoped like the back-office pages (motcua.backoffice.access): queues start from visible_to();
notes answer 404 to anyone who may not act on the dossier as its handler (citizens, another
agency, a consulted agency, read-only roles).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from motcua.accounts.choices import UserKind
from motcua.accounts.models import User
from motcua.backoffice import queues
from motcua.backoffice.access import notes_dossier
from motcua.backoffice.models import InternalNote
from motcua.dossiers.models import Dossier

from .auth import AUTH
from .me import require_write
from .schemas import (
    PAGE_SIZE,
    ErrorOut,
    LocalDateTime,
    Page,
    PageNumber,
    PageParam,
    paginate,
)

router = Router(tags=["backoffice"])


class QueueItem(Schema):
    reference: str
    code: str | None
    status: int
    state: str
    procedure: str
    procedure_name: str
    applicant_name: str
    competent_agency: str
    due_at: LocalDateTime | None
    overdue: bool


class QueueFilters(Schema):
    q: str = Field("", max_length=100, description="Code, reference, applicant name or CCCD")
    procedure: str = Field("", max_length=20, description="Procedure code")
    status: int | None = Field(None, ge=1, le=10, description="National status code")
    page: PageNumber = 1


class NoteIn(Schema):
    body: str = Field(..., min_length=1, max_length=5000)


class NoteOut(Schema):
    id: int
    author: str
    body: str
    created_at: LocalDateTime


def _staff(request: HttpRequest) -> None:
    """Staff only (a session without its second factor is none: backoffice.middleware)."""
    if getattr(request.user, "kind", "") != UserKind.STAFF:
        raise HttpError(403, _("The back office is for staff."))


@router.get(
    "/queues/{name}",
    response={200: Page[QueueItem], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    auth=AUTH,
    summary="An officer's queue of dossiers",
)
def get_queue(request: HttpRequest, name: str, filters: Query[QueueFilters]) -> dict[str, object]:
    """`name` is mine, team, due-soon, overdue or intake; most urgent first, 20 a page."""
    _staff(request)
    if name not in queues.QUEUES:
        raise HttpError(404, _("No queue called %(name)s.") % {"name": name})
    rows = queues.queue(
        request.user,
        name,
        queues.Filters(procedure=filters.procedure, status=filters.status, q=filters.q),
    )
    start = (filters.page - 1) * PAGE_SIZE
    ids = list(rows.values_list("pk", flat=True)[start : start + PAGE_SIZE])
    items, count = queues.rows_of(ids), queues.count_of(rows)
    now = timezone.now()
    return {
        "items": [
            {
                "reference": d.reference,
                "code": d.code,
                "status": d.status,
                "state": d.state,
                "procedure": d.procedure_version.procedure.code,
                "procedure_name": d.procedure_version.name,
                "applicant_name": d.applicant_name,
                "competent_agency": d.competent_agency.code,
                "due_at": d.due_at,
                "overdue": queues.is_overdue(d, now),
            }
            for d in items
        ],
        "count": count,
        "page": filters.page,
        "page_size": PAGE_SIZE,
    }


def _note(note: InternalNote) -> dict[str, object]:
    return {
        "id": note.pk,
        "author": str(note.author),
        "body": note.body,
        "created_at": note.created_at,
    }


@router.get(
    "/dossiers/{ref}/notes",
    response={200: Page[NoteOut], 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    auth=AUTH,
    summary="Internal notes of a dossier (handling officers only)",
)
def list_notes(request: HttpRequest, ref: str, page: PageParam = 1) -> dict[str, object]:
    dossier = _notes_dossier(request, ref)
    rows = InternalNote.objects.filter(dossier=dossier).select_related("author")
    items, count = paginate(rows, page, 50)
    return {"items": [_note(n) for n in items], "count": count, "page": page, "page_size": 50}


@router.post(
    "/dossiers/{ref}/notes",
    response={201: NoteOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    auth=AUTH,
    summary="Add an internal note to a dossier",
)
def add_note(request: HttpRequest, ref: str, payload: NoteIn) -> Status:
    require_write(request)
    dossier = _notes_dossier(request, ref)
    body = payload.body.strip()
    if not body:
        raise HttpError(422, _("Write the note."))
    assert isinstance(request.user, User)  # _notes_dossier let only staff through
    note = InternalNote.objects.create(dossier=dossier, author=request.user, body=body)
    return Status(201, _note(note))


def _notes_dossier(request: HttpRequest, ref: str) -> Dossier:
    hidden = HttpError(404, _("No dossier %(ref)s whose notes you may see.") % {"ref": ref})
    if getattr(request.user, "kind", "") != UserKind.STAFF:
        raise hidden
    try:
        return notes_dossier(request.user, ref)
    except Http404:
        raise hidden from None

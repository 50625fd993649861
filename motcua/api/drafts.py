"""/api/v1/drafts: the same drafts as the web form, for apps that fill a dossier step by step.

Start a draft, send answers (checked as the pages check them), upload or reuse papers slot by
slot, then submit. Only the applicant (or the volunteer helping, during consent) sees a draft;
anyone else gets 404.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from motcua.catalog.models import RequiredDocument
from motcua.documents.checks import Rejected
from motcua.eforms import schema
from motcua.eforms.loader import form_for
from motcua.submissions import drafts, routing
from motcua.submissions.access import drafts_for
from motcua.submissions.direct import Invalid, version_in_force
from motcua.submissions.models import Draft
from motcua.submissions.submit import Incomplete, problems_of, submit

from .auth import AUTH
from .dossiers import DossierOut, get_dossier
from .me import require_write
from .schemas import PAGE_SIZE, ErrorOut, LocalDateTime, Page, PageParam, paginate

router = Router(tags=["drafts"])


class DraftIn(Schema):
    procedure: str


class DraftPatch(Schema):
    answers: dict[str, Any] | None = None
    agency: str | None = None
    case: str | None = None


class PaperOut(Schema):
    id: int
    document: int
    title: str
    content_type: str
    size: int
    reused: bool


class SlotOut(Schema):
    document: int
    name: str
    mandatory: bool
    reusable: bool
    papers: list[PaperOut]


class DraftOut(Schema):
    id: UUID
    procedure: str
    procedure_version: int
    agency: str | None
    case: str
    cases: list[str]
    answers: dict[str, Any]
    slots: list[SlotOut]
    problems: list[str]
    newer_version: bool
    updated_at: LocalDateTime


class ReuseIn(Schema):
    document: int
    ref: str


def _get(request: HttpRequest, draft_id: UUID, *, open_only: bool = True) -> Draft:
    draft = drafts_for(request.user).filter(pk=draft_id).first()
    if draft is None:
        raise HttpError(404, _("No draft %(id)s that you may see.") % {"id": draft_id})
    if open_only and draft.submitted:
        raise HttpError(409, _("This dossier has already been submitted."))
    return draft


def _out(draft: Draft) -> dict[str, Any]:
    slots = drafts.slots(draft)
    return {
        "id": draft.pk,
        "procedure": draft.procedure_version.procedure.code,
        "procedure_version": draft.procedure_version.number,
        "agency": draft.competent_agency.code if draft.competent_agency else None,
        "case": draft.case_group,
        "cases": drafts.cases(draft.procedure_version),
        "answers": draft.answers,
        "slots": [
            {
                "document": s.document.pk,
                "name": s.document.name,
                "mandatory": s.document.mandatory,
                "reusable": s.document.reusable,
                "papers": [_paper(p) for p in s.papers],
            }
            for s in slots
        ],
        "problems": problems_of(draft).messages(),
        "newer_version": drafts.newer_version(draft) is not None,
        "updated_at": draft.updated_at,
    }


def _paper(p: Any) -> dict[str, Any]:
    return {
        "id": p.pk,
        "document": p.required_document_id,
        "title": p.title,
        "content_type": p.stored_file.content_type,
        "size": p.stored_file.size,
        "reused": p.reused,
    }


@router.post(
    "",
    response={201: DraftOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    auth=AUTH,
    summary="Start a draft of a procedure, pre-filled from the profile",
)
def start_draft(request: HttpRequest, payload: DraftIn) -> Status:
    require_write(request)
    try:
        version = version_in_force(payload.procedure)
    except Invalid as exc:
        return Status(422, {"message": exc.errors[0]["message"], "errors": exc.errors})
    return Status(201, _out(drafts.start(request.user, version)))  # type: ignore[arg-type]


@router.get(
    "",
    response={200: Page[DraftOut], 401: ErrorOut, 422: ErrorOut},
    auth=AUTH,
    summary="Your drafts not yet submitted, last changed first",
)
def list_drafts(request: HttpRequest, page: PageParam = 1) -> dict[str, Any]:
    rows, count = paginate(
        drafts_for(request.user)
        .filter(dossier__isnull=True)
        .select_related("procedure_version__procedure"),
        page,
    )
    return {"items": [_out(d) for d in rows], "count": count, "page": page, "page_size": PAGE_SIZE}


@router.get(
    "/{draft_id}",
    response={200: DraftOut, 401: ErrorOut, 404: ErrorOut},
    auth=AUTH,
    summary="One draft, with what still stops its submission",
)
def get_draft(request: HttpRequest, draft_id: UUID) -> dict[str, Any]:
    return _out(_get(request, draft_id, open_only=False))


@router.patch(
    "/{draft_id}",
    response={
        200: DraftOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ErrorOut,
    },
    auth=AUTH,
    summary="Save answers, the agency or the case",
)
def patch_draft(request: HttpRequest, draft_id: UUID, payload: DraftPatch) -> Status:
    require_write(request)
    draft = _get(request, draft_id)
    errors: dict[str, str] = {}
    if payload.agency is not None:
        errors |= _set_agency(draft, payload.agency)
    if payload.case is not None:
        try:
            drafts.choose_case(draft, payload.case)
        except drafts.NotAllowed as exc:
            errors["case"] = exc.message
    if payload.answers:
        errors |= _save_answers(draft, payload.answers)
    if errors:
        return Status(
            422,
            {
                "message": _("Some answers need correcting; the others were saved."),
                "errors": [{"field": k, "message": m} for k, m in errors.items()],
            },
        )
    return Status(200, _out(draft))


def _set_agency(draft: Draft, code: str) -> dict[str, str]:
    candidates = routing.candidate_agencies(draft.procedure_version, timezone.localdate())
    chosen = next((a for a in candidates if a.code == code), None)
    if chosen is None:
        return {"agency": _("The agency %(code)s does not handle this procedure.") % {"code": code}}
    draft.competent_agency = chosen
    draft.save(update_fields=["competent_agency", "updated_at"])
    return {}


def _save_answers(draft: Draft, answers: dict[str, Any]) -> dict[str, str]:
    """Save the answers page by page, so conditions see the earlier pages' answers."""
    form = form_for(draft.procedure_version)
    if form is None:
        return {"answers": _("This procedure has no online form.")}
    errors = {
        f"answers.{k}": _("“%(key)s” is not a question of this form.") % {"key": k}
        for k in answers
        if form.question(k) is None
    }
    ctx = drafts.context()
    for page in form.pages:
        given = {q.key: answers[q.key] for q in page.questions if q.key in answers}
        if given and page.shown(draft.answers):
            found = drafts.save_page(draft, page, {**_current(draft, page), **given}, ctx)
            errors |= {f"answers.{k}": m for k, m in found.items() if k in given}
    return errors


def _current(draft: Draft, page: schema.Page) -> dict[str, Any]:
    return {q.key: draft.answers[q.key] for q in page.questions if q.key in draft.answers}


@router.post(
    "/{draft_id}/papers",
    response={
        201: PaperOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ErrorOut,
    },
    auth=AUTH,
    summary="Upload a paper into a required document's slot",
)
def upload_paper(
    request: HttpRequest, draft_id: UUID, document: Form[int], file: File[UploadedFile]
) -> Status:
    require_write(request)
    draft = _get(request, draft_id)
    slot = _document(draft, document)
    try:
        paper = drafts.attach_upload(draft, slot, file, request.user)  # type: ignore[arg-type]
    except (Rejected, drafts.NotAllowed) as exc:
        return Status(
            422, {"message": exc.message, "errors": [{"field": "file", "message": exc.message}]}
        )
    return Status(201, _paper(paper))


@router.post(
    "/{draft_id}/papers/reuse",
    response={
        201: PaperOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ErrorOut,
    },
    auth=AUTH,
    summary="Attach a paper from your repository instead of uploading it",
)
def reuse_paper(request: HttpRequest, draft_id: UUID, payload: ReuseIn) -> Status:
    require_write(request)
    draft = _get(request, draft_id)
    slot = _document(draft, payload.document)
    try:
        paper = drafts.attach_reused(draft, slot, payload.ref, request.user)  # type: ignore
    except (Rejected, drafts.NotAllowed) as exc:
        return Status(
            422, {"message": exc.message, "errors": [{"field": "ref", "message": exc.message}]}
        )
    return Status(201, _paper(paper))


def _document(draft: Draft, document_id: int) -> RequiredDocument:
    slot = next((s.document for s in drafts.slots(draft) if s.document.pk == document_id), None)
    if slot is None:
        raise HttpError(
            422, _("Document %(id)s is not a paper to attach to this draft.") % {"id": document_id}
        )
    return slot


@router.delete(
    "/{draft_id}/papers/{paper_id}",
    response={204: None, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    auth=AUTH,
    summary="Remove a paper from a draft",
)
def remove_paper(request: HttpRequest, draft_id: UUID, paper_id: int) -> Status:
    require_write(request)
    draft = _get(request, draft_id)
    if not draft.papers.filter(pk=paper_id).exists():
        raise HttpError(404, _("No such paper on this draft."))
    drafts.remove_paper(draft, paper_id)
    return Status(204, None)


@router.post(
    "/{draft_id}/submit",
    response={
        201: DossierOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ErrorOut,
    },
    auth=AUTH,
    summary="Submit the draft; submitting twice returns the same dossier",
)
def submit_draft(request: HttpRequest, draft_id: UUID) -> Status:
    require_write(request)
    draft = _get(request, draft_id, open_only=False)
    try:
        dossier = submit(draft, request.user)  # type: ignore[arg-type]
    except Incomplete as exc:
        messages = exc.problems.messages()
        return Status(
            422,
            {
                "message": "; ".join(messages),
                "errors": [{"field": "", "message": m} for m in messages],
            },
        )
    except drafts.NotAllowed as exc:
        raise HttpError(409, exc.message) from exc
    return Status(201, get_dossier(request, dossier.reference))

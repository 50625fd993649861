"""POST /api/v1/dossiers: submit a complete dossier in one multipart request, idempotently;
GET /api/v1/dossiers: the dossiers the caller may see (a citizen's own).

The request carries the procedure, the agency, the form answers (JSON), papers as files named
`paper_<required document id>` and papers reused from the repository. With an
`Idempotency-Key` header, a retry with the same key and body gets the first answer again, and
the same key with another body gets 409 (24 hours, per user).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Form, Router, Schema, Status
from ninja.errors import HttpError

from motcua.accounts.models import User
from motcua.documents.checks import Rejected
from motcua.dossiers.lifecycle import Refused
from motcua.dossiers.models import Dossier, Paper
from motcua.dossiers.queries import ACT
from motcua.dossiers.transitions import InvalidTransition
from motcua.submissions import direct
from motcua.submissions.direct import Invalid
from motcua.submissions.idempotency import KeyReused, fingerprint, run_once
from motcua.submissions.supplement import provide

from .auth import AUTH
from .dossiers import DossierOut, dossier_body, get_dossier
from .me import require_write
from .schemas import PAGE_SIZE, ErrorOut, LocalDateTime, Page, PageParam, paginate

router = Router(tags=["dossiers"])
PAPER_PREFIX = "paper_"
MAX_KEY = 200


class SubmissionIn(Schema):
    procedure: str
    agency: str = ""
    case: str = ""
    organisation: str = ""
    answers: str = "{}"
    reuse: str = "[]"


class DossierRow(Schema):
    reference: str
    code: str | None
    status: int
    procedure: str
    procedure_name: str
    submitted_at: LocalDateTime | None
    due_at: LocalDateTime | None


SUBMIT_DOC = {
    "requestBody": {
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["procedure"],
                    "properties": {
                        "procedure": {
                            "type": "string",
                            "description": "Procedure code, e.g. 1.004222",
                        },
                        "agency": {
                            "type": "string",
                            "description": "e-ID code of the competent agency",
                        },
                        "case": {
                            "type": "string",
                            "description": "The case (trường hợp) whose papers "
                            "apply, when the procedure has cases",
                        },
                        "organisation": {
                            "type": "string",
                            "description": "Tax code of the organisation you apply for, if any",
                        },
                        "answers": {
                            "type": "string",
                            "description": "JSON object of the form answers",
                        },
                        "reuse": {
                            "type": "string",
                            "description": 'JSON list of {"document": id, "ref": repository paper}',
                        },
                        "paper_{document id}": {
                            "type": "array",
                            "items": {"type": "string", "format": "binary"},
                            "description": "Files of that required document",
                        },
                    },
                }
            }
        }
    },
    "parameters": [
        {
            "in": "header",
            "name": "Idempotency-Key",
            "required": False,
            "schema": {"type": "string", "maxLength": MAX_KEY},
            "description": "Makes retries safe for 24 hours",
        }
    ],
}


@router.post(
    "",
    response={201: DossierOut, 401: ErrorOut, 403: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    auth=AUTH,
    summary="Submit a dossier online (multipart, idempotent)",
    openapi_extra=SUBMIT_DOC,
)
def create_dossier(request: HttpRequest, payload: Form[SubmissionIn]) -> Status:
    require_write(request)
    user: User = request.user  # type: ignore[assignment]
    key = request.headers.get("Idempotency-Key", "").strip()
    if len(key) > MAX_KEY:
        raise HttpError(
            422, _("The Idempotency-Key is longer than %(n)d characters.") % {"n": MAX_KEY}
        )

    def perform() -> tuple[int, dict[str, Any]]:
        dossier, papers = _submit(request, user, payload)
        # A new dossier has no steps or fees yet; its papers are the ones just written.
        body = DossierOut.model_validate(dossier_body(dossier, [], papers, []))
        return 201, body.model_dump(mode="json")

    try:
        if not key:
            return Status(*perform())
        return Status(*run_once(user, key, _fingerprint(request, payload), perform))
    except KeyReused as exc:
        raise HttpError(
            409,
            _(
                "This Idempotency-Key was already used for a different "
                "request. Use a new key for a new dossier."
            ),
        ) from exc
    except Invalid as exc:
        return Status(
            422,
            {
                "message": _("The dossier was not submitted: %(problems)s")
                % {"problems": "; ".join(e["message"] for e in exc.errors)},
                "errors": exc.errors,
            },
        )


def _fingerprint(request: HttpRequest, payload: SubmissionIn) -> str:
    files = sorted(
        (name, _digest(f)) for name in request.FILES for f in request.FILES.getlist(name)
    )
    return fingerprint(payload.model_dump(), files)


def _digest(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _submit(request: HttpRequest, user: User, payload: SubmissionIn) -> tuple[Dossier, list[Paper]]:
    """Read the multipart request into an application and submit it."""
    errors: list[dict[str, str]] = []
    answers = _json(payload.answers, "answers", dict, errors, _("“answers” must be a JSON object."))
    reuse = _json(
        payload.reuse,
        "reuse",
        list,
        errors,
        _('“reuse” must be a JSON list of {"document", "ref"}.'),
    )
    if errors:
        raise Invalid(errors)
    uploads = []
    for name in request.FILES:
        if not name.startswith(PAPER_PREFIX):
            raise Invalid(
                [
                    {
                        "field": name,
                        "message": _("“%(name)s” is not a paper of this procedure.")
                        % {"name": name},
                    }
                ]
            )
        uploads += [(name, name.removeprefix(PAPER_PREFIX), f) for f in request.FILES.getlist(name)]
    reused = [
        (f"reuse.{n}", str(item.get("document", "")), str(item.get("ref", "")))
        for n, item in enumerate(reuse)
        if isinstance(item, dict)
    ]
    return direct.submit(
        user,
        direct.Request(
            procedure=payload.procedure,
            agency=payload.agency,
            case=payload.case,
            answers=answers,
            uploads=uploads,
            reuse=reused,
            organisation=payload.organisation,
        ),
    )


def _json(text: str, field: str, kind: type, errors: list[dict[str, str]], message: str) -> Any:
    try:
        value = json.loads(text or ("{}" if kind is dict else "[]"))
    except json.JSONDecodeError:
        value = None
    if not isinstance(value, kind):
        errors.append({"field": field, "message": message})
        return kind()
    return value


SUPPLEMENT_DOC = {
    "requestBody": {
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "note": {"type": "string", "maxLength": 2000},
                        "papers": {
                            "type": "array",
                            "items": {"type": "string", "format": "binary"},
                        },
                    },
                }
            }
        }
    },
}


class SupplementIn(Schema):
    note: str = ""


@router.post(
    "/{ref}/supplement",
    response={
        200: DossierOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ErrorOut,
    },
    auth=AUTH,
    summary="Answer a request for supplementary papers (multipart)",
    openapi_extra=SUPPLEMENT_DOC,
)
def supplement(request: HttpRequest, ref: str, payload: Form[SupplementIn]) -> Status:
    require_write(request)
    key = ref.strip().upper()
    dossier = (
        Dossier.objects.visible_to(request.user, ACT).filter(Q(reference=key) | Q(code=key)).first()
    )
    if dossier is None:
        raise HttpError(404, _("No dossier %(ref)s that you may act on.") % {"ref": ref})
    try:
        provide(
            dossier,
            request.user,  # type: ignore[arg-type]
            payload.note,
            request.FILES.getlist("papers"),
        )
    except Rejected as exc:
        return Status(
            422, {"message": exc.message, "errors": [{"field": "papers", "message": exc.message}]}
        )
    except (Refused, InvalidTransition) as exc:
        raise HttpError(409, str(exc)) from exc
    return Status(200, get_dossier(request, dossier.reference))


@router.get(
    "",
    response={200: Page[DossierRow], 401: ErrorOut, 422: ErrorOut},
    auth=AUTH,
    summary="Dossiers you may see, newest first (a citizen's own)",
)
def list_dossiers(request: HttpRequest, page: PageParam = 1) -> dict[str, Any]:
    qs = (
        Dossier.objects.visible_to(request.user)
        .select_related("procedure_version__procedure")
        .order_by("-created_at")
    )
    rows, count = paginate(qs, page)
    items = [
        {
            "reference": d.reference,
            "code": d.code,
            "status": d.status,
            "procedure": d.procedure_version.procedure.code,
            "procedure_name": d.procedure_version.name,
            "submitted_at": d.submitted_at,
            "due_at": d.due_at,
        }
        for d in rows
    ]
    return {"items": items, "count": count, "page": page, "page_size": PAGE_SIZE}

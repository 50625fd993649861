"""Signed e-results: a dossier's result (metadata, the signed PDF, the specialist's upload),
and public verification by result code or by file (ADR 0014).

A dossier the caller may not see answers 404, as everywhere. Verification is public and
rate-limited per address, like the public lookup.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Q
from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from pydantic import Field

from motcua.documents.checks import Rejected
from motcua.dossiers.models import Dossier
from motcua.dossiers.queries import ACT
from motcua.lib.net import client_address
from motcua.lib.ratelimit import allow
from motcua.results import drafting
from motcua.results.conf import public_url
from motcua.results.models import Result
from motcua.results.verify import Verification, read_upload, verify_bytes, verify_result

from .auth import AUTH
from .dossiers import get_visible
from .me import require_write
from .schemas import ErrorOut, LocalDateTime

router = Router(tags=["results"])

PDF_RESPONSE = {
    "responses": {
        200: {
            "description": "The signed result",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}


class ResultOut(Schema):
    code: str = Field(description="The result code (MaKetQua), printed with the QR code")
    dossier: str = Field(description="Dossier code, or submission reference before receipt")
    generated: bool = Field(description="Generated from the procedure's template")
    drafted_at: LocalDateTime
    signed: bool
    signed_at: LocalDateTime | None
    certificate_serial: str | None = Field(
        description="Serial of the signing certificate, in hexadecimal"
    )
    sha256: str | None = Field(description="SHA-256 of the signed file")
    verification_url: str


class SignatureOut(Schema):
    bottom_line: bool = Field(description="pyHanko's overall verdict on this signature")
    intact: bool
    trusted: bool
    revoked: bool
    covers_whole_file: bool
    signer: str
    certificate_serial: str | None
    signing_time: LocalDateTime | None


class VerificationOut(Schema):
    verdict: str = Field(description="valid, invalid, unsigned or not-pdf")
    valid: bool
    messages: list[str] = Field(description="What the verdict means, in words")
    signatures: list[SignatureOut]
    result_code: str | None
    procedure: str | None
    issuing_agency: str | None
    signed_on: dt.date | None
    dossier: str | None
    revoked_at: LocalDateTime | None
    revocation_reason: str | None


def _result_body(result: Result) -> dict[str, object]:
    dossier = result.dossier
    return {
        "code": result.code,
        "dossier": dossier.code or dossier.reference,
        "generated": result.generated,
        "drafted_at": result.drafted_at,
        "signed": result.is_signed,
        "signed_at": result.signed_at,
        "certificate_serial": result.certificate.serial_hex if result.certificate else None,
        "sha256": result.sha256 or None,
        "verification_url": public_url(drafting.verification_path(result.code)),
    }


def _verification_body(v: Verification) -> dict[str, object]:
    result, revocation = v.result, v.revocation
    dossier = result.dossier if result else None
    return {
        "verdict": v.report.verdict,
        "valid": v.ok,
        "messages": v.messages,
        "signatures": [
            {
                "bottom_line": s.bottom_line,
                "intact": s.intact,
                "trusted": s.trusted,
                "revoked": s.revoked,
                "covers_whole_file": s.covers_whole_file,
                "signer": s.signer_name,
                "signing_time": s.signing_time,
                "certificate_serial": format(s.serial, "X") if s.serial is not None else None,
            }
            for s in v.report.signatures
        ],
        "result_code": result.code if result else None,
        "procedure": dossier.procedure_version.name if dossier else None,
        "issuing_agency": dossier.competent_agency.name if dossier else None,
        "signed_on": result.signed_at.date() if result and result.signed_at else None,
        "dossier": (dossier.code or dossier.reference) if dossier else None,
        "revoked_at": revocation.revoked_at if revocation else None,
        "revocation_reason": revocation.get_reason_display() if revocation else None,
    }


def _result_of(dossier: Dossier) -> Result:
    result = drafting.result_of(dossier)
    if result is None:
        raise HttpError(
            404,
            _("Dossier %(ref)s has no result yet.") % {"ref": dossier.code or dossier.reference},
        )
    return result


@router.get(
    "/dossiers/{ref}/result",
    response={200: ResultOut, 401: ErrorOut, 404: ErrorOut},
    auth=AUTH,
    summary="The result of a dossier: draft and signature",
)
def get_result(request: HttpRequest, ref: str) -> dict[str, object]:
    return _result_body(_result_of(get_visible(request, ref)))


@router.get(
    "/dossiers/{ref}/result.pdf",
    url_name="dossier_result_pdf",
    auth=AUTH,
    response={401: ErrorOut, 404: ErrorOut},
    openapi_extra=PDF_RESPONSE,
    summary="The signed result of a dossier, as PDF",
)
def get_result_pdf(request: HttpRequest, ref: str) -> FileResponse:
    result = _result_of(get_visible(request, ref))
    if result.signed_file is None:
        raise HttpError(404, _("The result is not signed yet."))
    return FileResponse(
        result.signed_file.open(),
        as_attachment=True,
        filename=f"{result.code}.pdf",
        content_type="application/pdf",
    )


@router.post(
    "/dossiers/{ref}/result",
    response={
        201: ResultOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ErrorOut,
    },
    auth=AUTH,
    summary="Upload the draft result of a dossier (PDF, multipart)",
)
def upload_result(request: HttpRequest, ref: str, file: File[UploadedFile]) -> Status:
    """The specialist (or leader) handling the dossier uploads the result to be signed at
    approval; 409 once it is signed or when the dossier is not being appraised."""
    require_write(request)
    key = ref.strip().upper()
    dossier = (
        Dossier.objects.visible_to(request.user, ACT).filter(Q(reference=key) | Q(code=key)).first()
    )
    if dossier is None:
        raise HttpError(404, _("No dossier %(ref)s that you may act on.") % {"ref": ref})
    try:
        result = drafting.upload(dossier, file, request.user)  # type: ignore[arg-type]
    except drafting.NotNow as exc:
        raise HttpError(409, exc.message) from exc
    except Rejected as exc:
        return Status(
            422, {"message": exc.message, "errors": [{"field": "file", "message": exc.message}]}
        )
    return Status(201, _result_body(result))


def _rate_limit(request: HttpRequest) -> None:
    if not allow("verify-result", client_address(request), *settings.LOOKUP_RATE):
        raise HttpError(
            429, _("Too many checks from your connection. Please wait a few minutes and try again.")
        )


@router.get(
    "/results/{code}/verification",
    response={200: VerificationOut, 404: ErrorOut, 429: ErrorOut},
    summary="Verify a signed result by its code (public)",
)
def verification_by_code(request: HttpRequest, code: str) -> dict[str, object]:
    _rate_limit(request)
    result = (
        Result.objects.filter(code=code.strip().upper(), signed_file__isnull=False)
        .select_related("signed_file", "dossier__procedure_version", "dossier__competent_agency")
        .first()
    )
    if result is None:
        raise HttpError(404, _("No signed result has the code “%(code)s”.") % {"code": code})
    return _verification_body(verify_result(result))


@router.post(
    "/verifications",
    response={200: VerificationOut, 422: ErrorOut, 429: ErrorOut},
    summary="Verify the signature of an uploaded PDF (public, multipart)",
)
def verification_of_file(request: HttpRequest, file: File[UploadedFile]) -> object:
    _rate_limit(request)
    try:
        data = read_upload(file)
    except Rejected as exc:
        return Status(
            422, {"message": exc.message, "errors": [{"field": "file", "message": exc.message}]}
        )
    return _verification_body(verify_bytes(data))

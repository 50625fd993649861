"""The specialist's draft of the result: an uploaded PDF, or one generated from the
procedure's template (results/documents/<procedure code>.html, else default.html).

The draft can be replaced until the leader's approval signs it; after that it is the signed
document that counts, and the draft stays as it was (StoredFile never changes).
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.loader import select_template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from motcua.documents.checks import PDF, UploadRules
from motcua.documents.intake import accept
from motcua.documents.models import StoredFile
from motcua.dossiers import lifecycle
from motcua.dossiers.models import Dossier
from motcua.dossiers.roles import roles_towards
from motcua.dossiers.transitions import State
from motcua.printouts.pdf import to_pdf

from .codes import new_result_code
from .conf import public_url
from .models import Result

if TYPE_CHECKING:
    from motcua.accounts.models import User

# The draft is written while the dossier is appraised, and is last changeable when the
# leader approves it (approve → the internal state "approved", still national status 4).
DRAFTING_STATES = {State.PROCESSING.value}
DRAFTERS = {lifecycle.SPECIALIST, lifecycle.LEADER}


class NotNow(Exception):
    """The draft cannot be changed now; `message` says why, for the page and the API (409)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def result_of(dossier: Dossier) -> Result | None:
    return (
        Result.objects.filter(dossier=dossier)
        .select_related("document", "signed_file", "certificate", "signed_by")
        .first()
    )


def verification_path(code: str) -> str:
    return reverse("results:verify-code", args=[code])


def drafting_refusal(dossier: Dossier, user: User) -> str:
    """Why `user` may not draft the result of `dossier` now; "" when they may."""
    result = result_of(dossier)
    if result is not None and result.is_signed:
        return _("The result is already signed; it can no longer be replaced.")
    if dossier.state not in DRAFTING_STATES:
        return _("The result is drafted while the dossier is being appraised.")
    if not roles_towards(dossier, user) & DRAFTERS:
        return _("Only the specialist or the leader handling the dossier drafts its result.")
    return ""


def upload_rules() -> UploadRules:
    return UploadRules(frozenset({PDF}), int(settings.PAPER_MAX_BYTES))


def upload(dossier: Dossier, file: UploadedFile, by: User) -> Result:
    """Store an uploaded PDF as the draft; NotNow or documents' Rejected when it is refused."""
    _check(dossier, by)
    with transaction.atomic():
        stored = accept(file, upload_rules(), owner=by)
        return _save_draft(dossier, stored, by, generated=False)


def generate(dossier: Dossier, by: User | None) -> Result:
    """Render the procedure's template as the draft (by None: the system, at approval)."""
    if by is not None:
        _check(dossier, by)
    with transaction.atomic():
        result = result_of(dossier)
        code = result.code if result else new_result_code()
        pdf = render_document(dossier, code)
        stored = StoredFile.store(
            io.BytesIO(pdf),
            extension="pdf",
            content_type=PDF,
            filename=f"ket-qua-{dossier.code or dossier.reference}.pdf",
            owner=None,
        )
        return _save_draft(dossier, stored, by, generated=True, code=code)


def _check(dossier: Dossier, by: User) -> None:
    refusal = drafting_refusal(dossier, by)
    if refusal:
        raise NotNow(refusal)


def _save_draft(
    dossier: Dossier, stored: StoredFile, by: User | None, *, generated: bool, code: str = ""
) -> Result:
    result = Result.objects.select_for_update().filter(dossier=dossier).first()
    if result is not None and result.is_signed:
        raise NotNow(_("The result is already signed; it can no longer be replaced."))
    if result is None:
        result = Result(dossier=dossier, code=code or new_result_code())
    result.document, result.generated = stored, generated
    result.drafted_by, result.drafted_at = by, timezone.now()
    result.save()
    return result


def template_names(dossier: Dossier) -> list[str]:
    """The procedure's own template if it has one, else the default decision."""
    code = dossier.procedure_version.procedure.code
    return [f"results/documents/{code}.html", "results/documents/default.html"]


def render_document(dossier: Dossier, code: str) -> bytes:
    """The result document as PDF, always in Vietnamese (it is an official paper)."""
    with translation.override(settings.LANGUAGE_CODE):
        html = select_template(template_names(dossier)).render(document_context(dossier, code))
    return to_pdf(html)


def document_context(dossier: Dossier, code: str) -> dict[str, Any]:
    version = dossier.procedure_version
    agency = dossier.competent_agency
    return {
        "dossier": dossier,
        "ident": dossier.code or dossier.reference,
        "code": code,
        "version": version,
        "procedure_code": version.procedure.code,
        "title": version.result_name or version.name,
        "agency": agency,
        "parent": agency.parent,
        "issued_at": timezone.localtime(),
        "verification_url": public_url(verification_path(code)),
        "motto": "Độc lập - Tự do - Hạnh phúc",
        "state_header": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "demo": bool(getattr(settings, "DEMO_MODE", False)),
    }

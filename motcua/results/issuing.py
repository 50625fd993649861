"""The leader's approval signs the result (ADR 0014).

`dossier.approve` (and `dossier.decide`, in case the approval's delivery is still pending)
reach `sign_on_approval` after commit through the events outbox. Signing happens once per
dossier, however often the event is delivered: the dossier row is locked and a result that is
already signed is left alone. The signed file gets the QR code of its verification page, the
dossier records the e-result code and link for Decision 766 (MaKetQua,
DuongDanTepTinKetQua), and a copy goes into the citizen's repository for reuse (domain.md
§2.4 rule 8: e-results are stored for reuse).
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from motcua.documents.checks import PDF
from motcua.documents.choices import PaperKind
from motcua.documents.models import RepositoryPaper, StoredFile
from motcua.dossiers.choices import Outcome
from motcua.dossiers.facts import record_fact
from motcua.dossiers.models import Dossier
from motcua.dossiers.transitions import Event as DossierEvent
from motcua.dossiers.transitions import State
from motcua.events.registry import Event

from . import drafting
from .authority import key_for, key_source
from .conf import public_url, site_link
from .models import Result
from .signing import StampText, open_signer, sign_pdf

if TYPE_CHECKING:
    from motcua.accounts.models import User

SIGNABLE_STATES = {State.APPROVED.value, State.DECIDED.value, State.RETURNED.value}
# In Vietnamese whatever the reader's language: it goes into an official paper's signature.
REASON = "Phê duyệt kết quả giải quyết thủ tục hành chính"


def sign_on_approval(event: Event) -> None:
    """Subscriber of dossier.approve and dossier.decide."""
    sign_result(int(event.payload["dossier"]))


def sign_result(dossier_id: int) -> Result | None:
    """Sign the dossier's result once; None when the dossier calls for no signed result (a
    refusal, or a procedure whose result is not a document and nothing was drafted)."""
    with transaction.atomic():
        dossier = (
            Dossier.objects.select_for_update()
            .select_related("procedure_version__procedure", "competent_agency", "applicant")
            .get(pk=dossier_id)
        )
        if dossier.state not in SIGNABLE_STATES or dossier.outcome == Outcome.REFUSED:
            return None
        result = drafting.result_of(dossier)
        if result is not None and result.is_signed:
            return result  # a redelivered event: signed already
        if result is None:
            if not dossier.result_is_document:
                return None
            result = drafting.generate(dossier, None)
        return _sign(dossier, result)


def _approver(dossier: Dossier) -> User | None:
    row = (
        dossier.transitions.filter(event=DossierEvent.APPROVE.value)
        .select_related("by")
        .order_by("-id")
        .first()
    )
    return row.by if row else None


def _sign(dossier: Dossier, result: Result) -> Result:
    key = key_for(dossier.competent_agency)
    approver = _approver(dossier)
    url = public_url(drafting.verification_path(result.code))
    text = StampText(
        signer=str(approver or key.agency.name),
        agency=key.agency.name,
        url=url,
        reason=REASON,
        location=key.agency.name,
    )
    with result.document.open() as handle:
        original = handle.read()
    with open_signer(key_source(key)) as signer:
        signed = sign_pdf(original, signer, text)
    stored = StoredFile.store(
        io.BytesIO(signed),
        extension="pdf",
        content_type=PDF,
        filename=f"ket-qua-{result.code}.pdf",
        owner=None,
    )
    now = timezone.now()
    result.signed_file, result.signed_at = stored, now
    result.signed_by = approver
    result.certificate, result.sha256 = key.certificate, stored.sha256
    result.repository_paper = _into_repository(dossier, stored, key.agency.name)
    result.save()
    _record_link(dossier, result)
    return result


def _into_repository(dossier: Dossier, stored: StoredFile, issuer: str) -> RepositoryPaper | None:
    """The signed result as a paper of the applicant's repository; None without an ID number
    to file it under."""
    number = dossier.applicant.id_number or dossier.applicant_id_number
    if not number:
        return None
    version = dossier.procedure_version
    return RepositoryPaper.objects.create(
        id_number=number,
        title=(version.result_name or version.name)[:300],
        kind=PaperKind.RESULT,
        issuer=issuer[:300],
        issued_on=timezone.localdate(),
        file=stored.name,
        content_type=PDF,
        size=stored.size,
        from_national=False,
    )


def _record_link(dossier: Dossier, result: Result) -> None:
    """The e-result code and link on the dossier, and the fact Decision 766 counts."""
    link = site_link(drafting.verification_path(result.code))
    Dossier.objects.filter(pk=dossier.pk).update(e_result_code=result.code, e_result_url=link)
    dossier.e_result_code, dossier.e_result_url = result.code, link
    record_fact(dossier, "e_result", timezone.now(), {"e_result": True})

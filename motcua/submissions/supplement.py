"""The applicant answers a request for supplementary papers in place (bổ sung hồ sơ).

The papers are checked like any upload and added to the dossier, and `provide_supplement`
moves it on through Dossier.apply(): back to "newly submitted" before receipt, back to
handling after it, with the time limit started again where the law says so
(Decree 61/2018 Art. 16, 19). Everything is one transaction; files of a failed answer are
deleted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.documents.checks import Rejected, rules_for
from motcua.documents.intake import accept
from motcua.dossiers.facts import record_fact
from motcua.dossiers.models import Dossier, Paper, Transition
from motcua.dossiers.transitions import Event, State

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from motcua.accounts.models import User

WAITING = {State.INTAKE_SUPPLEMENT.value, State.SUPPLEMENT.value}
REQUESTS = (Event.REQUEST_INTAKE_SUPPLEMENT.value, Event.REQUEST_SUPPLEMENT.value)
MAX_FILES = 10


def waiting(dossier: Dossier) -> bool:
    return dossier.state in WAITING


def the_request(dossier: Dossier) -> Transition | None:
    """The officer's latest request for supplementary papers: what it asks for."""
    return dossier.transitions.filter(event__in=REQUESTS).order_by("-id").first()


def provide(dossier: Dossier, by: User, note: str, uploads: list[UploadedFile]) -> Dossier:
    """Add the papers and move the dossier on; Rejected names a refused file, Refused says
    why the lifecycle does not allow it now."""
    if not uploads and not note.strip():
        raise Rejected(_("Attach the papers asked for, or write what you supply instead."))
    if len(uploads) > MAX_FILES:
        raise Rejected(_("At most %(count)d files can be sent at once.") % {"count": MAX_FILES})
    stored = []
    try:
        with transaction.atomic():
            for upload in uploads:
                stored.append(accept(upload, rules_for(None), owner=by))
            Paper.objects.bulk_create(
                [
                    Paper(dossier=dossier, name=f.filename, file=f.name, digitized=True)
                    for f in stored
                ]
            )
            if stored:
                record_fact(
                    dossier,
                    "papers",
                    timezone.now(),
                    {"papers": len(stored), "digitized": len(stored), "supplement": True},
                )
            dossier.apply(
                Event.PROVIDE_SUPPLEMENT,
                by=by,
                note=note.strip()[:2000],
                papers=[f.filename for f in stored],
            )
    except BaseException:
        for f in stored:
            default_storage.delete(f.name)
        raise
    return dossier

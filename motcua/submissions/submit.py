"""Submit a draft: it becomes a dossier "newly submitted online" (national status 1) once.

Everything happens in one transaction: the draft row is locked, its answers, eligibility and
papers are checked, the dossier is written with its first history row and papers, and the
draft keeps the link. A double click or a retry finds the link and gets the same dossier; a
failure leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.dossiers.models import Dossier
from motcua.eforms import schema
from motcua.eforms.loader import form_for

from .access import current_consent
from .application import Application, Attached, Incomplete, Problems, create_dossier, problems
from .drafts import NotAllowed, context, newer_version
from .models import Draft

if TYPE_CHECKING:
    from motcua.accounts.models import User

__all__ = ["Incomplete", "Problems", "application_of", "problems_of", "submit"]


def application_of(draft: Draft) -> Application:
    return Application(
        owner=draft.owner,
        version=draft.procedure_version,
        form=form_for(draft.procedure_version),
        agency=draft.competent_agency,
        case_group=draft.case_group,
        answers=draft.answers,
        papers=[
            Attached(p.required_document, p.stored_file, p.title, p.reused, p.from_national)
            for p in draft.papers.select_related("stored_file", "required_document")
        ],
        helped_by=draft.helped_by,
        organisation=draft.organisation,
    )


def problems_of(draft: Draft, ctx: schema.Context | None = None) -> Problems:
    return problems(application_of(draft), ctx or context())


def submit(draft: Draft, by: User, *, at: dt.datetime | None = None) -> Dossier:
    """Turn the draft into a dossier, or raise Incomplete / NotAllowed. Idempotent."""
    moment = at or timezone.now()
    with transaction.atomic():
        locked = (
            Draft.objects.select_for_update(of=("self",))
            .select_related(
                "owner", "procedure_version", "competent_agency", "organisation", "helped_by"
            )
            .get(pk=draft.pk)
        )
        if locked.dossier_id is not None:
            return Dossier.objects.get(pk=locked.dossier_id)
        if newer_version(locked, timezone.localdate(moment)):
            raise NotAllowed(
                _(
                    "The procedure has changed since you started. Update your "
                    "dossier to the new version, check it and submit again."
                )
            )
        app = application_of(locked)
        found = problems(app, context(timezone.localdate(moment)))
        if found:
            raise Incomplete(found)
        dossier, _papers = create_dossier(app, by, moment)
        locked.dossier = dossier
        if locked.helped_by_id is not None and locked.helped_by_id == by.pk:
            # The counter waits for this consent to be confirmed (security review D5).
            locked.consent = current_consent(by, locked.owner_id)
        locked.save(update_fields=["dossier", "consent", "updated_at"])
    draft.refresh_from_db()
    return dossier

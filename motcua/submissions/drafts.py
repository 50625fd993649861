"""Drafts: start, save a page, attach papers, follow a newer procedure version.

Every save is a small transaction of its own, so nothing the applicant typed is lost between
pages and the draft resumes on another device.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.profile import prefill_values
from motcua.catalog.models import ProcedureVersion, RequiredDocument
from motcua.documents.checks import Rejected, rules_for
from motcua.documents.intake import accept
from motcua.documents.repository import get_repository, id_number_of
from motcua.eforms import schema
from motcua.eforms.loader import form_for
from motcua.lib import versions
from motcua.units.models import UNITS_VERSION, AdministrativeUnit

from . import routing
from .access import sees_owner_data
from .application import cases, documents_of, slot_documents
from .models import Draft, DraftPaper

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from motcua.accounts.models import User

MAX_FILES_PER_SLOT = 5


class NotAllowed(Exception):
    """The draft cannot do this now; the message says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def context(today: dt.date | None = None) -> schema.Context:
    return schema.Context(today=today or timezone.localdate(), commune_name=commune_name)


def commune_name(code: str) -> str | None:
    """The name of a commune of today's scheme, kept in memory until the units change."""
    return versions.cached((UNITS_VERSION,), ("commune", code), lambda: _commune_name(code))


def _commune_name(code: str) -> str | None:
    unit = AdministrativeUnit.objects.filter(scheme="2025", level="commune", code=code).first()
    return unit.name if unit else None


def start(
    owner: User, version: ProcedureVersion, *, helped_by: User | None = None, prefill: bool = True
) -> Draft:
    """A new draft with the profile's answers filled in ("tell us once"); not for a volunteer
    whose consent is not confirmed yet (`prefill` False: security review D5)."""
    form = form_for(version)
    answers: dict[str, Any] = {}
    if form is not None and prefill:
        profile = prefill_values(owner)
        answers = {
            q.key: profile[q.prefill]
            for q in form.questions
            if q.prefill and profile.get(q.prefill)
        }
    day = timezone.localdate()
    candidates = routing.candidate_agencies(version, day)
    # The owner's commune suggests the agency: profile data too, kept from an unconfirmed help.
    commune = getattr(owner, "commune", None) if prefill else None
    agency = routing.suggested_agency(candidates, commune)
    return Draft.objects.create(
        owner=owner,
        procedure_version=version,
        answers=answers,
        competent_agency=agency,
        helped_by=helped_by,
    )


def save_page(
    draft: Draft, page: schema.Page, wire: dict[str, Any], ctx: schema.Context
) -> schema.Errors:
    """Keep what was typed even when it has errors, so the page shows it again."""
    form = form_for(draft.procedure_version)
    assert form is not None
    values, errors = schema.clean_page(page, wire, draft.answers, ctx)
    with transaction.atomic():
        locked = Draft.objects.select_for_update().get(pk=draft.pk)
        _check_open(locked)
        answers = {**locked.answers, **{k: wire.get(k) for k in errors}}
        answers.update({k: v for k, v in values.items() if k not in errors})
        locked.answers = schema.relevant(form, answers) | {
            k: v for k, v in answers.items() if form.question(k) is None
        }
        if page.number not in locked.visited:
            locked.visited = [*locked.visited, page.number]
        locked.save(update_fields=["answers", "visited", "updated_at"])
    draft.refresh_from_db()
    return errors


def _check_open(draft: Draft) -> None:
    if draft.submitted:
        raise NotAllowed(_("This dossier has already been submitted."))


def attach_upload(
    draft: Draft, document: RequiredDocument, upload: UploadedFile, by: User
) -> DraftPaper:
    """Check and store one upload into a slot; Rejected says why a file is refused."""
    _check_slot(draft, document)
    stored = accept(upload, rules_for(document), owner=by)
    return DraftPaper.objects.create(
        draft=draft, required_document=document, stored_file=stored, title=stored.filename
    )


def attach_reused(draft: Draft, document: RequiredDocument, ref: str, by: User) -> DraftPaper:
    """Attach a paper from the applicant's repository instead of uploading it again; a
    volunteer may do so only under a confirmed consent (security review D5)."""
    _check_slot(draft, document)
    if not sees_owner_data(by, draft):
        raise Rejected(
            _(
                "The citizen's repository can be used once their consent is "
                "confirmed. Upload the paper instead."
            )
        )
    id_number = id_number_of(draft.owner)
    repository = get_repository()
    item = repository.get(id_number, ref) if id_number else None
    if item is None:
        raise Rejected(_("This paper is not in your repository."))
    if draft.papers.filter(required_document=document, repository_ref=ref).exists():
        raise Rejected(_("“%(title)s” is already attached here.") % {"title": item.title})
    stored = repository.copy_to_store(id_number, ref, owner=by)
    return DraftPaper.objects.create(
        draft=draft,
        required_document=document,
        stored_file=stored,
        reused=True,
        repository_ref=ref,
        from_national=item.from_national,
        title=item.title,
    )


def _check_slot(draft: Draft, document: RequiredDocument) -> None:
    _check_open(draft)
    if document.version_id != draft.procedure_version_id:
        raise Rejected(_("This paper is not asked for by the procedure."))
    if draft.papers.filter(required_document=document).count() >= MAX_FILES_PER_SLOT:
        raise Rejected(
            _("At most %(count)d files can be attached for one paper.")
            % {"count": MAX_FILES_PER_SLOT}
        )


def remove_paper(draft: Draft, paper_id: int) -> None:
    _check_open(draft)
    draft.papers.filter(pk=paper_id).delete()


@dataclass(frozen=True)
class Slot:
    document: RequiredDocument
    papers: list[DraftPaper]

    @property
    def missing(self) -> bool:
        return self.document.mandatory and not self.papers


def slots(draft: Draft) -> list[Slot]:
    """The upload slots of the draft's case; the declaration is the online form itself."""
    attached: dict[int, list[DraftPaper]] = {}
    for paper in draft.papers.select_related("stored_file"):
        attached.setdefault(paper.required_document_id, []).append(paper)
    documents = slot_documents(
        draft.procedure_version, draft.case_group, form_for(draft.procedure_version)
    )
    return [Slot(d, attached.get(d.pk, [])) for d in documents]


def choose_case(draft: Draft, group: str) -> None:
    _check_open(draft)
    if group not in cases(draft.procedure_version):
        raise NotAllowed(_("Choose one of the cases listed."))
    draft.case_group = group
    draft.save(update_fields=["case_group", "updated_at"])
    # Papers of another case no longer apply.
    draft.papers.exclude(required_document__group__in=[group, ""]).delete()


def newer_version(draft: Draft, day: dt.date | None = None) -> ProcedureVersion | None:
    """The version in force today when it is not the draft's (the citizen must update)."""
    current = draft.procedure_version.procedure.version_on(day or timezone.localdate())
    if current is None or current.pk == draft.procedure_version_id:
        return None
    return current


def update_version(draft: Draft) -> Draft:
    """Move the draft onto the version in force, keeping the answers and papers that still fit
    (as démarches-simplifiées rebases in-flight dossiers)."""
    current = newer_version(draft)
    if current is None:
        return draft
    with transaction.atomic():
        locked = Draft.objects.select_for_update().get(pk=draft.pk)
        _check_open(locked)
        form = form_for(current)
        keep = {q.key for q in form.questions} if form else set()
        locked.answers = {k: v for k, v in locked.answers.items() if k in keep}
        locked.visited = []
        _move_papers(locked, current)
        locked.procedure_version = current
        if locked.case_group not in cases(current):
            locked.case_group = ""
        agency = locked.competent_agency
        if agency is not None and not current.implementing_agencies.filter(pk=agency.pk).exists():
            locked.competent_agency = None
        locked.save()
    draft.refresh_from_db()
    return draft


def _move_papers(draft: Draft, version: ProcedureVersion) -> None:
    """A paper follows to the new version's document of the same name; others are dropped."""
    by_name = {d.name: d for d in documents_of(version)}
    for paper in draft.papers.select_related("required_document"):
        target = by_name.get(paper.required_document.name)
        if target is None:
            paper.delete()
        else:
            paper.required_document = target
            paper.save(update_fields=["required_document"])

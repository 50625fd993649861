"""Submit a complete application in one call (POST /api/v1/dossiers), without a draft.

The answers are checked page by page as the web form checks them, each file goes through the
upload checks into its slot, reused papers are copied from the repository, and the dossier is
written, all in the caller's transaction. Files stored for a call that fails are deleted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.organisations import acting_for
from motcua.agencies.models import Agency
from motcua.catalog.choices import OnlineLevel
from motcua.catalog.models import CATALOG_VERSION, ProcedureVersion, RequiredDocument
from motcua.documents.checks import Rejected, rules_for
from motcua.documents.intake import accept
from motcua.documents.repository import get_repository, id_number_of
from motcua.dossiers.models import Dossier, Paper
from motcua.eforms import schema
from motcua.eforms.loader import form_for
from motcua.lib import versions

from . import routing
from .application import Application, Attached, cases, create_dossier, problems, slot_documents
from .drafts import context

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from motcua.accounts.models import Organisation, User


class Invalid(Exception):
    """The application was refused; one message per field."""

    def __init__(self, errors: list[dict[str, str]]) -> None:
        super().__init__("; ".join(e["message"] for e in errors))
        self.errors = errors


@dataclass(frozen=True)
class Request:
    procedure: str
    agency: str
    case: str
    answers: dict[str, Any]
    organisation: str  # tax code, when applying for one
    uploads: list[tuple[str, str, UploadedFile]]  # (field, document id, file)
    reuse: list[tuple[str, str, str]]  # (field, document id, repository ref)


def version_in_force(code: str, day: dt.date | None = None) -> ProcedureVersion:
    """The version in force, kept in memory until the catalog changes (read-only: shared)."""
    moment = day or timezone.localdate()
    version = versions.cached(
        (CATALOG_VERSION,),
        ("in-force", code.strip(), moment),
        lambda: (
            ProcedureVersion.objects.in_force_on(moment)
            .filter(procedure__code=code.strip())
            .select_related("procedure")
            .first()
        ),
    )
    if version is None or version.online_level == OnlineLevel.NONE:
        raise Invalid(
            [
                {
                    "field": "procedure",
                    "message": _("No procedure %(code)s in force can be submitted online.")
                    % {"code": code},
                }
            ]
        )
    return version


def submit(owner: User, request: Request) -> tuple[Dossier, list[Paper]]:
    """Check and write the application; raise Invalid with every problem found."""
    version = version_in_force(request.procedure)
    form = form_for(version)
    ctx = context()
    answers, errors = _answers(form, request.answers, ctx)
    agency = _agency(version, request.agency, owner, errors)
    if request.case and request.case not in cases(version):
        errors.append({"field": "case", "message": _("Choose one of the cases listed.")})
    organisation = _organisation(owner, request.organisation, errors)
    if errors:
        raise Invalid(errors)
    app = Application(
        owner=owner,
        version=version,
        form=form,
        agency=agency,
        case_group=request.case,
        answers=answers,
        answers_checked=True,
        organisation=organisation,
    )
    try:
        _attach(app, request, owner)
        found = problems(app, ctx)
        if found:
            raise Invalid([{"field": "", "message": m} for m in found.messages()])
        return create_dossier(app, owner, timezone.now())
    except BaseException:
        for paper in app.papers:
            default_storage.delete(paper.stored.name)
        raise


def _answers(
    form: schema.Form | None, wire: dict[str, Any], ctx: schema.Context
) -> tuple[dict[str, Any], list[dict[str, str]]]:
    if form is None:
        return {}, []
    answers, errors = schema.clean_all(form, wire, ctx)
    return answers, [{"field": f"answers.{k}", "message": m} for k, m in errors.items()]


def _agency(
    version: ProcedureVersion, code: str, owner: User, errors: list[dict[str, str]]
) -> Agency | None:
    candidates = routing.candidate_agencies(version, timezone.localdate())
    if not code:
        return routing.suggested_agency(candidates, owner.commune)
    chosen = next((a for a in candidates if a.code == code.strip()), None)
    if chosen is None:
        errors.append(
            {
                "field": "agency",
                "message": _("The agency %(code)s does not handle this procedure.")
                % {"code": code},
            }
        )
    return chosen


def _organisation(owner: User, tax_code: str, errors: list[dict[str, str]]) -> Organisation | None:
    if not tax_code:
        return None
    found = next((o for o in acting_for(owner) if o.tax_code == tax_code.strip()), None)
    if found is None:
        errors.append(
            {
                "field": "organisation",
                "message": _("You do not act for an organisation with the tax code %(code)s.")
                % {"code": tax_code},
            }
        )
    return found


def _attach(app: Application, request: Request, owner: User) -> None:
    """Accept every file and reused paper into its slot; Invalid lists each refusal."""
    slots = {str(d.pk): d for d in slot_documents(app.version, app.case_group, app.form)}
    errors: list[dict[str, str]] = []
    for field, document_id, upload in request.uploads:
        document = slots.get(document_id)
        if document is None:
            errors.append(
                {
                    "field": field,
                    "message": _("“%(name)s” is not a paper of this procedure.") % {"name": field},
                }
            )
            continue
        try:
            stored = accept(upload, rules_for(document), owner=owner)
        except Rejected as exc:
            errors.append({"field": field, "message": exc.message})
        else:
            app.papers.append(Attached(document, stored, stored.filename))
    for field, document_id, ref in request.reuse:
        _reuse(app, slots.get(document_id), ref, field, owner, errors)
    if errors:
        raise Invalid(errors)


def _reuse(
    app: Application,
    document: RequiredDocument | None,
    ref: str,
    field: str,
    owner: User,
    errors: list[dict[str, str]],
) -> None:
    if document is None:
        errors.append(
            {
                "field": field,
                "message": _("“document” must be a required document of this procedure."),
            }
        )
        return
    repository = get_repository()
    id_number = id_number_of(owner)
    item = repository.get(id_number, ref) if id_number else None
    if item is None:
        errors.append({"field": field, "message": _("This paper is not in your repository.")})
        return
    stored = repository.copy_to_store(id_number, ref, owner=owner)
    app.papers.append(
        Attached(document, stored, item.title, reused=True, from_national=item.from_national)
    )

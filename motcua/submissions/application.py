"""An application ready to become a dossier: who, which version and agency, the answers and the
papers. The web form builds one from a draft; the API builds one straight from a request.

`problems()` says what still stops it; `create_dossier()` writes the dossier, its first
history row (through Dossier.create), its papers and the papers' report fact.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency
from motcua.catalog.models import ProcedureVersion, RequiredDocument
from motcua.documents.models import StoredFile
from motcua.dossiers.choices import ApplicantKind, Channel
from motcua.dossiers.facts import record_fact
from motcua.dossiers.models import Dossier, Paper
from motcua.eforms import schema
from motcua.units.models import AdministrativeUnit

from . import routing

if TYPE_CHECKING:
    from motcua.accounts.models import Organisation, User

# The paper declaration that the online form replaces (Decree 45/2020 Art. 9: an e-form
# filled online stands for the paper form).
DECLARATION_NAMES = ("tờ khai", "mẫu tờ khai", "mẫu hộ tịch điện tử", "đơn đề nghị theo mẫu")


def documents_of(version: ProcedureVersion) -> list[RequiredDocument]:
    """The version's required documents, read once per version object."""
    cached = version.__dict__.get("_documents")
    if cached is None:
        cached = list(RequiredDocument.objects.filter(version=version))
        version.__dict__["_documents"] = cached
    return cached


def cases(version: ProcedureVersion) -> list[str]:
    """The cases (trường hợp) a procedure lists its papers by; none when it lists one set."""
    found = sorted({d.group for d in documents_of(version) if d.group})
    return found if len(found) > 1 else []


def is_declaration(document: RequiredDocument) -> bool:
    return document.name.strip().lower().startswith(DECLARATION_NAMES)


def slot_documents(
    version: ProcedureVersion, case_group: str, form: schema.Form | None
) -> list[RequiredDocument]:
    """The documents to attach for a case; none until a case is chosen when there are cases."""
    documents = documents_of(version)
    if cases(version):
        if not case_group:
            return []
        documents = [d for d in documents if d.group in (case_group, "")]
    return [d for d in documents if not (form is not None and is_declaration(d))]


@dataclass(frozen=True)
class Attached:
    """A paper ready to go onto a dossier: an upload or a copy from the repository."""

    document: RequiredDocument
    stored: StoredFile
    title: str
    reused: bool = False
    from_national: bool = False


@dataclass
class Application:
    owner: User
    version: ProcedureVersion
    form: schema.Form | None
    agency: Agency | None
    case_group: str = ""
    answers: dict[str, Any] = field(default_factory=dict)
    papers: list[Attached] = field(default_factory=list)
    helped_by: User | None = None
    organisation: Organisation | None = None
    # The answers were just cleaned page by page (schema.clean_all): no need to check again.
    answers_checked: bool = False


@dataclass
class Problems:
    """Why an application cannot be submitted yet, by part of the task list."""

    pages: dict[int, schema.Errors] = field(default_factory=dict)
    ineligible: list[str] = field(default_factory=list)
    missing_papers: list[RequiredDocument] = field(default_factory=list)
    other: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.pages or self.ineligible or self.missing_papers or self.other)

    def messages(self) -> list[str]:
        found = list(self.other) + list(self.ineligible)
        found += [m for errors in self.pages.values() for m in errors.values()]
        found += [_("Attach “%(name)s”.") % {"name": _short(d.name)} for d in self.missing_papers]
        return found


def _short(name: str, limit: int = 120) -> str:
    return name if len(name) <= limit else name[:limit].rstrip() + "…"


class Incomplete(Exception):
    def __init__(self, problems: Problems) -> None:
        super().__init__("; ".join(problems.messages()))
        self.problems = problems


def problems(app: Application, ctx: schema.Context) -> Problems:
    found = Problems()
    if app.form is not None:
        if not app.answers_checked:
            found.pages = schema.check_all(app.form, app.answers, ctx)
        found.ineligible = schema.ineligible(app.form, app.answers)
    if cases(app.version) and not app.case_group:
        found.other.append(_("Choose which case applies to you, on the papers page."))
    attached = {p.document.pk for p in app.papers}
    found.missing_papers = [
        d
        for d in slot_documents(app.version, app.case_group, app.form)
        if d.mandatory and d.pk not in attached
    ]
    if app.agency is None:
        found.other.append(_("Choose the agency that will handle your dossier."))
    return found


def create_dossier(app: Application, by: User, moment: dt.datetime) -> tuple[Dossier, list[Paper]]:
    """Write the dossier and its papers; call it inside the caller's transaction."""
    owner, agency, organisation = app.owner, app.agency, app.organisation
    assert agency is not None
    dossier = Dossier.create(
        "submit_online",
        by=by,
        at=moment,
        procedure_version=app.version,
        applicant=owner,
        applicant_name=owner.full_name,
        applicant_id_number=owner.id_number or "",
        applicant_kind=ApplicantKind.ORGANISATION if organisation else ApplicantKind.PERSON,
        organisation_name=organisation.name if organisation else "",
        organisation_tax_code=organisation.tax_code if organisation else "",
        applicant_address=owner.address,
        applicant_commune=_commune(app),
        helped_by=app.helped_by,
        competent_agency=agency,
        receiving_unit=routing.receiving_unit_for(agency, timezone.localdate(moment)),
        channel=Channel.ONLINE,
        answers=app.answers,
        vneid_verified=owner.vneid_verified,
    )
    papers = _add_papers(app, dossier, moment)
    if app.helped_by is not None:
        # The volunteer's access ends at submission: the hand-off (architecture.md, Scopes).
        Dossier.objects.filter(pk=dossier.pk).update(help_ends_at=moment)
        dossier.help_ends_at = moment
    return dossier, papers


def _commune(app: Application) -> AdministrativeUnit | None:
    """The applicant's commune from the profile, else from the form's first address."""
    if app.owner.commune_id:
        return app.owner.commune
    for value in app.answers.values():
        if isinstance(value, dict) and value.get("commune"):
            return AdministrativeUnit.objects.filter(
                scheme="2025", level="commune", code=value["commune"]
            ).first()
    return None


def _add_papers(app: Application, dossier: Dossier, moment: dt.datetime) -> list[Paper]:
    papers = [
        Paper(
            dossier=dossier,
            required_document=p.document,
            name=p.title,
            file=p.stored.name,
            digitized=True,
            reused=p.reused,
            from_national_repository=p.from_national,
        )
        for p in app.papers
    ]
    Paper.objects.bulk_create(papers)
    if papers:
        # Decision 766 counts digitized and reused papers (architecture.md, "Reports").
        record_fact(
            dossier,
            "papers",
            moment,
            {
                "papers": len(papers),
                "digitized": len(papers),
                "reused": sum(p.reused for p in papers),
                "national": sum(p.from_national_repository for p in papers),
            },
        )
    return papers

"""Counter and postal intake: find or create the applicant, scan the papers, receive at once.

A walk-in or postal dossier never passes through "submitted": Dossier.create("receive_at_counter")
takes it straight to 2 (architecture.md, "Identity of a dossier"). The receipt, its papers and
the papers' report fact are written in ONE transaction; when any scan is refused or the receipt
is refused, nothing stays behind: no dossier, no paper, no stored file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from motcua.accounts.choices import Role, UserKind
from motcua.accounts.models import Membership, User, normalise_phone
from motcua.agencies.models import Agency
from motcua.catalog.models import ProcedureVersion, RequiredDocument
from motcua.documents.checks import Rejected, rules_for
from motcua.documents.intake import accept
from motcua.documents.models import StoredFile
from motcua.dossiers.facts import record_fact
from motcua.dossiers.models import Dossier, Paper
from motcua.lib.text import fold
from motcua.submissions import routing


def counter_of(officer: User, day: dt.date | None = None) -> Agency | None:
    """The receiving unit where `officer` works at the counter today, if any."""
    membership = (
        Membership.objects.filter(user=officer, role=Role.COUNTER_OFFICER)
        .in_force_on(day or timezone.localdate())
        .select_related("agency")
        .first()
    )
    return membership.agency if membership else None


def find_applicants(query: str) -> list[User]:
    """Citizens whose personal ID number or phone is `query` (spaces and +84 forgiven)."""
    digits = "".join(ch for ch in query if ch.isdigit())
    if len(digits) < 9:
        return []
    found = User.objects.exclude(kind=UserKind.STAFF).filter(
        Q(id_number=digits) | Q(phone=normalise_phone(digits))
    )
    return list(found.order_by("full_name")[:20])


def create_applicant(full_name: str, id_number: str, phone: str) -> User:
    """A citizen account without a password: the citizen claims it later through "forgot
    password" with the phone. The database asks every account for a phone or an email."""
    user = User(
        full_name=full_name.strip(),
        id_number=id_number,
        kind=UserKind.CITIZEN,
        phone=normalise_phone(phone) or None,
    )
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    return user


def procedures_in_force(query: str, day: dt.date | None = None) -> list[ProcedureVersion]:
    versions = ProcedureVersion.objects.in_force_on(day or timezone.localdate())
    terms = fold(query).split()
    if terms:
        versions = versions.search(terms)
    return list(versions.select_related("procedure").order_by("procedure__code")[:30])


def agencies_for(version: ProcedureVersion, counter: Agency) -> list[Agency]:
    """The competent agencies this counter receives for (all candidates if it serves none)."""
    day = timezone.localdate()
    candidates = routing.candidate_agencies(version, day)
    served = [a for a in candidates if routing.receiving_unit_for(a, day).pk == counter.pk]
    return served or candidates


@dataclass(frozen=True)
class Scan:
    """One required paper as received at the counter: maybe scanned, maybe returned."""

    document: RequiredDocument
    upload: UploadedFile | None
    original_returned: bool = False


@dataclass
class WalkIn:
    officer: User
    counter: Agency
    applicant: User
    version: ProcedureVersion
    competent_agency: Agency
    channel: int
    scans: list[Scan] = field(default_factory=list)
    note: str = ""


class IntakeRefused(Exception):
    """The scans refused (by document id) or the receipt's own refusal (key None)."""

    def __init__(self, errors: dict[int | None, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def receive_walk_in(walk_in: WalkIn) -> Dossier:
    """Store the scans, receive the dossier and write its papers, all or nothing."""
    stored: list[str] = []
    try:
        with transaction.atomic():
            files = _store_scans(walk_in, stored)
            return _receive(walk_in, files)
    except BaseException:
        for name in stored:  # the rows rolled back; the bytes in storage did not
            default_storage.delete(name)
        raise


def _store_scans(walk_in: WalkIn, stored: list[str]) -> dict[int, StoredFile]:
    """Check and store every scan; report every refused one, not just the first."""
    files: dict[int, StoredFile] = {}
    errors: dict[int | None, str] = {}
    for scan in walk_in.scans:
        if scan.upload is None:
            continue
        try:
            kept = accept(scan.upload, rules_for(scan.document), owner=walk_in.officer)
        except Rejected as exc:
            errors[scan.document.pk] = exc.message
            continue
        stored.append(kept.name)
        files[scan.document.pk] = kept
    if errors:
        raise IntakeRefused(errors)
    return files


def _receive(walk_in: WalkIn, files: dict[int, StoredFile]) -> Dossier:
    applicant = walk_in.applicant
    dossier = Dossier.create(
        "receive_at_counter",
        by=walk_in.officer,
        note=walk_in.note,
        procedure_version=walk_in.version,
        applicant=applicant,
        applicant_name=applicant.full_name,
        applicant_id_number=applicant.id_number or "",
        applicant_address=applicant.address,
        applicant_commune=applicant.commune,
        channel=walk_in.channel,
        receiving_unit=walk_in.counter,
        competent_agency=walk_in.competent_agency,
    )
    papers = [
        Paper(
            dossier=dossier,
            required_document=s.document,
            name=s.document.name[:500],
            file=files[s.document.pk].name if s.document.pk in files else "",
            digitized=s.document.pk in files,
            original_returned=s.original_returned,
        )
        for s in walk_in.scans
    ]
    Paper.objects.bulk_create(papers)
    if papers:
        # Decision 766 counts digitized papers (architecture.md, "Reports"), as online intake.
        assert dossier.received_at is not None
        record_fact(
            dossier,
            "papers",
            dossier.received_at,
            {
                "papers": len(papers),
                "digitized": sum(p.digitized for p in papers),
                "reused": 0,
                "national": 0,
            },
        )
    return dossier

"""Officers search inside the digitized papers of the dossiers they may see (ADR 0016).

One function serves the back-office page and the API. Every word of the query (folded: no
diacritics, lower case, đ → d; at least two characters) must start a word of the paper's
folded text, StoredFile.text_folded: "nguy" finds "Nguyễn", "guyen" does not. The dossiers
come from `Dossier.objects.visible_to(user, "read")` only: another agency's papers are simply
not there. Newest papers first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from motcua.dossiers.models import Dossier, Paper
from motcua.dossiers.queries import READ

from .choices import TextSource
from .models import StoredFile
from .textsearch import Part, snippet


@dataclass(frozen=True)
class Hit:
    """A paper whose text holds every word, with the extract that shows them."""

    paper: Paper
    dossier: Dossier
    parts: list[Part]
    recognised: bool  # the text came from OCR: it may hold misread letters


def matching_files(terms: list[str]) -> QuerySet[StoredFile]:
    """Stored files whose folded text has a word starting with each term."""
    files = StoredFile.objects.exclude(text_folded="")
    for term in terms:
        # The folded text is words apart by single spaces: a word starts the text or follows a
        # space. `contains`, not `icontains`: both sides are lower case already, and a plain
        # LIKE is what the trigram index serves on PostgreSQL.
        files = files.filter(Q(text_folded__startswith=term) | Q(text_folded__contains=f" {term}"))
    return files


def matching_papers(user: Any, terms: list[str]) -> QuerySet[Paper]:
    """Papers of dossiers `user` may read whose file's text holds every term, newest first."""
    files = matching_files(terms)
    # A paper points to its file's storage name: the searchable PDF's, or the scan's when it
    # was submitted while the PDF was being made.
    by_name = Q(file__in=files.values("name")) | Q(
        file__in=files.exclude(scan_name="").values("scan_name")
    )
    return (
        Paper.objects.filter(dossier__in=Dossier.objects.visible_to(user, READ))
        .exclude(file="")
        .filter(by_name)
        .select_related("dossier__procedure_version__procedure")
        .order_by("-created_at", "-id")
    )


def hits(papers: list[Paper], terms: list[str]) -> list[Hit]:
    """The results for one page of papers: each with its snippet, files read in one query."""
    names = {p.file for p in papers}
    files = StoredFile.objects.filter(Q(name__in=names) | Q(scan_name__in=names)).only(
        "name", "scan_name", "text", "text_source"
    )
    by_name: dict[str, StoredFile] = {}
    for f in files:
        by_name[f.name] = f
        if f.scan_name:
            by_name[f.scan_name] = f
    found = []
    for paper in papers:
        stored = by_name.get(paper.file)
        if stored is None:
            continue
        found.append(
            Hit(
                paper=paper,
                dossier=paper.dossier,
                parts=snippet(stored.text, terms),
                recognised=stored.text_source == TextSource.OCR,
            )
        )
    return found

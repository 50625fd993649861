"""Digitization of stored papers (ADR 0016): scans become searchable PDFs, and every paper's
text is kept for the officers' search.

StoredFile.store() asks, once the intake's transaction has committed, for the task
`documents.tasks.read_text`; the worker (`manage.py run_worker`) runs it:

- a PDF whose every page has text: its text is read as it is (pdfminer), nothing else changes;
- a JPEG or PNG scan: turned upright, shrunk and stripped of its metadata when it needs it
  (the web request only read its header), wrapped in an A4 PDF without loss (img2pdf), then
  OCR (ocrmypdf, tesseract `vie`) adds the text layer; that PDF/A is served instead of the
  image, and the stripped photo replaces the one received;
- a PDF with pages without text (a scanner's PDF): OCR those pages, serve the PDF/A.

Without tesseract the state is "unavailable": an image scan is still served as its PDF, and
everything else works (a PDF's own text is still read). A failure is kept with its reason.
`manage.py read_paper_texts` queues files again (after installing tesseract, for example).
The scan is never deleted: StoredFile.scan_name keeps it (without its metadata).

pdfminer and Pillow read the file only in `sandbox`, a child process with memory and CPU
limits (settings.PAPER_READ_MEMORY_MB, PAPER_READ_CPU_SECONDS, PAPER_READ_TIMEOUT): a file
past them fails with the reason, and the worker moves on (security review D2, D8).
"""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from motcua.dossiers.models import Paper

from . import sandbox
from .checks import JPEG, PDF, PNG
from .choices import TextSource, TextState
from .conversion import ConversionFailed, has_text, ocr_available, recognise
from .intake import with_suffix
from .models import StoredFile
from .textsearch import folded_for_search

logger = logging.getLogger(__name__)

# A paper's text is for finding it, not an archive of it: a very long one is cut.
TEXT_MAX = 1_000_000


@dataclass(frozen=True)
class Reading:
    """What reading one file gave: its state, its text, the PDF to serve instead of it, and
    the photo without metadata to keep instead of the one received."""

    state: str
    source: str = ""
    text: str = ""
    pdf: bytes | None = None
    error: str = ""
    scan: bytes | None = None


def read_text_after_commit(stored: StoredFile) -> None:
    """Queue the reading of `stored` once the current transaction commits (at once outside
    one): a refused intake rolls back and queues nothing."""
    file_id = str(stored.pk)
    # robust: the paper is stored and the dossier received even if the queue cannot be
    # written; the file stays "pending" and `read_paper_texts` queues it later.
    transaction.on_commit(lambda: queue(file_id), robust=True)


def queue(file_id: str) -> None:
    from .tasks import read_text

    read_text.enqueue(file_id)


def limits() -> sandbox.Limits:
    """The sandbox's limits for reading one file, from the settings."""
    return sandbox.Limits(
        memory_mb=int(getattr(settings, "PAPER_READ_MEMORY_MB", 256)),
        cpu_seconds=float(getattr(settings, "PAPER_READ_CPU_SECONDS", 5)),
        timeout=float(getattr(settings, "PAPER_READ_TIMEOUT", 120)),
    )


def read(data: bytes, content_type: str) -> Reading:
    """Read the text of a file's bytes, converting and recognising as needed. No database.
    pdfminer and Pillow run in the sandbox; a file past its limits raises SandboxFailed."""
    max_pages = int(getattr(settings, "PAPER_TEXT_MAX_PAGES", 200))
    scan: bytes | None = None
    if content_type in (JPEG, PNG):
        made = sandbox.scan_to_pdf(
            data,
            content_type,
            max_side=settings.PAPER_IMAGE_MAX_SIDE,
            max_pixels=settings.PAPER_IMAGE_MAX_PIXELS,
            limits=limits(),
        )
        pdf: bytes | None = made.pdf
        scan = made.image
        pages: list[str] = []
    elif content_type == PDF:
        pdf = None
        pages = sandbox.page_texts(data, max_pages, limits())
        if pages and all(has_text(page) for page in pages):
            return Reading(TextState.DONE, TextSource.LAYER, _joined(pages))
    else:
        return Reading(TextState.FAILED, error=f"no text can be read from {content_type}")
    found = _joined(pages)
    source = TextSource.LAYER if found else ""
    if not ocr_available():
        return Reading(TextState.UNAVAILABLE, source, found, pdf, scan=scan)
    try:
        searchable = recognise(
            pdf or data,
            languages=getattr(settings, "PAPER_OCR_LANGUAGES", "vie"),
            timeout=float(getattr(settings, "PAPER_OCR_TIMEOUT", 600)),
        )
        text = _joined(sandbox.page_texts(searchable, max_pages, limits()))
    except ConversionFailed as exc:
        return Reading(TextState.FAILED, source, found, pdf, exc.reason, scan)
    return Reading(TextState.DONE, TextSource.OCR, text, searchable, scan=scan)


def _joined(pages: list[str]) -> str:
    return "\n\n".join(page.strip() for page in pages if page.strip())[:TEXT_MAX]


def read_stored_text(file_id: str) -> str:
    """Read one stored file's text and record it; the state reached, or "skipped" when the
    file is gone or no longer waits (a second task for the same file)."""
    stored = StoredFile.objects.filter(pk=file_id).first()
    if stored is None or stored.text_state != TextState.PENDING:
        return "skipped"
    try:
        with stored.open() as handle:
            data = handle.read()
        reading = read(data, stored.content_type)
    except (OSError, ValueError, ConversionFailed) as exc:  # the task returns: the worker goes on
        reason = exc.reason if isinstance(exc, ConversionFailed) else f"file unreadable: {exc}"
        reading = Reading(TextState.FAILED, error=reason)
    if reading.state == TextState.FAILED:
        logger.warning("Text of stored file %s not read: %s", file_id, reading.error)
    new_name = _save_pdf(stored, reading.pdf) if reading.pdf is not None else ""
    try:
        with transaction.atomic():
            recorded = _record(stored, reading, new_name)
    except BaseException:
        if new_name:
            default_storage.delete(new_name)
        raise
    if not recorded and new_name:
        default_storage.delete(new_name)
    if recorded and reading.scan is not None:
        try:
            _replace_scan(stored.name, reading.scan)
        except OSError:
            logger.exception(
                "Scan %s kept with its metadata: it could not be replaced", stored.name
            )
    return str(reading.state) if recorded else "skipped"


def _replace_scan(name: str, photo: bytes) -> None:
    """Write the photo without its metadata over the one received, under the same name: a
    paper that still points to the scan (a submission racing the task) keeps a file."""
    try:
        path = Path(default_storage.path(name))
    except NotImplementedError:  # a storage without local files: replace by name
        default_storage.delete(name)
        if default_storage.save(name, ContentFile(photo)) != name:
            logger.error("Scan %s could not be replaced by its stripped photo", name)
        return
    part = path.with_name(f"{path.name}.part")
    part.write_bytes(photo)
    os.replace(part, path)  # at once: the scan is never missing


def _save_pdf(stored: StoredFile, pdf: bytes) -> str:
    """Store the searchable PDF beside the scan (papers/YYYY/MM/<id>.pdf, or a free name)."""
    return default_storage.save(
        str(PurePosixPath(stored.name).with_suffix(".pdf")), ContentFile(pdf)
    )


def _record(stored: StoredFile, reading: Reading, new_name: str) -> bool:
    """Write what was read; False when another task got there first. With a new PDF, the
    file is served as that PDF and the dossiers' papers pointing to the scan follow it."""
    row = (
        StoredFile.objects.select_for_update()
        .filter(pk=stored.pk, name=stored.name, text_state=TextState.PENDING)
        .first()
    )
    if row is None:
        return False
    changed = ["text_state", "text_source", "text", "text_folded", "text_error", "text_read_at"]
    if new_name and reading.pdf is not None:
        # Paper.file holds the storage name: the served file changes for every paper at once.
        Paper.objects.filter(file=row.name).update(file=new_name)
        row.scan_name = row.scan_name or row.name
        row.name, row.content_type = new_name, PDF
        row.size, row.sha256 = len(reading.pdf), hashlib.sha256(reading.pdf).hexdigest()
        row.filename = with_suffix(row.filename, PDF)
        changed += ["scan_name", "name", "content_type", "size", "sha256", "filename"]
    row.text_state, row.text_source, row.text = reading.state, reading.source, reading.text
    row.text_folded = folded_for_search(reading.text)
    row.text_error = reading.error[:600]
    row.text_read_at = timezone.now()
    row.save(update_fields=changed)
    return True


def read_again(states: list[str]) -> int:
    """Put the files in `states` back in the queue (say "unavailable" once tesseract is
    installed); the number queued. Files still pending are queued again as well."""
    ids = [
        str(pk)
        for pk in StoredFile.objects.filter(
            text_state__in={*states, TextState.PENDING}
        ).values_list("pk", flat=True)
    ]
    StoredFile.objects.filter(pk__in=ids).exclude(text_state=TextState.PENDING).update(
        text_state=TextState.PENDING, text_error=""
    )
    for file_id in ids:
        queue(file_id)
    return len(ids)

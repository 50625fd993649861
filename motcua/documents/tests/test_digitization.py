"""After intake, every stored paper has its text read in the background; a scan becomes a PDF
served in its place, the scan itself kept. These tests need no tesseract: OCR is switched off
or replaced, except in test_ocr.py."""

from __future__ import annotations

import io

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from motcua.documents import digitization
from motcua.documents.checks import DEFAULT_TYPES, UploadRules
from motcua.documents.choices import TextSource, TextState
from motcua.documents.conversion import ConversionFailed, image_to_pdf, page_texts
from motcua.documents.digitization import read_stored_text
from motcua.documents.intake import accept
from motcua.documents.models import StoredFile
from motcua.documents.pdf import minimal_pdf
from motcua.dossiers.models import Paper
from motcua.dossiers.tests.factories import walk_in

from . import samples

pytestmark = pytest.mark.django_db
RULES = UploadRules(DEFAULT_TYPES, 5 * 1024 * 1024)


@pytest.fixture
def no_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(digitization, "ocr_available", lambda: False)


def stored(name: str, content: bytes, claimed: str = "application/pdf") -> StoredFile:
    return accept(samples.upload(name, content, claimed), RULES, owner=None)


def test_a_stored_paper_is_queued_for_reading_once_the_intake_commits(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        kept = stored("don.pdf", samples.pdf())
        assert not DBTaskResult.objects.exists()  # not before the commit

    task = DBTaskResult.objects.get()
    assert task.task_path == "motcua.documents.tasks.read_text"
    assert task.args_kwargs["args"] == [str(kept.pk)]
    assert kept.text_state == TextState.PENDING


def test_an_intake_that_rolls_back_queues_nothing(django_capture_on_commit_callbacks):
    def refused_receipt() -> None:
        with transaction.atomic():
            stored("don.pdf", samples.pdf())
            raise RuntimeError("the receipt was refused")

    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(RuntimeError):
        refused_receipt()
    assert callbacks == []


def test_a_pdf_with_text_is_read_without_ocr(monkeypatch):
    monkeypatch.setattr(digitization, "recognise", pytest.fail)
    kept = stored("giay-khai-sinh.pdf", minimal_pdf("Giấy khai sinh", ["Nguyễn Thị Hương"]))

    assert read_stored_text(str(kept.pk)) == TextState.DONE

    kept.refresh_from_db()
    assert (kept.text_state, kept.text_source, kept.scan_name) == (
        TextState.DONE,
        TextSource.LAYER,
        "",
    )
    assert "Nguyen Thi Huong" in kept.text  # the minimal PDF's Helvetica has no diacritics
    assert "nguyen thi huong" in kept.text_folded
    assert kept.text_read_at is not None


def test_without_ocr_a_photo_scan_is_still_served_as_a_pdf_and_the_scan_kept(no_ocr):
    kept = stored("cccd.png", samples.png(), "image/png")
    scan = kept.name

    assert read_stored_text(str(kept.pk)) == TextState.UNAVAILABLE

    kept.refresh_from_db()
    assert (kept.text_state, kept.content_type, kept.filename) == (
        TextState.UNAVAILABLE,
        "application/pdf",
        "cccd.pdf",
    )
    assert kept.scan_name == scan
    assert default_storage.exists(scan)
    assert kept.name.endswith(".pdf")
    assert kept.name != scan
    with kept.open() as handle:
        pdf = handle.read()
    assert pdf.startswith(b"%PDF")
    assert kept.size == len(pdf)


def test_papers_pointing_to_the_scan_follow_it_to_the_pdf(
    no_ocr, demo_catalog, counter_cuong, citizen_an
):
    dossier = walk_in(counter_cuong, citizen_an)
    kept = stored("cccd.jpg", samples.jpeg(), "image/jpeg")
    paper = Paper.objects.create(dossier=dossier, name="CCCD", file=kept.name, digitized=True)

    read_stored_text(str(kept.pk))

    paper.refresh_from_db()
    kept.refresh_from_db()
    assert paper.file == kept.name
    assert paper.file.endswith(".pdf")
    assert paper.digitized  # a flag of Decision 766, unchanged: it was set at intake


def test_a_failed_ocr_keeps_its_reason_and_the_scan_still_becomes_a_pdf(monkeypatch):
    monkeypatch.setattr(digitization, "ocr_available", lambda: True)

    def broken(pdf: bytes, **options: object) -> bytes:
        raise ConversionFailed("ocrmypdf exited with 15: tesseract crashed")

    monkeypatch.setattr(digitization, "recognise", broken)
    kept = stored("cccd.png", samples.png(), "image/png")

    assert read_stored_text(str(kept.pk)) == TextState.FAILED

    kept.refresh_from_db()
    assert kept.text_error == "ocrmypdf exited with 15: tesseract crashed"
    assert kept.content_type == "application/pdf"
    assert kept.scan_name


def test_a_file_is_read_once_even_if_queued_twice(no_ocr):
    kept = stored("cccd.png", samples.png(), "image/png")
    assert read_stored_text(str(kept.pk)) == TextState.UNAVAILABLE
    assert read_stored_text(str(kept.pk)) == "skipped"
    assert read_stored_text("00000000-0000-0000-0000-000000000000") == "skipped"


def test_a_file_missing_from_storage_fails_with_its_reason():
    kept = stored("don.pdf", samples.pdf())
    default_storage.delete(kept.name)
    assert read_stored_text(str(kept.pk)) == TextState.FAILED
    kept.refresh_from_db()
    assert kept.text_error.startswith("file unreadable")


def test_the_command_queues_unavailable_files_again_once_ocr_is_installed(no_ocr):
    kept = stored("cccd.png", samples.png(), "image/png")
    read_stored_text(str(kept.pk))
    out = io.StringIO()

    call_command("read_paper_texts", "--again", "unavailable", stdout=out)

    assert "queued for reading: 1" in out.getvalue()
    kept.refresh_from_db()
    assert kept.text_state == TextState.PENDING
    assert DBTaskResult.objects.filter(args_kwargs__args=[str(kept.pk)]).count() == 1


def test_the_command_reads_now_when_asked(no_ocr):
    stored("don.pdf", samples.pdf())
    out = io.StringIO()
    call_command("read_paper_texts", "--now", stdout=out)
    assert "Stored files read: done 1" in out.getvalue()


def test_an_image_with_transparency_is_wrapped_too():
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGBA", (120, 80), (0, 0, 0, 0)).save(out, "PNG")
    pdf = image_to_pdf(out.getvalue())
    assert pdf.startswith(b"%PDF")
    assert page_texts(pdf) == [""]

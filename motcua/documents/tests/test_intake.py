"""accept(): each refusal says clearly why, naming the file; good papers are stored."""

from __future__ import annotations

import hashlib
import io
import unicodedata
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError
from PIL import Image

from motcua.documents import digitization
from motcua.documents.checks import DEFAULT_TYPES, PDF, Rejected, UploadRules
from motcua.documents.digitization import read_stored_text
from motcua.documents.intake import accept
from motcua.documents.models import StoredFile

from . import samples

pytestmark = pytest.mark.django_db
RULES = UploadRules(DEFAULT_TYPES, 10 * 1024 * 1024)


@pytest.fixture
def no_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(digitization, "ocr_available", lambda: False)


def refusal(upload: UploadedFile, rules: UploadRules = RULES) -> str:
    with pytest.raises(Rejected) as caught:
        accept(upload, rules, owner=None)
    return caught.value.message


def stored_files(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()]


def test_a_pdf_is_stored_under_papers_year_month_with_its_row(citizen_an, media):
    content = samples.pdf()

    stored = accept(samples.upload("Đơn đề nghị.pdf", content), RULES, owner=citizen_an)

    assert stored.owner == citizen_an
    assert stored.content_type == "application/pdf"
    assert stored.filename == "Đơn đề nghị.pdf"
    assert stored.size == len(content)
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    year_month = f"{stored.created_at:%Y/%m}"
    assert stored.name == f"papers/{year_month}/{stored.pk}.pdf"
    with stored.open() as handle:
        assert handle.read() == content
    assert stored_files(media) == [media / stored.name]


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("anh.jpg", samples.jpeg(), "image/jpeg"),
        ("anh.png", samples.png(), "image/png"),
    ],
)
def test_a_small_photo_is_stored_as_it_is(name, content, content_type):
    stored = accept(samples.upload(name, content, "image/jpeg"), RULES, owner=None)

    assert (stored.content_type, stored.filename, stored.size) == (content_type, name, len(content))


def test_the_file_name_is_kept_in_nfc_and_gets_the_suffix_of_its_content():
    decomposed = unicodedata.normalize("NFD", "Ảnh giấy tờ.jpg")

    stored = accept(samples.upload(decomposed, samples.png()), RULES, owner=None)

    assert stored.filename == "Ảnh giấy tờ.png"
    assert stored.name.endswith(".png")


def test_an_exe_renamed_pdf_is_refused_by_its_content():
    message = refusal(samples.upload("giay-khai-sinh.pdf", samples.exe()))

    assert message == (
        "“giay-khai-sinh.pdf” is not a PDF, JPEG or PNG file. Choose a PDF, "
        "JPEG or PNG file and upload it again."
    )


def test_a_slot_that_asks_for_pdf_refuses_a_photo():
    message = refusal(
        samples.upload("anh.png", samples.png()), UploadRules(frozenset({PDF}), RULES.max_bytes)
    )

    assert "“anh.png” is not a PDF file" in message


def test_an_oversized_file_is_refused_saying_the_limit_in_mb(media):
    message = refusal(
        samples.upload("scan.pdf", samples.pdf() + b"\0" * 2_000_000),
        UploadRules(DEFAULT_TYPES, 1024 * 1024),
    )

    assert message == (
        "“scan.pdf” is larger than 1 MB, the largest file accepted. Scan it at "
        "a lower resolution or split it, and upload it again."
    )
    assert stored_files(media) == []


def test_the_reported_size_is_checked_before_anything_is_read():
    class Unreadable(io.BytesIO):
        def read(self, *args: object) -> bytes:
            raise AssertionError("read although the size is over the limit")

    upload = UploadedFile(Unreadable(), name="big.pdf", size=11 * 1024 * 1024)

    assert "larger than 10 MB" in refusal(upload)


def test_the_bytes_read_count_even_when_the_reported_size_is_wrong():
    content = samples.pdf() + b"\0" * 3000
    upload = UploadedFile(io.BytesIO(content), name="scan.pdf", size=10)

    assert "larger than" in refusal(upload, UploadRules(DEFAULT_TYPES, 2000))


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd.pdf",
        "C:\\x\\a.pdf",
        "giay/to.pdf",
        "..",
        "C:a.pdf",
        "to\x00.pdf",
        "bao-cao\u202efdp.exe",  # a right-to-left override shows this as "bao-caoexe.pdf"
    ],
)
def test_a_name_with_a_path_or_control_characters_is_refused(name):
    message = refusal(samples.upload(name, samples.pdf()))

    assert "the file name contains a path (/, \\, ..) or control characters" in message


def test_a_name_longer_than_150_characters_is_refused():
    message = refusal(samples.upload("a" * 147 + ".pdf", samples.pdf()))

    assert "the file name is longer than 150 characters" in message


def test_an_empty_file_is_refused():
    assert refusal(samples.upload("trong.pdf", b"")) == (
        "“trong.pdf” is empty. Choose the file again."
    )


def test_a_decompression_bomb_is_refused_unopened():
    message = refusal(samples.upload("bom.png", samples.png_bomb()))

    assert message == (
        "“bom.png”: the image has too many pixels to open safely. Take the "
        "photo at a lower resolution and upload it again."
    )


def test_an_image_over_the_pixel_limit_is_refused(settings):
    settings.PAPER_IMAGE_MAX_PIXELS = 1000

    assert "too many pixels" in refusal(samples.upload("anh.png", samples.png(40, 30)))


def test_a_damaged_photo_is_refused():
    content = samples.jpeg()[:300]

    assert "the image is damaged" in refusal(samples.upload("hong.jpg", content))


def test_a_4000_by_3000_photo_is_stored_as_sent_and_the_worker_shrinks_it(no_ocr):
    content = samples.jpeg(4000, 3000)

    stored = accept(samples.upload("anh.jpg", content), RULES, owner=None)
    with stored.open() as handle:
        assert handle.read() == content  # the request only read its header (review D8)
    read_stored_text(str(stored.pk))

    stored.refresh_from_db()
    with default_storage.open(stored.scan_name) as handle:
        data = handle.read()
    image = Image.open(io.BytesIO(data))
    assert image.size == (2000, 1500)
    assert len(data) < len(content)
    with stored.open() as handle:  # what officers see: the PDF of the shrunk photo
        assert handle.read().startswith(b"%PDF")


def test_a_photo_taken_sideways_is_turned_upright_and_loses_its_exif(no_ocr):
    content = samples.jpeg(300, 200, orientation=6)  # "rotate 90° clockwise to view"

    stored = accept(samples.upload("anh.jpg", content), RULES, owner=None)
    read_stored_text(str(stored.pk))

    stored.refresh_from_db()
    with default_storage.open(stored.scan_name) as handle:
        image = Image.open(io.BytesIO(handle.read()))
    assert image.size == (200, 300)
    assert not image.getexif()


def test_when_the_row_cannot_be_written_no_stored_file_is_left(monkeypatch, media):
    def fail(**kwargs: object) -> None:
        raise IntegrityError("row refused")

    monkeypatch.setattr(StoredFile.objects, "create", fail)

    with pytest.raises(IntegrityError):
        accept(samples.upload("don.pdf", samples.pdf()), RULES, owner=None)
    assert stored_files(media) == []

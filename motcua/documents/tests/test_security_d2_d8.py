"""Security review 2026-12, D2 and D8 and the polyglot note: a small PDF that inflates to
hundreds of MB is refused at upload, or stopped by the worker's sandbox (memory, CPU, time)
without holding up the rest of the worker; photos are decoded in that sandbox, not in the web
request; what follows a PDF's end is not stored.

The limits are lowered here so that the tests stay fast; the defaults are 256 MB and 5 s of
CPU per page (config/settings.py)."""

from __future__ import annotations

import io
import struct
import time
import zipfile
import zlib
from functools import cache

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from PIL import Image, ImageFile

from motcua.documents import digitization, sandbox
from motcua.documents.checks import DEFAULT_TYPES, PDF, Rejected, UploadRules
from motcua.documents.choices import TextState
from motcua.documents.digitization import read_stored_text
from motcua.documents.intake import accept
from motcua.documents.models import StoredFile
from motcua.documents.pdf import _document, minimal_pdf

from . import samples

pytestmark = pytest.mark.django_db
RULES = UploadRules(DEFAULT_TYPES, 10 * 1024 * 1024)


@pytest.fixture(autouse=True)
def small_limits(settings):
    settings.PAPER_READ_MEMORY_MB = 256
    settings.PAPER_READ_CPU_SECONDS = 2
    settings.PAPER_READ_TIMEOUT = 20


@pytest.fixture
def no_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(digitization, "ocr_available", lambda: False)


def pdf_with_stream(stream: bytes, filters: str = "/FlateDecode") -> bytes:
    """A one-page PDF whose page content is `stream`, as it is in the file."""
    return _document(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            b"<< /Length %d /Filter %s >>\nstream\n" % (len(stream), filters.encode())
            + stream
            + b"\nendstream",
        ]
    )


def bomb(content: bytes) -> bytes:
    return pdf_with_stream(zlib.compress(content, 9))


def upload(name: str, content: bytes, claimed: str = "application/pdf") -> StoredFile:
    return accept(samples.upload(name, content, claimed), RULES, owner=None)


def stored_bytes(name: str) -> bytes:
    with default_storage.open(name) as handle:
        return handle.read()


# --- D2 at upload ----------------------------------------------------------------------------


def test_d2_pdf_bomb_77kb_refused_at_upload(media):
    content = bomb(b"0" * 50_000_000)  # 50 MB of content in a ~49 KB file
    assert len(content) < 77 * 1024

    started = time.monotonic()
    with pytest.raises(Rejected) as caught:
        upload("bom.pdf", content)

    assert time.monotonic() - started < 5
    assert caught.value.message == (
        "“bom.pdf”: the PDF expands to more than 30 MB when opened and cannot be accepted. "
        "Print it to PDF again or scan it, and upload it again."
    )
    assert not StoredFile.objects.exists()
    assert not [p for p in media.rglob("*") if p.is_file()]


def test_d2_a_bomb_inside_a_second_layer_of_compression_is_refused_too():
    twice = zlib.compress(zlib.compress(b"0" * 40_000_000, 9), 9)  # a few KB
    content = pdf_with_stream(twice, "[/FlateDecode /FlateDecode]")

    with pytest.raises(Rejected, match="expands to more than 30 MB"):
        upload("bom.pdf", content)


@pytest.mark.parametrize(
    "content",
    [
        minimal_pdf("Đơn", ["Nội dung"]),
        pdf_with_stream(zlib.compress(b"BT /F1 11 Tf 56 735 Td (Xin chao) Tj ET\n" * 2000)),
        pdf_with_stream(samples.jpeg(), "/DCTDecode"),
        b"%PDF-1.4\n4 0 obj << /Length 99 >>\nstream\nx\x9c damaged \x00\xff\n",  # no endstream
        b"%PDF-1.4\nstream\r\nendstream stream\nendstream\n%%EOF\n",
    ],
    ids=["text", "compressed text", "jpeg stream", "damaged", "empty streams"],
)
def test_d2_ordinary_and_damaged_pdfs_still_pass_the_upload(content):
    stored = upload("don.pdf", content)
    assert stored_bytes(stored.name) == content


# --- D2 in the worker ------------------------------------------------------------------------


@cache
def heavy_pdf() -> bytes:
    """10 MB of number operands (pdfminer's parser makes an object of each): under 30 MB,
    so intake lets it through, but minutes of pdfminer without limits."""
    return pdf_with_stream(zlib.compress(b"0 " * 5_000_000, 1))


def test_d2_bomb_that_passes_upload_is_stopped_by_worker_limits(monkeypatch):
    stored = upload("nang.pdf", heavy_pdf())
    peaks: list[float] = []
    wait = sandbox._wait

    def measured(*args: object) -> tuple[int, float, bool]:
        status, peak_mb, timed_out = wait(*args)  # type: ignore[arg-type]
        peaks.append(peak_mb)
        return status, peak_mb, timed_out

    monkeypatch.setattr(sandbox, "_wait", measured)

    started = time.monotonic()
    state = read_stored_text(str(stored.pk))
    elapsed = time.monotonic() - started

    assert state == TextState.FAILED
    assert elapsed < 10, elapsed
    assert peaks
    assert max(peaks) < 300  # MB, the child's peak resident memory
    stored.refresh_from_db()
    assert stored.text_error in (
        "the PDF took more than 2 s of CPU on one page",
        "the PDF needs more than 256 MB of memory to read",
    )
    assert stored.content_type == PDF  # still served as it was


def test_d2_a_photo_that_needs_too_much_memory_fails_with_the_reason(settings):
    settings.PAPER_READ_MEMORY_MB = 128
    content = png_claiming(6000, 6000)  # 36 MP: 108 MB once decoded; the file is tiny
    stored = upload("anh.png", content, "image/png")

    assert read_stored_text(str(stored.pk)) == TextState.FAILED

    stored.refresh_from_db()
    assert stored.text_error == "the image needs more than 128 MB of memory to read"
    assert stored_bytes(stored.name) == content


def png_claiming(width: int, height: int) -> bytes:
    """A valid-looking RGB PNG of width × height whose pixel data is mostly missing."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack("!I", len(data)) + body + struct.pack("!I", zlib.crc32(body))

    header = struct.pack("!IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def test_d2_the_officer_sees_why_a_paper_could_not_be_read(
    client, settings, demo_catalog, counter_cuong, citizen_an
):
    from motcua.dossiers.models import Paper
    from motcua.dossiers.tests.factories import walk_in

    settings.STAFF_OTP_REQUIRED = False
    stored = upload("nang.pdf", heavy_pdf())
    StoredFile.objects.filter(pk=stored.pk).update(  # as the worker records it (test above)
        text_state=TextState.FAILED, text_error="the PDF took more than 2 s of CPU on one page"
    )
    stored.refresh_from_db()
    dossier = walk_in(counter_cuong, citizen_an)
    Paper.objects.create(dossier=dossier, name="Tờ khai", file=stored.name, digitized=True)

    client.force_login(counter_cuong)
    page = client.get(f"/mot-cua/ho-so/{dossier.reference}/")

    assert page.status_code == 200
    assert stored.text_error in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_d2_a_notification_queued_behind_a_bomb_is_delivered_within_30_s(monkeypatch):
    """The worker runs queued tasks, then delivers the outboxes (outbox/worker.py): the bomb's
    reading comes first, and must not hold the notification up."""
    from motcua.events.models import EventMessage
    from motcua.outbox import periodic, registry
    from motcua.outbox.registry import register_outbox
    from motcua.outbox.tests.factories import messages

    monkeypatch.setattr(periodic, "_jobs", {})
    monkeypatch.setattr(registry, "_outboxes", {})
    delivered: list[str] = []
    register_outbox(EventMessage, lambda row: delivered.append(row.idempotency_key))
    stored = upload("nang.pdf", heavy_pdf())  # queues its reading (no transaction here)
    messages(1)

    started = time.monotonic()
    call_command("run_worker", "--once", "--worker-id", "worker-d2", stdout=io.StringIO())

    assert time.monotonic() - started < 30
    assert delivered == ["msg-1"]
    stored.refresh_from_db()
    assert stored.text_state == TextState.FAILED


# --- D8 --------------------------------------------------------------------------------------


def photo_with_location() -> bytes:
    """A 4000 × 3000 JPEG taken sideways, with the camera's name and a GPS position."""
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x0112] = 6  # rotate 90° clockwise to view
    exif[0x8825] = {1: "N", 2: (21.0, 2.0, 30.0), 3: "E", 4: (105.0, 51.0, 0.0)}  # GPS
    image = Image.new("RGB", (4000, 3000), (200, 30, 30))
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_d8_photo_decoded_in_worker_not_request(monkeypatch, no_ocr):
    content = photo_with_location()

    def no_decoding(self: Image.Image) -> None:
        raise AssertionError("the web request decoded the photo")

    with monkeypatch.context() as request_only:
        request_only.setattr(Image.Image, "load", no_decoding)
        request_only.setattr(ImageFile.ImageFile, "load", no_decoding)
        stored = upload("cccd.jpg", content, "image/jpeg")
    assert stored_bytes(stored.name) == content  # kept as sent until the worker reads it

    assert read_stored_text(str(stored.pk)) == TextState.UNAVAILABLE

    stored.refresh_from_db()
    scan = stored_bytes(stored.scan_name)
    photo = Image.open(io.BytesIO(scan))
    assert photo.size == (1500, 2000)  # upright and shrunk to 2000 px
    assert not photo.getexif()
    assert b"SecretCam" not in scan
    served = stored_bytes(stored.name)
    assert served.startswith(b"%PDF")
    assert b"SecretCam" not in served


def test_d8_a_cut_off_photo_is_still_refused_in_the_request():
    content = samples.png(400, 300)

    with pytest.raises(Rejected, match="the image is damaged"):
        upload("anh.png", content[: len(content) // 2], "image/png")


# --- Polyglots ---------------------------------------------------------------------------------


def test_polyglot_pdf_stored_without_appended_zip():
    pdf = minimal_pdf("Đơn", ["Nội dung"])
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("evil.exe", b"MZ" + b"\x00" * 64)
        zipped.writestr("index.html", b"<script>alert(1)</script>")
    polyglot = pdf + archive.getvalue()
    assert zipfile.is_zipfile(io.BytesIO(polyglot))

    stored = upload("don.pdf", polyglot)

    kept = stored_bytes(stored.name)
    assert kept == pdf
    assert not zipfile.is_zipfile(io.BytesIO(kept))
    assert (stored.size, stored.content_type) == (len(pdf), PDF)


def test_a_pdf_with_an_incremental_update_is_kept_whole():
    pdf = minimal_pdf("Đơn", ["Nội dung"])
    updated = pdf + b"6 0 obj\n<< /Producer (motcua 2) >>\nendobj\ntrailer\n<< >>\n%%EOF\r\n"

    assert stored_bytes(upload("don.pdf", updated).name) == updated

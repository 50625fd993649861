"""Files made on the spot for the tests: valid papers, and the ones intake must refuse."""

from __future__ import annotations

import html
import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from motcua.documents.pdf import minimal_pdf


def pdf() -> bytes:
    return minimal_pdf("Đơn đề nghị", ["Nội dung thử"])


def jpeg(width: int = 64, height: int = 48, *, orientation: int | None = None) -> bytes:
    image = Image.new("RGB", (width, height), (200, 30, 30))
    image.paste((30, 30, 200), (0, 0, width // 2, height))  # left half blue: shows rotation
    out = io.BytesIO()
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    image.save(out, "JPEG", exif=exif.tobytes() if orientation else b"")
    return out.getvalue()


def png(width: int = 64, height: int = 48) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (30, 160, 30)).save(out, "PNG")
    return out.getvalue()


def exe() -> bytes:
    """The start of a Windows program (DOS "MZ" header)."""
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def png_bomb(width: int = 100_000, height: int = 100_000) -> bytes:
    """A PNG of a few bytes whose header claims width × height pixels (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack("!I", len(data)) + body + struct.pack("!I", zlib.crc32(body))

    header = struct.pack("!IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def eicar() -> bytes:
    """The EICAR antivirus test string, built from two halves so that no file holds it whole
    (antivirus programs on developers' machines would quarantine this one)."""
    first = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR"
    second = "-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
    return (first + second).encode("ascii")


def upload(name: str, content: bytes, claimed: str = "application/pdf") -> SimpleUploadedFile:
    """An upload as the browser sends it; `claimed` is the content type it says (not trusted).

    Django's own upload classes already keep only the last part of a name ("passwd.pdf" of
    "../../etc/passwd.pdf"); accept() checks again for uploads that reach it another way, so
    the tests hand it the name exactly as given.
    """
    made = SimpleUploadedFile("upload", content, content_type=claimed)
    made._name = name  # type: ignore[attr-defined]  # bypasses basename(), see above
    return made


def vietnamese_pdf(*lines: str) -> bytes:
    """A PDF whose text layer holds `lines` with their diacritics (WeasyPrint, Noto fonts), as
    an office's word processor writes one."""
    from weasyprint import HTML

    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines)
    document = HTML(
        string=f'<html lang="vi"><body style="font-family: \'Noto Serif\'">{body}</body></html>'
    )
    return bytes(document.write_pdf())


def vietnamese_scan(*lines: str, dpi: int = 300) -> bytes:
    """A PNG "scan" of `lines` at `dpi`, 12-point Noto Sans on white, a third of an A4 page
    high: what a counter's scanner gives for a printed paper."""
    from PIL import ImageDraw, ImageFont

    width, height = int(8.27 * dpi), int(3.9 * dpi)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(
        "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf", size=round(12 * dpi / 72)
    )
    for i, line in enumerate(lines):
        draw.text((dpi // 2, dpi // 2 + i * round(0.4 * dpi)), line, font=font, fill=0)
    out = io.BytesIO()
    image.save(out, "PNG", dpi=(dpi, dpi))
    return out.getvalue()

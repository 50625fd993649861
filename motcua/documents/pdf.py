"""A minimal one-page PDF written by hand, for demo papers and tests: no PDF library needed.

The page uses the standard Helvetica font, which has no Vietnamese letters, so the page text is
written without diacritics; the document's Title (in its properties) keeps them, as UTF-16.
"""

from __future__ import annotations

import unicodedata


def minimal_pdf(title: str, lines: list[str]) -> bytes:
    """A valid one-page A4 PDF showing `title` and then `lines`."""
    text = [f"BT /F1 18 Tf 56 770 Td ({_escape(title)}) Tj ET"]
    for i, line in enumerate(lines):
        text.append(f"BT /F1 11 Tf 56 {735 - 18 * i} Td ({_escape(line)}) Tj ET")
    stream = "\n".join(text).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Title <FEFF"
        + title.encode("utf-16-be").hex().upper().encode("ascii")
        + b"> /Producer (motcua) >>",
    ]
    return _document(objects)


def _document(objects: list[bytes]) -> bytes:
    """Header, numbered objects, the cross-reference table with each object's byte offset."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        len(objects),
        xref,
    )
    return bytes(out)


def _escape(text: str) -> str:
    """ASCII without diacritics (đ as d), with PDF string delimiters escaped."""
    plain = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_text = "".join(ch for ch in plain if not unicodedata.combining(ch))
    ascii_text = ascii_text.encode("ascii", "replace").decode("ascii")
    return ascii_text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

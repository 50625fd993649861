"""Take in one uploaded paper: check its name, size and content, scan it, store it.

accept() runs the checks in this order and stops at the first refusal:

1. the name holds no path (/, \\, .., a drive letter) nor control characters, and is at most
   NAME_MAX characters once normalised to NFC (how Vietnamese text is compared and shown);
2. the size is within the slot's limit: the size the upload reports first, then the bytes
   actually read, chunk by chunk, never the whole file in memory;
3. the content is one of the slot's types, sniffed from its first bytes with python-magic:
   neither the name nor the browser's content type is believed;
4. clamd finds no signature in it (settings.CLAMD_ADDRESS; none set = no scan). The scan comes
   before any image decoding, so that Pillow never opens a file clamd would have refused, and
   a scanner that cannot be reached refuses the upload (fail closed);
5. photos (JPEG, PNG): only their header is read here, to refuse too many pixels
   (decompression bombs) and a damaged or cut-off file. Decoding them, turning them upright,
   shrinking them to settings.PAPER_IMAGE_MAX_SIDE and dropping their EXIF data (camera,
   place) is the worker's, in its sandbox (digitization.py): an 80 MP photo took seconds and
   hundreds of MB inside the request (security review D8);
6. PDFs: one whose streams inflate to more than PDF_MAX_INFLATION times its size and more
   than PDF_MAX_INFLATED_MB is refused (a decompression bomb, review D2), and what follows its
   last `%%EOF` (a ZIP appended to make a polyglot) is not kept (pdfcheck.py);
7. the bytes go to the default storage under papers/YYYY/MM/<uuid>.<ext>, with a StoredFile.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
import warnings
from collections import deque
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING

import magic
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from . import pdfcheck, scanning
from .checks import EXTENSIONS, JPEG, MEGABYTE, PDF, PNG, Rejected, UploadRules, megabytes
from .models import StoredFile
from .uploads import had_path, without_mark

if TYPE_CHECKING:
    from motcua.accounts.models import User

logger = logging.getLogger(__name__)

NAME_MAX = 150
SNIFF_BYTES = 2048
# A PDF is refused when its streams inflate to more than both of these (review D2).
PDF_MAX_INFLATION = 50  # times the file's size
PDF_MAX_INFLATED_MB = 30
# A drive ("C:"), or a name that is, or starts with, a folder reference ("." or "..").
_PATHLIKE = re.compile(r"^(?:[A-Za-z]:|\.\.?$|\.\.)")
_SUFFIXES = {"application/pdf": {".pdf"}, JPEG: {".jpg", ".jpeg"}, PNG: {".png"}}


def accept(upload: UploadedFile, rules: UploadRules, *, owner: User | None) -> StoredFile:
    """Check, scan and store one upload; the new StoredFile, or Rejected with its reason."""
    filename = clean_filename(upload.name or "")
    _check_size(upload.size, rules, filename)
    content_type = _sniff(upload, rules, filename)
    chunks = _counted_chunks(upload, rules, filename)
    if settings.CLAMD_ADDRESS:
        _scan(chunks, filename)
    else:
        deque(chunks, maxlen=0)  # read through only to count the bytes
    content = _prepared(upload, content_type, filename)
    return StoredFile.store(
        content,
        extension=EXTENSIONS[content_type],
        content_type=content_type,
        filename=with_suffix(filename, content_type),
        owner=owner,
    )


def clean_filename(raw: str) -> str:
    """The name to keep and show: NFC, trimmed, checked. Raises Rejected for a path, a control
    character, an empty name or one over NAME_MAX characters."""
    name = unicodedata.normalize("NFC", without_mark(raw)).strip()
    shown = _shown(name)
    if (
        had_path(raw)
        or any(ch in name for ch in "/\\")
        or _PATHLIKE.match(name)
        or any(unicodedata.category(ch) in ("Cc", "Cf") for ch in name)
    ):
        # Cf covers the right-to-left override that makes "fdp.exe" look like "exe.pdf".
        raise Rejected(
            _(
                "“%(name)s”: the file name contains a path (/, \\, ..) or control "
                "characters. Rename the file and upload it again."
            )
            % {"name": shown}
        )
    if not name:
        raise Rejected(_("The file has no name. Rename it and upload it again."))
    if len(name) > NAME_MAX:
        raise Rejected(
            _(
                "“%(name)s…”: the file name is longer than %(max)d characters. Shorten "
                "it and upload it again."
            )
            % {"name": shown, "max": NAME_MAX}
        )
    return name


def _shown(name: str) -> str:
    """The name as a message may quote it: no control characters, at most 60 characters."""
    visible = "".join("?" if unicodedata.category(ch) in ("Cc", "Cf") else ch for ch in name)
    return visible[:60]


def _too_large(filename: str, rules: UploadRules) -> Rejected:
    return Rejected(
        _(
            "“%(name)s” is larger than %(max)s MB, the largest file accepted. Scan "
            "it at a lower resolution or split it, and upload it again."
        )
        % {"name": filename, "max": megabytes(rules.max_bytes)}
    )


def _check_size(size: int | None, rules: UploadRules, filename: str) -> None:
    if size is not None and size > rules.max_bytes:
        raise _too_large(filename, rules)
    if size == 0:
        raise Rejected(_("“%(name)s” is empty. Choose the file again.") % {"name": filename})


def _sniff(upload: UploadedFile, rules: UploadRules, filename: str) -> str:
    """The content type that the first bytes show, if the slot accepts it."""
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    found = magic.from_buffer(head, mime=True)
    if found not in rules.allowed or found not in EXTENSIONS:
        logger.info("Refused %r: content is %s", filename, found)
        raise Rejected(
            _("“%(name)s” is not a %(kinds)s file. Choose a %(kinds)s file and upload it again.")
            % {"name": filename, "kinds": rules.describe_types()}
        )
    return found


def _scan(chunks: Iterator[bytes], filename: str) -> None:
    try:
        signature = scanning.scan(chunks)
    except scanning.ScannerUnavailable:
        logger.exception("Virus scan unavailable; refused %r", filename)
        raise Rejected(
            _(
                "“%(name)s” could not be checked for viruses just now. Please try "
                "again in a few minutes."
            )
            % {"name": filename}
        ) from None
    if signature:
        logger.warning("Virus scan found %s in %r", signature, filename)
        raise Rejected(
            _(
                "“%(name)s”: the file contains malicious code (%(signature)s) and was "
                "not accepted. Check your device with an antivirus program."
            )
            % {"name": filename, "signature": signature}
        )


def _counted_chunks(upload: UploadedFile, rules: UploadRules, filename: str) -> Iterator[bytes]:
    """The upload's bytes in chunks, refusing it as soon as more than the limit is read."""
    upload.seek(0)
    read = 0
    for chunk in upload.chunks():
        read += len(chunk)
        if read > rules.max_bytes:
            raise _too_large(filename, rules)
        yield chunk


def _prepared(upload: UploadedFile, content_type: str, filename: str) -> IO[bytes]:
    """What to store: a photo as it is once its header passed, a PDF without what follows its
    end (or Rejected when it is a decompression bomb)."""
    if content_type in (JPEG, PNG):
        _check_image_header(upload, filename)
        return upload
    if content_type == PDF:
        return _checked_pdf(upload, filename)
    return upload


def _check_image_header(upload: UploadedFile, filename: str) -> None:
    """Refuse a photo with too many pixels, or whose header or end is damaged. Only the
    header is parsed: decoding is for the worker's sandbox."""
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its limit and twice that: refuse those too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                if image.width * image.height > settings.PAPER_IMAGE_MAX_PIXELS:
                    raise Image.DecompressionBombError(f"{image.width}×{image.height}")
                kind = image.format
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise Rejected(
            _(
                "“%(name)s”: the image has too many pixels to open safely. Take the "
                "photo at a lower resolution and upload it again."
            )
            % {"name": filename}
        ) from None
    except (OSError, SyntaxError, ValueError, UnidentifiedImageError):
        raise _damaged(filename) from None
    if not _has_end(upload, kind):
        raise _damaged(filename)


def _damaged(filename: str) -> Rejected:
    return Rejected(
        _(
            "“%(name)s”: the image is damaged and cannot be read. Take the photo "
            "again and upload it."
        )
        % {"name": filename}
    )


def _has_end(upload: UploadedFile, kind: str | None) -> bool:
    """Whether the photo has the marker that ends its format (a cut-off upload has not):
    JPEG's EOI anywhere (some cameras write data after it), PNG's IEND chunk."""
    marker = {"JPEG": b"\xff\xd9", "PNG": b"IEND"}.get(kind or "")
    if marker is None:
        return True
    upload.seek(0)
    tail = b""
    for chunk in upload.chunks():
        if marker in tail[-3:] + chunk:
            return True
        tail = chunk
    return False


def _checked_pdf(upload: UploadedFile, filename: str) -> IO[bytes]:
    """The PDF without what follows its last `%%EOF`; Rejected when its streams inflate to
    more than PDF_MAX_INFLATION times its size and PDF_MAX_INFLATED_MB."""
    upload.seek(0)
    data = upload.read()  # at most the slot's limit (10 MB): the size was checked
    limit = max(PDF_MAX_INFLATION * len(data), PDF_MAX_INFLATED_MB * MEGABYTE)
    if pdfcheck.inflated_size(data, limit) > limit:
        logger.warning("Refused %r: a PDF decompression bomb (%d bytes)", filename, len(data))
        raise Rejected(
            _(
                "“%(name)s”: the PDF expands to more than %(max)s MB when opened and "
                "cannot be accepted. Print it to PDF again or scan it, and upload it "
                "again."
            )
            % {"name": filename, "max": megabytes(limit)}
        )
    kept = pdfcheck.without_trailing_data(data)
    if len(kept) < len(data):
        logger.info("Stored %r without the %d bytes after its end", filename, len(data) - len(kept))
        return io.BytesIO(kept)
    upload.seek(0)
    return upload


def with_suffix(filename: str, content_type: str) -> str:
    """The name with the suffix of what the file really is: "anh.jpg" holding a PNG becomes
    "anh.png", so that it opens with the right program once downloaded."""
    stem, dot, suffix = filename.rpartition(".")
    suffix = f".{suffix.lower()}" if dot else ""
    if suffix in _SUFFIXES[content_type]:
        return filename
    known = set().union(*_SUFFIXES.values())
    base = stem if suffix in known else filename
    return f"{base}.{EXTENSIONS[content_type]}"

"""What an upload slot accepts: the content types and the largest size, and the refusal.

A required document (thành phần hồ sơ) lists the file types the procedure accepts, as words
("pdf", "jpeg", "png"). They are mapped to MIME types, which intake compares with what the
content itself is (python-magic), never with the file's name or the browser's claim.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"

# The words a procedure's file_types may use; other words (docx, zip, …) are ignored.
TYPE_WORDS = {"pdf": PDF, "jpeg": JPEG, "jpg": JPEG, "png": PNG}
DEFAULT_TYPES = frozenset({PDF, JPEG, PNG})
# What people call each type, in the order messages list them.
LABELS = {PDF: "PDF", JPEG: "JPEG", PNG: "PNG"}
# The extension a stored file gets from its (sniffed) content type.
EXTENSIONS = {PDF: "pdf", JPEG: "jpg", PNG: "png"}
MEGABYTE = 1024 * 1024


class _Procedure(Protocol):
    @property
    def code(self) -> str: ...


class _Version(Protocol):
    @property
    def procedure(self) -> _Procedure: ...


class RequiredDocument(Protocol):
    """What the rules read of a catalog.RequiredDocument (a protocol: no model import here)."""

    @property
    def file_types(self) -> Any: ...

    @property
    def position(self) -> int: ...

    @property
    def version(self) -> _Version: ...


class Rejected(Exception):
    """An upload that is not accepted; `message` tells the person why, naming the file."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class UploadRules:
    """What one upload slot accepts: content (MIME) types, and the largest size in bytes."""

    allowed: frozenset[str]
    max_bytes: int

    def describe_types(self) -> str:
        """The accepted types as people read them: "PDF, JPEG hoặc PNG"."""
        labels = [label for mime, label in LABELS.items() if mime in self.allowed]
        labels += sorted(mime for mime in self.allowed if mime not in LABELS)
        if len(labels) == 1:
            return labels[0]
        return _("%(first)s or %(last)s") % {"first": ", ".join(labels[:-1]), "last": labels[-1]}


def rules_for(required_document: RequiredDocument | None) -> UploadRules:
    """The rules of one required document's slot; None (a free attachment) gets the defaults.

    A document whose file_types name no known type also gets the default types: refusing
    every file would leave the citizen no way to provide the paper.
    """
    if required_document is None:
        return UploadRules(DEFAULT_TYPES, settings.PAPER_MAX_BYTES)
    words = required_document.file_types or []
    allowed = frozenset(TYPE_WORDS[w] for w in (_word(x) for x in words) if w in TYPE_WORDS)
    return UploadRules(allowed or DEFAULT_TYPES, _max_bytes_for(required_document))


def _word(item: object) -> str:
    return str(item).strip().lower().lstrip(".")


def _max_bytes_for(required_document: RequiredDocument) -> int:
    """settings.PAPER_MAX_BYTES_FOR by "<procedure code>/<position>", then by procedure code,
    else settings.PAPER_MAX_BYTES."""
    overrides: dict[str, int] = getattr(settings, "PAPER_MAX_BYTES_FOR", {})
    if overrides:
        code = required_document.version.procedure.code
        for key in (f"{code}/{required_document.position}", code):
            if key in overrides:
                return int(overrides[key])
    return int(settings.PAPER_MAX_BYTES)


def megabytes(size: int) -> str:
    """A size in MB as people read it: "10", "12,5" in Vietnamese (one decimal when needed)."""
    value = round(size / MEGABYTE, 1)
    return number_format(value, decimal_pos=0 if value == int(value) else 1)

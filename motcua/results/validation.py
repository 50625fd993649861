"""Checking a signed PDF with pyHanko: is it intact, does its certificate chain to a trusted
root, and is that certificate revoked according to the CRLs given.

Pure module (no database): the caller passes the trust roots and CRLs (authority.py gives
motcua's own), so checking never reaches the network. The verdict is pyHanko's
`bottom_line`, never `valid` alone: a tampered file keeps `valid` True while `intact` and
`bottom_line` turn False (stack.md §7).
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from dataclasses import dataclass, field
from typing import Any

from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from motcua.lib.aio import run_sync

# pyhanko_certvalidator logs a traceback for every chain it cannot build or finds revoked;
# the report says the same in words, so the traceback is noise in the logs.
logging.getLogger("pyhanko.sign.validation").setLevel(logging.CRITICAL)
logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)

NOT_PDF, UNSIGNED, INVALID, VALID = "not-pdf", "unsigned", "invalid", "valid"


@dataclass(frozen=True)
class SignatureCheck:
    """What pyHanko says of one embedded signature."""

    bottom_line: bool
    intact: bool
    valid: bool
    trusted: bool
    revoked: bool
    covers_whole_file: bool
    modification_level: str
    signer_name: str
    serial: int | None
    signing_time: dt.datetime | None
    summary: str


@dataclass(frozen=True)
class Report:
    """The verdict on one file: VALID only if every signature's bottom line holds."""

    verdict: str
    signatures: list[SignatureCheck] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.verdict == VALID

    @property
    def first(self) -> SignatureCheck | None:
        return self.signatures[0] if self.signatures else None


def check_pdf(data: bytes, trust_roots: list[bytes], crls: list[bytes]) -> Report:
    """Validate every signature of the PDF `data` against DER `trust_roots` and `crls`."""
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except (PdfError, ValueError, KeyError, TypeError, IndexError, OSError):
        return Report(NOT_PDF)
    if not embedded:
        return Report(UNSIGNED)
    roots = [asn1_x509.Certificate.load(der) for der in trust_roots]
    checks = []
    for signature in embedded:
        # A fresh context per signature: a context caches the paths it validated.
        context = ValidationContext(
            trust_roots=roots, crls=crls, allow_fetching=False, revocation_mode="hard-fail"
        )
        checks.append(_check(signature, context))
    verdict = VALID if all(c.bottom_line for c in checks) else INVALID
    return Report(verdict, checks)


def _check(signature: Any, context: ValidationContext) -> SignatureCheck:
    try:
        status = run_sync(lambda: async_validate_pdf_signature(signature, context))
    except (PdfError, ValueError, KeyError, TypeError) as exc:
        return SignatureCheck(
            False, False, False, False, False, False, "", "", None, None, str(exc)
        )
    cert = status.signing_cert
    return SignatureCheck(
        bottom_line=bool(status.bottom_line),
        intact=bool(status.intact),
        valid=bool(status.valid),
        trusted=bool(status.trusted),
        revoked=bool(status.revoked),
        covers_whole_file=status.coverage is not None and status.coverage.name == "ENTIRE_FILE",
        modification_level=status.modification_level.name if status.modification_level else "",
        signer_name=_common_name(cert),
        serial=cert.serial_number if cert else None,
        signing_time=status.signer_reported_dt,
        summary=status.summary(),
    )


def _common_name(cert: asn1_x509.Certificate | None) -> str:
    if cert is None:
        return ""
    native = cert.subject.native
    return str(native.get("common_name") or cert.subject.human_friendly)

"""Verification of a result, by its code or by an uploaded file, in words a person can read.

The technical verdict is pyHanko's (validation.py) against motcua's own roots and CRLs
(authority.py); this module adds what the database knows: the result the code names, and the
revocation (date, reason) of the certificate that signed it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

import magic
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.documents.checks import PDF, Rejected, megabytes
from motcua.documents.intake import SNIFF_BYTES, clean_filename

from .authority import trust_material
from .models import Result, Revocation
from .validation import NOT_PDF, UNSIGNED, VALID, Report, SignatureCheck, check_pdf


@dataclass(frozen=True)
class Verification:
    """A report, what it means (`messages`), and the result and revocation behind it."""

    report: Report
    messages: list[str]
    result: Result | None = None
    revocation: Revocation | None = None
    checks: list[tuple[str, bool]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.report.ok

    @property
    def serial_hex(self) -> str:
        """The first signature's certificate serial as certificates show it (hexadecimal)."""
        first = self.report.first
        return format(first.serial, "X") if first and first.serial is not None else ""


def verify_result(result: Result) -> Verification:
    """Check the stored signed file of `result` as it is today (revocations included)."""
    assert result.signed_file is not None
    with result.signed_file.open() as handle:
        data = handle.read()
    return verify_bytes(data, result=result)


def verify_bytes(data: bytes, *, result: Result | None = None) -> Verification:
    roots, crls = trust_material()
    report = check_pdf(data, roots, crls)
    first = report.first
    revocation = _revocation(first) if first else None
    if result is None and first is not None and first.serial is not None:
        result = _result_signed_with(data)
    return Verification(
        report, _messages(report, revocation), result, revocation, _checks(first) if first else []
    )


def read_upload(upload: UploadedFile) -> bytes:
    """The bytes of an uploaded file to check: a PDF within the size limit, or Rejected."""
    name = clean_filename(upload.name or "")
    limit = int(settings.PAPER_MAX_BYTES)
    if upload.size is not None and upload.size > limit:
        raise Rejected(
            _("“%(name)s” is larger than %(max)s MB, the largest file accepted.")
            % {"name": name, "max": megabytes(limit)}
        )
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise Rejected(
            _("“%(name)s” is larger than %(max)s MB, the largest file accepted.")
            % {"name": name, "max": megabytes(limit)}
        )
    if magic.from_buffer(data[:SNIFF_BYTES], mime=True) != PDF:
        raise Rejected(
            _("“%(name)s” is not a PDF file. Choose the PDF of the result and check it again.")
            % {"name": name}
        )
    return data


def _revocation(check: SignatureCheck) -> Revocation | None:
    if check.serial is None:
        return None
    return (
        Revocation.objects.filter(certificate__serial=str(check.serial))
        .select_related("certificate")
        .first()
    )


def _result_signed_with(data: bytes) -> Result | None:
    """The result whose signed file is exactly these bytes (an untouched copy)."""
    digest = hashlib.sha256(data).hexdigest()
    return (
        Result.objects.filter(sha256=digest)
        .select_related("dossier__procedure_version__procedure", "dossier__competent_agency")
        .first()
    )


def _checks(check: SignatureCheck) -> list[tuple[str, bool]]:
    """The checks the page lists, each passed or failed (shown in words, not colour). The
    certificate is judged only on an intact file: pyHanko stops at a broken signature."""
    checks = [(_("The file has not been changed since it was signed"), check.intact)]
    if check.intact:
        checks += [
            (
                _("The signing certificate chains to a certification authority this system trusts"),
                check.trusted or check.revoked,
            ),
            (_("The signing certificate is not revoked"), not check.revoked),
        ]
    checks.append((_("The signature covers the whole file"), check.covers_whole_file))
    return checks


def _messages(report: Report, revocation: Revocation | None) -> list[str]:
    if report.verdict == NOT_PDF:
        return [_("The file is not a PDF that can be read.")]
    if report.verdict == UNSIGNED:
        return [
            _(
                "The file carries no digital signature: it is not an e-result of this "
                "system, or the signature was removed."
            )
        ]
    if report.verdict == VALID:
        return [
            _(
                "The signature is valid: the file has not been changed since it was "
                "signed, and it was signed with a certificate that is trusted and not "
                "revoked."
            )
        ]
    messages = []
    for check in report.signatures:
        messages.extend(_problems(check, revocation))
    return messages or [_("The signature is not valid.")]


def _problems(check: SignatureCheck, revocation: Revocation | None) -> list[str]:
    problems = []
    if not check.intact:
        problems.append(
            _(
                "The file was changed after it was signed: its content no longer "
                "matches the signature. Do not rely on this copy; ask the issuing "
                "agency, or check the result by its code."
            )
        )
    elif check.revoked:
        problems.append(_revoked_message(revocation))
    elif not check.trusted:
        problems.append(
            _(
                "The signing certificate does not come from a certification "
                "authority this system trusts."
            )
        )
    return problems


def _revoked_message(revocation: Revocation | None) -> str:
    if revocation is None:
        return _("The signing certificate has been revoked; the signature is no longer trusted.")
    return _(
        "The signing certificate was revoked on %(date)s (%(reason)s); the signature is "
        "no longer trusted."
    ) % {"date": _local_date(revocation.revoked_at), "reason": revocation.get_reason_display()}


def _local_date(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y")

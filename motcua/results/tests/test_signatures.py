"""PAdES with pyHanko, without a database: sign with an agency certificate of a throwaway CA,
then validate. The verdict is pyHanko's bottom line; a one-byte tamper and a revoked
certificate both turn it False."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from motcua.documents.pdf import minimal_pdf
from motcua.results import pki
from motcua.results.signing import Pkcs12Key, StampText, open_signer, sign_pdf
from motcua.results.validation import (
    INVALID,
    NOT_PDF,
    UNSIGNED,
    VALID,
    Report,
    SignatureCheck,
    check_pdf,
)

NOW = dt.datetime.now(dt.UTC)
TEXT = StampText(
    signer="Lê Văn Dũng",
    agency="UBND phường Phan Đình Phùng",
    url="https://dichvucong.example.vn/kiem-tra-ket-qua/KQ-1234-5678-9ABC/",
    reason="Phê duyệt kết quả",
    location="Thái Nguyên",
)


@pytest.fixture(scope="module")
def root() -> pki.Issued:
    return pki.make_root("Test DEMO CA", not_before=NOW - dt.timedelta(days=1))


@pytest.fixture(scope="module")
def agency_cert(root: pki.Issued) -> pki.Issued:
    return pki.issue_signing(
        root,
        "UBND phường Phan Đình Phùng (DEMO)",
        crl_url="https://dichvucong.example.vn/pki/demo-ca.crl",
        not_before=NOW - dt.timedelta(days=1),
    )


@pytest.fixture(scope="module")
def signed(root: pki.Issued, agency_cert: pki.Issued, tmp_path_factory) -> bytes:
    p12 = Path(tmp_path_factory.mktemp("pki")) / "agency.p12"
    p12.write_bytes(pki.pkcs12_bytes(agency_cert, [root.certificate], b"mat-khau", "agency"))
    with open_signer(Pkcs12Key(p12, b"mat-khau")) as signer:
        return sign_pdf(minimal_pdf("Quyết định", ["Cấp giấy xác nhận"]), signer, TEXT)


def crl(root: pki.Issued, revoked: list[int]) -> bytes:
    entries = [pki.RevokedEntry(serial, NOW, "key_compromise") for serial in revoked]
    return pki.build_crl(
        root,
        entries,
        number=len(revoked) + 1,
        this_update=NOW,
        next_update=NOW + dt.timedelta(days=7),
    )


def trust(root: pki.Issued) -> list[bytes]:
    return [pki.der_of(root.pem)]


def first(report: Report) -> SignatureCheck:
    assert report.first is not None
    return report.first


def test_a_signed_result_validates_with_pyhanko(signed, root, agency_cert):
    report = check_pdf(signed, trust(root), [crl(root, [])])

    assert report.verdict == VALID
    check = first(report)
    assert check.bottom_line
    assert check.intact
    assert check.trusted
    assert not check.revoked
    assert check.covers_whole_file
    assert check.signer_name == "UBND phường Phan Đình Phùng (DEMO)"
    assert check.serial == agency_cert.certificate.serial_number


def test_a_one_byte_tamper_is_reported_invalid(signed, root):
    tampered = bytearray(signed)
    tampered[signed.index(b"Cap giay xac nhan")] ^= 0x01  # "C" becomes "B"

    report = check_pdf(bytes(tampered), trust(root), [crl(root, [])])

    assert report.verdict == INVALID
    assert first(report).intact is False
    assert first(report).bottom_line is False
    assert first(report).valid is True  # pyHanko's `valid` alone would have missed it


def test_a_revoked_certificate_is_reported_revoked(signed, root, agency_cert):
    report = check_pdf(signed, trust(root), [crl(root, [agency_cert.certificate.serial_number])])

    assert report.verdict == INVALID
    assert first(report).revoked is True
    assert first(report).intact is True


def test_without_our_root_the_signature_is_not_trusted(signed):
    other = pki.make_root("Another CA", not_before=NOW - dt.timedelta(days=1))

    report = check_pdf(signed, trust(other), [])

    assert report.verdict == INVALID
    assert first(report).trusted is False


def test_without_a_crl_the_revocation_state_is_unknown_and_the_verdict_false(signed, root):
    assert check_pdf(signed, trust(root), []).verdict == INVALID


def test_an_unsigned_pdf_and_a_non_pdf_say_so(root):
    assert check_pdf(minimal_pdf("Giấy", []), trust(root), []).verdict == UNSIGNED
    assert check_pdf(b"not a pdf at all", trust(root), []).verdict == NOT_PDF


def test_the_agency_certificate_is_for_signatures_with_the_crl_point(agency_cert):
    from cryptography import x509

    usage = agency_cert.certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature
    assert usage.content_commitment
    assert not usage.key_cert_sign
    points = agency_cert.certificate.extensions.get_extension_for_class(
        x509.CRLDistributionPoints
    ).value
    assert points[0].full_name[0].value == "https://dichvucong.example.vn/pki/demo-ca.crl"


def test_a_wrong_pkcs12_password_is_a_clear_refusal(root, agency_cert, tmp_path):
    from motcua.results.signing import SigningUnavailable

    p12 = tmp_path / "agency.p12"
    p12.write_bytes(pki.pkcs12_bytes(agency_cert, [root.certificate], b"dung", "agency"))
    with pytest.raises((SigningUnavailable, ValueError)), open_signer(Pkcs12Key(p12, b"sai")):
        pass


def test_signing_and_checking_work_where_an_event_loop_already_runs(
    root, agency_cert, signed, tmp_path
):
    """pyHanko is async; an ASGI server or a browser test calls us inside a running loop."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    p12 = tmp_path / "agency.p12"
    p12.write_bytes(pki.pkcs12_bytes(agency_cert, [root.certificate], b"mat-khau", "agency"))

    async def inside_a_loop() -> tuple[bytes, Report]:
        with open_signer(Pkcs12Key(p12, b"mat-khau")) as signer:
            again = sign_pdf(minimal_pdf("Quyết định", ["Cấp giấy xác nhận"]), signer, TEXT)
        return again, check_pdf(signed, trust(root), [crl(root, [])])

    # In a thread of its own: this test's thread may hold a loop already (the browser tests').
    with ThreadPoolExecutor(1) as thread:
        again, report = thread.submit(lambda: asyncio.run(inside_a_loop())).result()
    assert again.startswith(b"%PDF")
    assert report.verdict == VALID

"""The result pages: the officers' draft (scoped with visible_to), the applicant's download,
public verification by code and by file, the CRL and revocation."""

from __future__ import annotations

import pytest
from cryptography import x509
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.accounts.models import User
from motcua.documents.pdf import minimal_pdf
from motcua.results.models import Result, Revocation

from .conftest import approve, signed_file

pytestmark = pytest.mark.usefixtures("demo_catalog")


def pdf_upload(name: str = "quyet-dinh.pdf", text: str = "Noi dung quyet dinh"):
    return SimpleUploadedFile(name, minimal_pdf("Quyet dinh", [text]), "application/pdf")


@pytest.fixture
def signed(dossier, leader_dung, django_capture_on_commit_callbacks) -> Result:
    with django_capture_on_commit_callbacks(execute=True):
        approve(dossier, leader_dung)
    return Result.objects.get(dossier=dossier)


@pytest.fixture
def superuser(db) -> User:
    return User.objects.create_superuser(
        phone="0912000099", full_name="Quản trị hệ thống", password="x"
    )


@pytest.fixture
def other_citizen(db) -> User:
    return User.objects.create_user(phone="0912999888", full_name="Trần Thị Mai")


def test_the_specialist_uploads_the_draft_from_the_result_page(client, dossier, officer_binh):
    client.force_login(officer_binh)
    page = client.get(f"/mot-cua/ho-so/{dossier.code}/ket-qua/")
    assert page.status_code == 200
    assert "Tải lên dự thảo" in page.content.decode()

    response = client.post(
        f"/mot-cua/ho-so/{dossier.code}/ket-qua/tai-len/", {"file": pdf_upload()}
    )

    assert response.status_code == 302
    result = Result.objects.get(dossier=dossier)
    assert not result.generated
    assert result.drafted_by == officer_binh
    draft = client.get(f"/mot-cua/ho-so/{dossier.code}/ket-qua/du-thao.pdf")
    assert draft.status_code == 200
    assert b"Noi dung quyet dinh" in b"".join(draft.streaming_content)


def test_the_specialist_generates_the_draft_from_the_template(client, dossier, officer_binh):
    client.force_login(officer_binh)

    response = client.post(f"/mot-cua/ho-so/{dossier.code}/ket-qua/tao/")

    assert response.status_code == 302
    result = Result.objects.get(dossier=dossier)
    assert result.generated
    with result.document.open() as handle:
        assert handle.read().startswith(b"%PDF")


def test_a_file_that_is_not_a_pdf_is_refused_with_a_reason(client, dossier, officer_binh):
    client.force_login(officer_binh)

    response = client.post(
        f"/mot-cua/ho-so/{dossier.code}/ket-qua/tai-len/",
        {"file": SimpleUploadedFile("anh.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 64)},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "error-summary" in page
    assert "không phải PDF" in page
    assert not Result.objects.filter(dossier=dossier).exists()


def test_a_signed_result_can_no_longer_be_replaced(client, signed, officer_binh):
    client.force_login(officer_binh)
    ref = signed.dossier.code

    response = client.post(f"/mot-cua/ho-so/{ref}/ket-qua/tai-len/", {"file": pdf_upload()})

    assert response.status_code == 400
    assert "đã được ký" in response.content.decode()
    assert Result.objects.get(pk=signed.pk).signed_file_id == signed.signed_file_id


def test_an_officer_of_another_agency_gets_404(client, dossier, officer_chi):
    client.force_login(officer_chi)
    base = f"/mot-cua/ho-so/{dossier.code}/ket-qua/"

    assert client.get(base).status_code == 404
    assert client.post(f"{base}tai-len/", {"file": pdf_upload()}).status_code == 404
    assert client.post(f"{base}tao/").status_code == 404
    assert client.get(f"{base}du-thao.pdf").status_code == 404


def test_a_citizen_gets_403_on_the_officers_pages(client, dossier, citizen_an):
    client.force_login(citizen_an)

    assert client.get(f"/mot-cua/ho-so/{dossier.code}/ket-qua/").status_code == 403


def test_the_officers_dossier_page_shows_the_result_panel(client, signed, officer_binh):
    client.force_login(officer_binh)

    page = client.get(f"/mot-cua/ho-so/{signed.dossier.code}/").content.decode()

    assert signed.code in page
    assert f"/mot-cua/ho-so/{signed.dossier.code}/ket-qua/" in page


def test_the_applicant_downloads_the_signed_result_from_their_dossier_page(
    client, signed, citizen_an
):
    client.force_login(citizen_an)
    ref = signed.dossier.reference

    page = client.get(f"/ho-so-cua-toi/{ref}/").content.decode()
    assert "Tải kết quả đã ký số (PDF)" in page
    assert f"/kiem-tra-ket-qua/{signed.code}/" in page

    download = client.get(f"/ho-so-cua-toi/{ref}/ket-qua.pdf")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"


def test_another_citizen_gets_404_on_the_download(client, signed, other_citizen):
    client.force_login(other_citizen)

    assert client.get(f"/ho-so-cua-toi/{signed.dossier.reference}/ket-qua.pdf").status_code == 404


def test_the_verification_page_shows_a_valid_result_without_personal_data(client, signed):
    response = client.get(f"/kiem-tra-ket-qua/{signed.code}/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Chữ ký hợp lệ" in page
    assert "bottom_line = True" in page
    assert signed.dossier.competent_agency.name in page
    assert signed.dossier.code in page
    assert signed.dossier.applicant_name not in page


def test_an_unknown_code_answers_404_with_a_message(client, db):
    response = client.get("/kiem-tra-ket-qua/KQ-0000-0000-0000/")

    assert response.status_code == 404
    assert "Không có kết quả đã ký nào có mã" in response.content.decode()


def signed_bytes(result: Result) -> bytes:
    with signed_file(result).open() as handle:
        return handle.read()


def test_an_uploaded_untouched_copy_is_valid_and_names_its_result(client, signed):
    upload = SimpleUploadedFile("ket-qua.pdf", signed_bytes(signed), "application/pdf")

    page = client.post("/kiem-tra-ket-qua/", {"file": upload}).content.decode()

    assert "Chữ ký hợp lệ" in page
    assert signed.code in page


def test_an_uploaded_copy_with_one_byte_changed_is_not_valid(client, signed):
    data = bytearray(signed_bytes(signed))
    data[7] ^= 0x01  # the version digit of the "%PDF-1.x" header, inside the signed range
    upload = SimpleUploadedFile("ket-qua.pdf", bytes(data), "application/pdf")

    page = client.post("/kiem-tra-ket-qua/", {"file": upload}).content.decode()

    assert "Không hợp lệ" in page
    assert "Tệp đã bị thay đổi sau khi ký" in page


def test_the_crl_and_the_ca_certificate_are_published(client, demo_ca):
    crl = client.get("/pki/demo-ca.crl")
    assert crl.status_code == 200
    assert crl["Content-Type"] == "application/pkix-crl"
    assert x509.load_der_x509_crl(crl.content).issuer.rfc4514_string().endswith("O=motcua,C=VN")

    cert = client.get("/pki/demo-ca.crt")
    assert (
        x509.load_der_x509_certificate(cert.content).subject
        == x509.load_der_x509_crl(crl.content).issuer
    )


def test_revoking_in_the_admin_puts_the_serial_in_the_crl_and_verification_says_revoked(
    client, signed, superuser
):
    client.force_login(superuser)
    cert = signed.certificate

    response = client.post(
        "/admin/results/revocation/add/",
        {"certificate": cert.pk, "reason": "key_compromise", "note": "Mất token"},
    )

    assert response.status_code == 302
    assert Revocation.objects.get(certificate=cert).revoked_by == superuser
    crl = x509.load_der_x509_crl(client.get("/pki/demo-ca.crl").content)
    assert crl.get_revoked_certificate_by_serial_number(int(cert.serial)) is not None
    page = client.get(f"/kiem-tra-ket-qua/{signed.code}/").content.decode()
    assert "Không hợp lệ" in page
    assert "Chứng thư số ký đã bị thu hồi" in page

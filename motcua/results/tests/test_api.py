"""/api/v1: a dossier's result (metadata, PDF, upload) scoped like the dossier, and public
verification by code and by file."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.accounts.models import ApiToken
from motcua.documents.pdf import minimal_pdf
from motcua.results.models import Result

from .conftest import approve, signed_file

pytestmark = pytest.mark.usefixtures("demo_catalog")


def bearer(user, scope="write"):
    _token, secret = ApiToken.issue(user, "script", scope)
    return {"Authorization": f"Bearer {secret}"}


def pdf(text="Quyet dinh cap phep"):
    return SimpleUploadedFile("kq.pdf", minimal_pdf("Quyet dinh", [text]), "application/pdf")


@pytest.fixture
def signed(dossier, leader_dung, django_capture_on_commit_callbacks) -> Result:
    with django_capture_on_commit_callbacks(execute=True):
        approve(dossier, leader_dung)
    return Result.objects.get(dossier=dossier)


def test_the_specialist_uploads_the_draft(client, dossier, officer_binh):
    response = client.post(
        f"/api/v1/dossiers/{dossier.code}/result", {"file": pdf()}, headers=bearer(officer_binh)
    )

    assert response.status_code == 201
    body = response.json()
    assert body["signed"] is False
    assert body["generated"] is False
    assert body["verification_url"].endswith(f"/kiem-tra-ket-qua/{body['code']}/")


def test_an_upload_that_is_not_a_pdf_answers_422(client, dossier, officer_binh):
    response = client.post(
        f"/api/v1/dossiers/{dossier.code}/result",
        {"file": SimpleUploadedFile("a.pdf", b"hello world " * 10)},
        headers=bearer(officer_binh),
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "file"


def test_an_upload_after_signing_answers_409(client, signed, officer_binh):
    response = client.post(
        f"/api/v1/dossiers/{signed.dossier.code}/result",
        {"file": pdf()},
        headers=bearer(officer_binh),
    )

    assert response.status_code == 409
    assert "đã được ký số" in response.json()["message"]


def test_an_officer_of_another_agency_gets_404(client, signed, officer_chi):
    headers = bearer(officer_chi)
    ref = signed.dossier.code

    assert client.get(f"/api/v1/dossiers/{ref}/result", headers=headers).status_code == 404
    assert client.get(f"/api/v1/dossiers/{ref}/result.pdf", headers=headers).status_code == 404
    assert (
        client.post(f"/api/v1/dossiers/{ref}/result", {"file": pdf()}, headers=headers).status_code
        == 404
    )


def test_the_applicant_reads_the_metadata_and_downloads_the_pdf(client, signed, citizen_an):
    headers = bearer(citizen_an, "read")
    ref = signed.dossier.reference

    body = client.get(f"/api/v1/dossiers/{ref}/result", headers=headers).json()
    assert body["signed"] is True
    assert body["sha256"] == signed.sha256
    assert body["certificate_serial"] == signed.certificate.serial_hex

    download = client.get(f"/api/v1/dossiers/{ref}/result.pdf", headers=headers)
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_the_applicant_cannot_upload_the_result(client, dossier, citizen_an):
    response = client.post(
        f"/api/v1/dossiers/{dossier.reference}/result", {"file": pdf()}, headers=bearer(citizen_an)
    )

    assert response.status_code == 409  # the applicant sees the dossier, not its drafting
    assert "Chỉ chuyên viên hoặc lãnh đạo" in response.json()["message"]


def test_public_verification_by_code(client, signed):
    response = client.get(f"/api/v1/results/{signed.code}/verification")

    body = response.json()
    assert response.status_code == 200
    assert body["verdict"] == "valid"
    assert body["valid"] is True
    assert body["signatures"][0]["bottom_line"] is True
    assert body["issuing_agency"] == signed.dossier.competent_agency.name
    assert body["dossier"] == signed.dossier.code
    assert signed.dossier.applicant_name not in response.content.decode()


def test_an_unknown_code_answers_404(client, db):
    assert client.get("/api/v1/results/KQ-0000-0000-0000/verification").status_code == 404


def test_public_verification_of_a_tampered_file(client, signed):
    with signed_file(signed).open() as handle:
        data = bytearray(handle.read())
    data[7] ^= 0x01

    response = client.post(
        "/api/v1/verifications", {"file": SimpleUploadedFile("kq.pdf", bytes(data))}
    )

    body = response.json()
    assert response.status_code == 200
    assert body["verdict"] == "invalid"
    assert body["signatures"][0]["intact"] is False
    assert any("Tệp đã bị thay đổi sau khi ký" in m for m in body["messages"])

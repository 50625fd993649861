"""The dossier's papers: listed on its page and in the API, downloaded by those who may read it."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from motcua.dossiers.models import Dossier, Paper
from motcua.dossiers.tests.factories import online

from .conftest import bearer

PDF = b"%PDF-1.4\n% giay khai sinh\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def papers(dossier):
    name = default_storage.save("dossiers/papers/khai-sinh.pdf", ContentFile(PDF))
    with_file = Paper.objects.create(
        dossier=dossier, name="Giấy khai sinh (bản sao)", file=name, digitized=True, reused=True
    )
    on_paper = Paper.objects.create(dossier=dossier, name="Sổ hộ khẩu")
    return with_file, on_paper


def test_the_page_lists_the_papers_and_the_e_result(english, dossier, papers, citizen_an):
    with_file, _on_paper = papers
    Dossier.objects.filter(pk=dossier.pk).update(
        e_result_code="KQ-0001", e_result_url="https://kq.example.vn/KQ-0001"
    )
    english.force_login(citizen_an)

    page = english.get(f"/ho-so-cua-toi/{dossier.reference}/").content.decode()

    assert "Giấy khai sinh (bản sao)" in page
    assert f'href="/ho-so-cua-toi/{dossier.reference}/giay-to/{with_file.pk}/"' in page
    assert "Taken from your data repository" in page
    assert "Sổ hộ khẩu" in page
    assert "No electronic copy" in page
    assert "KQ-0001" in page
    assert 'href="https://kq.example.vn/KQ-0001"' in page


def test_a_link_that_is_not_a_web_address_is_not_shown(english, dossier, citizen_an):
    Dossier.objects.filter(pk=dossier.pk).update(
        e_result_code="KQ-2", e_result_url="javascript:alert(1)"
    )
    english.force_login(citizen_an)

    page = english.get(f"/ho-so-cua-toi/{dossier.reference}/").content.decode()

    assert "KQ-2" in page
    assert "javascript:" not in page


def test_the_applicant_downloads_a_paper_as_an_attachment(client, dossier, papers, citizen_an):
    with_file, _on_paper = papers
    client.force_login(citizen_an)

    response = client.get(f"/ho-so-cua-toi/{dossier.reference}/giay-to/{with_file.pk}/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == 'attachment; filename="giay-khai-sinh-ban-sao.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_officer_binh_downloads_it_by_the_dossier_code(client, dossier, papers, officer_binh):
    with_file, _on_paper = papers
    client.force_login(officer_binh)

    response = client.get(f"/ho-so-cua-toi/{dossier.code}/giay-to/{with_file.pk}/")

    assert response.status_code == 200


def test_others_get_404_for_a_paper(client, dossier, papers, other_citizen, officer_chi):
    with_file, _on_paper = papers
    for user in (other_citizen, officer_chi):
        client.force_login(user)
        response = client.get(f"/ho-so-cua-toi/{dossier.reference}/giay-to/{with_file.pk}/")
        assert response.status_code == 404


def test_a_paper_without_a_file_or_of_another_dossier_gets_404(client, dossier, papers, citizen_an):
    _with_file, on_paper = papers
    second = online(citizen_an, when="2026-03-11 10:00")
    elsewhere = Paper.objects.create(dossier=second, name="Giấy khác", file=papers[0].file)
    client.force_login(citizen_an)

    for paper_id in (on_paper.pk, elsewhere.pk, 999_999):
        response = client.get(f"/ho-so-cua-toi/{dossier.reference}/giay-to/{paper_id}/")
        assert response.status_code == 404


def test_a_stored_file_that_went_missing_gets_404(client, dossier, citizen_an):
    lost = Paper.objects.create(dossier=dossier, name="Mất tệp", file="dossiers/papers/lost.pdf")
    client.force_login(citizen_an)

    assert client.get(f"/ho-so-cua-toi/{dossier.reference}/giay-to/{lost.pk}/").status_code == 404


def test_the_api_lists_the_papers_and_serves_the_file(client, dossier, papers, officer_binh):
    with_file, on_paper = papers
    headers = bearer(officer_binh, "read")

    listing = client.get(f"/api/v1/dossiers/{dossier.code}/papers", headers=headers).json()
    url = listing["items"][0]["file_url"]
    download = client.get(url, headers=headers)

    assert (listing["count"], listing["page"]) == (2, 1)
    assert [(p["id"], p["name"], p["reused"], p["has_file"]) for p in listing["items"]] == [
        (with_file.pk, "Giấy khai sinh (bản sao)", True, True),
        (on_paper.pk, "Sổ hộ khẩu", False, False),
    ]
    assert listing["items"][1]["file_url"] is None
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"


def test_the_api_answers_404_to_others_and_for_a_paper_without_a_file(
    client, dossier, papers, officer_chi, other_citizen, citizen_an
):
    with_file, on_paper = papers
    for user in (officer_chi, other_citizen):
        headers = bearer(user)
        assert (
            client.get(f"/api/v1/dossiers/{dossier.reference}/papers", headers=headers).status_code
            == 404
        )
        assert (
            client.get(
                f"/api/v1/dossiers/{dossier.reference}/papers/{with_file.pk}/file", headers=headers
            ).status_code
            == 404
        )
    response = client.get(
        f"/api/v1/dossiers/{dossier.reference}/papers/{on_paper.pk}/file",
        headers=bearer(citizen_an),
    )
    assert response.status_code == 404
    assert response.json()["message"]

"""The officer's dossier page: answers, papers with a viewer, steps, history, messages and
internal notes that neither the applicant nor a consulted agency ever sees."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from motcua.backoffice.models import InternalNote
from motcua.dossiers.models import Paper
from motcua.dossiers.tests.factories import OTHER, agency, at

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_the_page_shows_the_dossier_its_steps_and_history(client, binh_dossier, officer_binh):
    client.force_login(officer_binh)
    page = client.get(f"/mot-cua/ho-so/{binh_dossier.code}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert binh_dossier.reference in text
    assert "Nguyễn Văn An" in text
    assert "Lê Văn Cường" in text  # who forwarded it, in the history
    assert client.get(f"/mot-cua/ho-so/{binh_dossier.reference.lower()}/").status_code == 200


def test_another_agency_gets_404(client, binh_dossier, officer_chi):
    client.force_login(officer_chi)
    assert client.get(f"/mot-cua/ho-so/{binh_dossier.reference}/").status_code == 404


def test_papers_open_inline_in_the_page(client, media, binh_dossier, officer_binh, officer_chi):
    name = default_storage.save("dossiers/papers/to-khai.pdf", ContentFile(PDF))
    paper = Paper.objects.create(dossier=binh_dossier, name="Tờ khai", file=name, digitized=True)
    client.force_login(officer_binh)
    page = client.get(f"/mot-cua/ho-so/{binh_dossier.reference}/").content.decode()
    url = f"/mot-cua/ho-so/{binh_dossier.reference}/giay-to/{paper.pk}/"
    assert f'<iframe src="{url}"' in page
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("inline")
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    client.force_login(officer_chi)
    assert client.get(url).status_code == 404


def test_an_officer_adds_an_internal_note(client, binh_dossier, officer_binh):
    client.force_login(officer_binh)
    response = client.post(
        f"/mot-cua/ho-so/{binh_dossier.reference}/ghi-chu/", {"body": "Đã gọi điện cho ông An."}
    )
    assert response.status_code == 302
    assert InternalNote.objects.get().author == officer_binh
    assert (
        "Đã gọi điện cho ông An."
        in client.get(f"/mot-cua/ho-so/{binh_dossier.reference}/").content.decode()
    )
    empty = client.post(f"/mot-cua/ho-so/{binh_dossier.reference}/ghi-chu/", {"body": " "})
    assert empty.status_code == 200
    assert InternalNote.objects.count() == 1


def test_the_applicant_never_sees_internal_notes(client, binh_dossier, officer_binh, citizen_an):
    InternalNote.objects.create(dossier=binh_dossier, author=officer_binh, body="BÍ-MẬT-NỘI-BỘ")
    client.force_login(citizen_an)
    own_page = client.get(f"/ho-so-cua-toi/{binh_dossier.reference}/")
    assert own_page.status_code == 200
    assert "BÍ-MẬT-NỘI-BỘ" not in own_page.content.decode()
    assert client.get(f"/api/v1/dossiers/{binh_dossier.reference}").status_code == 200
    assert "BÍ-MẬT" not in client.get(f"/api/v1/dossiers/{binh_dossier.reference}").content.decode()
    assert client.get(f"/mot-cua/ho-so/{binh_dossier.reference}/").status_code == 403


def test_a_consulted_agency_sees_the_dossier_but_not_its_notes(
    client, binh_dossier, officer_binh, officer_chi
):
    with time_machine.travel(at("2026-03-03 09:00"), tick=False):
        binh_dossier.apply(
            "consult", by=officer_binh, agency_id=agency(OTHER).pk, due_at=at("2026-03-06 17:00")
        )
    InternalNote.objects.create(dossier=binh_dossier, author=officer_binh, body="BÍ-MẬT-NỘI-BỘ")
    client.force_login(officer_chi)
    page = client.get(f"/mot-cua/ho-so/{binh_dossier.reference}/")
    assert page.status_code == 200
    assert "BÍ-MẬT-NỘI-BỘ" not in page.content.decode()
    assert 'id="ghi-chu"' not in page.content.decode()
    assert (
        client.post(f"/mot-cua/ho-so/{binh_dossier.reference}/ghi-chu/", {"body": "x"}).status_code
        == 404
    )
    assert client.get(f"/api/v1/dossiers/{binh_dossier.reference}/notes").status_code == 404


def test_the_page_says_when_the_dossier_is_late(client, binh_dossier, officer_binh):
    client.force_login(officer_binh)
    with time_machine.travel(binh_dossier.due_at + dt.timedelta(days=1), tick=False):
        page = client.get(f"/mot-cua/ho-so/{binh_dossier.reference}/").content.decode()
    assert 'class="bo-standing bo-late"' in page


def test_an_officer_writes_to_the_applicant(client, binh_dossier, officer_binh):
    client.force_login(officer_binh)
    response = client.post(
        f"/mot-cua/ho-so/{binh_dossier.reference}/trao-doi/",
        {"message-body": "Xin ông bổ sung bản sao giấy khai sinh."},
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    page = client.get(f"/mot-cua/ho-so/{binh_dossier.reference}/").content.decode()
    assert "Xin ông bổ sung bản sao giấy khai sinh." in page

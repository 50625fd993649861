"""The applicant answers a request for supplementary papers in place, on the page or the API."""

from __future__ import annotations

import pytest
from django.test import Client

from motcua.accounts.models import User
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import online

from .conftest import exe, pdf

pytestmark = pytest.mark.django_db
ASKED = "Bổ sung hợp đồng thuê nhà có công chứng."


@pytest.fixture
def asked(demo_catalog: None, citizen_an: User, counter_cuong: User) -> Dossier:
    dossier = online(citizen_an)
    return dossier.apply("request_intake_supplement", by=counter_cuong, note=ASKED)


def test_the_request_shows_on_the_dossier_page(asked: Dossier, citizen_an: User) -> None:
    client = Client()
    client.force_login(citizen_an)
    page = client.get(f"/ho-so-cua-toi/{asked.reference}/").content.decode()
    assert ASKED in page
    assert 'name="papers"' in page


def test_papers_sent_from_the_page_move_the_dossier_back_to_the_counter(
    asked: Dossier, citizen_an: User
) -> None:
    client = Client()
    client.force_login(citizen_an)
    response = client.post(
        f"/ho-so-cua-toi/{asked.reference}/bo-sung/",
        {"papers": [pdf()], "note": "Đã công chứng ngày 1/12."},
    )
    assert response.status_code == 302
    asked.refresh_from_db()
    assert (asked.state, asked.status) == ("submitted", 1)
    assert [p.name for p in asked.papers.all()] == ["hop-dong.pdf"]
    assert asked.transitions.order_by("id").values_list("note", flat=True).last() == (
        "Đã công chứng ngày 1/12."
    )


def test_a_refused_file_is_explained_and_the_note_kept(asked: Dossier, citizen_an: User) -> None:
    client = Client()
    client.force_login(citizen_an)
    response = client.post(
        f"/ho-so-cua-toi/{asked.reference}/bo-sung/", {"papers": [exe()], "note": "Ghi chú của tôi"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "hop-dong.pdf" in page
    assert "Ghi chú của tôi" in page
    asked.refresh_from_db()
    assert asked.state == "intake-supplement"
    assert not asked.papers.exists()


def test_the_api_takes_the_answer_of_the_applicant_only(
    asked: Dossier, citizen_an: User, volunteer_bao: User
) -> None:
    other = Client()
    other.force_login(volunteer_bao)
    url = f"/api/v1/dossiers/{asked.reference}/supplement"
    assert other.post(url, {"papers": [pdf()]}).status_code == 404
    client = Client()
    client.force_login(citizen_an)
    response = client.post(url, {"papers": [pdf()], "note": "Gửi bổ sung"})
    assert response.status_code == 200
    assert response.json()["status"] == 1
    assert client.post(url, {"papers": [pdf()]}).status_code == 409  # nothing is asked now


def test_another_citizen_gets_404_on_the_page(asked: Dossier, volunteer_bao: User) -> None:
    client = Client()
    client.force_login(volunteer_bao)
    assert (
        client.post(f"/ho-so-cua-toi/{asked.reference}/bo-sung/", {"papers": [pdf()]}).status_code
        == 404
    )

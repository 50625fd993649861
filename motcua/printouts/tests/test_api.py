"""GET /api/v1/dossiers/{ref}/forms/{number}.pdf and the ledger, scoped like the dossier."""

from __future__ import annotations

import io

import pytest
import time_machine
from openpyxl import load_workbook

from motcua.dossiers.tests.factories import at, walk_in

from .helpers import flat_text

pytestmark = pytest.mark.usefixtures("demo_catalog")


def test_the_applicant_downloads_their_receipt(client, received, citizen_an):
    client.force_login(citizen_an)

    response = client.get(f"/api/v1/dossiers/{received.reference}/forms/01.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "000.01.31.H19-260302-0001" in flat_text(response.content)


def test_an_officer_of_the_agency_prints_by_code(client, received, officer_binh):
    client.force_login(officer_binh)
    response = client.get("/api/v1/dossiers/000.01.31.H19-260302-0001/forms/06.pdf")
    assert response.status_code == 200


def test_officer_chi_of_another_agency_gets_404(client, received, officer_chi):
    client.force_login(officer_chi)
    response = client.get(f"/api/v1/dossiers/{received.code}/forms/01.pdf")
    assert response.status_code == 404
    assert response.json()["message"]


def test_another_citizen_gets_404(client, counter_cuong, volunteer_bao, received):
    client.force_login(volunteer_bao)
    assert client.get(f"/api/v1/dossiers/{received.code}/forms/01.pdf").status_code == 404


def test_a_form_the_history_does_not_call_for_answers_409_in_vietnamese(
    client, received, counter_cuong
):
    client.force_login(counter_cuong)

    response = client.get(f"/api/v1/dossiers/{received.code}/forms/03.pdf")

    assert response.status_code == 409
    assert "không bị từ chối tiếp nhận" in response.json()["message"]


def test_without_credentials_it_answers_401(client, received):
    assert client.get(f"/api/v1/dossiers/{received.code}/forms/01.pdf").status_code == 401


@pytest.fixture
def ledger_urls(settings):
    """The ledger router mounted as the report asks (motcua/api/urls.py adds it at "/")."""
    from django.urls import clear_url_caches

    settings.ROOT_URLCONF = "motcua.printouts.tests.ledger_urls"
    clear_url_caches()
    yield
    clear_url_caches()


@time_machine.travel("2026-03-20 09:00 +0700", tick=False)
def test_the_ledger_lists_the_units_dossiers_of_the_period(
    client, ledger_urls, returned, counter_cuong, citizen_an
):
    walk_in(counter_cuong, citizen_an, when="2026-04-01 09:00")  # outside the period
    client.force_login(counter_cuong)

    pdf = client.get("/api/v1/ledger.pdf?unit=000.01.31.H19&from=2026-03-01&to=2026-03-31")
    sheet = client.get("/api/v1/ledger.xlsx?unit=000.01.31.H19&from=2026-03-01&to=2026-03-31")

    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    text = flat_text(pdf.content)
    assert "SỔ THEO DÕI HỒ SƠ" in text
    assert "000.01.31.H19-260302-0001" in text
    assert "260401" not in text
    rows = list(load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True))
    assert [r[1] for r in rows[2:]] == ["000.01.31.H19-260302-0001"]
    assert rows[2][4] == at("2026-03-02 09:00").replace(tzinfo=None)


def test_the_ledger_of_another_agency_or_for_a_citizen_is_404(
    client, ledger_urls, officer_chi, citizen_an
):
    client.force_login(officer_chi)
    assert client.get("/api/v1/ledger.pdf?unit=000.01.31.H19").status_code == 404
    client.force_login(citizen_an)
    assert client.get("/api/v1/ledger.xlsx?unit=000.00.33.H19").status_code == 404


def test_a_period_that_ends_before_it_starts_is_refused(client, ledger_urls, counter_cuong):
    client.force_login(counter_cuong)
    response = client.get("/api/v1/ledger.pdf?unit=000.01.31.H19&from=2026-03-31&to=2026-03-01")
    assert response.status_code == 400

"""Petitions for the agency that handles them: the list, the page, and its four steps."""

from __future__ import annotations

import pytest
import time_machine

from motcua.dossiers.tests.factories import at
from motcua.feedback import workflow
from motcua.feedback.models import Petition

pytestmark = pytest.mark.django_db


@pytest.fixture
def petition(binh_dossier, citizen_an) -> Petition:
    with time_machine.travel(at("2026-03-04 09:00"), tick=False):
        return workflow.submit(
            by=citizen_an,
            subject="Chậm trả kết quả",
            content="Hồ sơ của tôi chưa có kết quả.",
            dossier=binh_dossier,
        )


def test_the_agency_lists_its_petitions_and_another_does_not(
    client, petition, officer_binh, officer_chi
):
    client.force_login(officer_binh)
    assert petition.reference in client.get("/mot-cua/phan-anh/").content.decode()
    client.force_login(officer_chi)
    assert petition.reference not in client.get("/mot-cua/phan-anh/").content.decode()
    assert client.get(f"/mot-cua/phan-anh/{petition.reference}/").status_code == 404
    assert (
        client.post(
            f"/mot-cua/phan-anh/{petition.reference}/answer/", {"answer-text": "x"}
        ).status_code
        == 404
    )


def test_an_officer_answers_then_publishes(client, petition, officer_binh):
    client.force_login(officer_binh)
    page = client.get(f"/mot-cua/phan-anh/{petition.reference}/")
    assert page.status_code == 200
    assert "Chậm trả kết quả" in page.content.decode()
    response = client.post(
        f"/mot-cua/phan-anh/{petition.reference}/answer/",
        {"answer-text": "Hồ sơ sẽ có kết quả ngày 10/3."},
    )
    assert response.status_code == 302
    petition.refresh_from_db()
    assert petition.state == "answered"
    assert petition.answered_by == officer_binh
    client.post(f"/mot-cua/phan-anh/{petition.reference}/publish/", {"publish-text": ""})
    petition.refresh_from_db()
    assert petition.state == "published"


def test_a_refusal_needs_a_reason(client, petition, officer_binh):
    client.force_login(officer_binh)
    response = client.post(f"/mot-cua/phan-anh/{petition.reference}/refuse/", {"refuse-text": "  "})
    assert response.status_code == 200
    assert b"error-summary" in response.content
    petition.refresh_from_db()
    assert petition.state == "submitted"


def test_asking_for_more_then_a_step_the_state_no_longer_allows(client, petition, officer_binh):
    client.force_login(officer_binh)
    client.post(
        f"/mot-cua/phan-anh/{petition.reference}/request-more/",
        {"request-more-text": "Xin cho biết số biên nhận."},
    )
    petition.refresh_from_db()
    assert petition.state == "more-info-requested"
    again = client.post(
        f"/mot-cua/phan-anh/{petition.reference}/answer/", {"answer-text": "Trả lời."}
    )
    assert again.status_code == 200
    assert b"error-summary" in again.content

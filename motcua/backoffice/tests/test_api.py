"""/api/v1/queues/{name} and /api/v1/dossiers/{ref}/notes."""

from __future__ import annotations

import pytest
import time_machine

from motcua.accounts.models import ApiToken
from motcua.backoffice.models import InternalNote
from motcua.dossiers.tests.factories import at

pytestmark = pytest.mark.django_db


@time_machine.travel(at("2026-03-03 09:00"), tick=False)
def test_a_queue_answers_the_list_envelope(client, binh_dossier, officer_binh):
    client.force_login(officer_binh)
    body = client.get("/api/v1/queues/mine", {"q": "nguyen van"}).json()
    assert body["count"] == 1
    assert body["page"] == 1
    assert body["page_size"] == 20
    item = body["items"][0]
    assert item["code"] == binh_dossier.code
    assert item["procedure"] == "1.004222"
    assert client.get("/api/v1/queues/mine", {"status": 9}).json()["count"] == 0
    assert client.get("/api/v1/queues/nowhere").status_code == 404
    assert client.get("/api/v1/queues/mine", {"status": 11}).status_code == 422


def test_citizens_and_visitors_have_no_queue(client, citizen_an):
    assert client.get("/api/v1/queues/mine").status_code == 401
    client.force_login(citizen_an)
    assert client.get("/api/v1/queues/mine").status_code == 403


def test_notes_are_written_and_read_by_handling_officers(
    client, binh_dossier, officer_binh, leader_dung
):
    client.force_login(officer_binh)
    created = client.post(
        f"/api/v1/dossiers/{binh_dossier.code}/notes",
        {"body": "Cần xác minh nơi cư trú."},
        content_type="application/json",
    )
    assert created.status_code == 201
    assert created.json()["author"] == "Phạm Thị Bình"
    client.force_login(leader_dung)
    listed = client.get(f"/api/v1/dossiers/{binh_dossier.reference}/notes").json()
    assert listed["count"] == 1
    assert listed["items"][0]["body"] == "Cần xác minh nơi cư trú."


def test_notes_are_404_for_the_applicant_and_another_agency(
    client, binh_dossier, citizen_an, officer_chi, officer_binh
):
    InternalNote.objects.create(dossier=binh_dossier, author=officer_binh, body="nội bộ")
    for user in (citizen_an, officer_chi):
        client.force_login(user)
        assert client.get(f"/api/v1/dossiers/{binh_dossier.reference}/notes").status_code == 404
        assert (
            client.post(
                f"/api/v1/dossiers/{binh_dossier.reference}/notes",
                {"body": "x"},
                content_type="application/json",
            ).status_code
            == 404
        )


def test_a_read_token_may_not_write_a_note(client, binh_dossier, officer_binh):
    _token, raw = ApiToken.issue(officer_binh, "đọc")
    headers = {"Authorization": f"Bearer {raw}"}
    assert (
        client.get(f"/api/v1/dossiers/{binh_dossier.reference}/notes", headers=headers).status_code
        == 200
    )
    assert (
        client.post(
            f"/api/v1/dossiers/{binh_dossier.reference}/notes",
            {"body": "x"},
            content_type="application/json",
            headers=headers,
        ).status_code
        == 403
    )


def test_a_session_without_the_second_factor_is_refused_where_the_policy_applies(
    client, binh_dossier, officer_binh, settings
):
    settings.STAFF_OTP_REQUIRED = True
    client.force_login(officer_binh)
    assert client.get("/api/v1/queues/mine").status_code == 401
    assert client.get(f"/api/v1/dossiers/{binh_dossier.reference}/notes").status_code == 401

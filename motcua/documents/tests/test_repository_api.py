"""/api/v1/me/repository: a citizen lists and downloads her own repository papers only."""

from __future__ import annotations

import pytest

from motcua.accounts.models import ApiToken, User
from motcua.documents.repository import seed_demo_repository

pytestmark = pytest.mark.django_db
AN = "019085001234"


@pytest.fixture
def an(citizen_an, give_id_number):
    seed_demo_repository()
    give_id_number(citizen_an, AN)
    return citizen_an


def test_citizen_an_lists_her_repository_papers(client, an):
    client.force_login(an)

    body = client.get("/api/v1/me/repository").json()

    assert body["count"] == 4
    assert body["page"] == 1
    titles = [item["title"] for item in body["items"]]
    assert "Giấy khai sinh" in titles
    birth = next(item for item in body["items"] if item["title"] == "Giấy khai sinh")
    assert birth["kind"] == "verified"
    assert birth["from_national"] is True
    assert birth["content_type"] == "application/pdf"
    assert birth["size"] > 0
    assert "file" not in birth
    assert not any("repository/" in str(v) for v in birth.values())


def test_citizen_an_downloads_her_paper_with_a_token(client, an):
    ref = seed_ref(client, an)
    _token, secret = ApiToken.issue(an, "phone app")
    client.logout()

    response = client.get(
        f"/api/v1/me/repository/{ref}/file", headers={"Authorization": f"Bearer {secret}"}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_another_citizen_gets_an_empty_list_and_404(client, an, volunteer_bao, give_id_number):
    ref = seed_ref(client, an)
    give_id_number(volunteer_bao, "001190004321")
    client.force_login(volunteer_bao)

    assert client.get("/api/v1/me/repository").json() == {
        "items": [],
        "count": 0,
        "page": 1,
        "page_size": 20,
    }
    response = client.get(f"/api/v1/me/repository/{ref}/file")
    assert response.status_code == 404
    assert response.json()["message"]


def test_an_account_without_id_number_has_an_empty_repository(
    client, an, volunteer_bao, give_id_number
):
    ref = seed_ref(client, an)
    give_id_number(volunteer_bao, "")
    client.force_login(volunteer_bao)

    assert client.get("/api/v1/me/repository").json()["count"] == 0
    assert client.get(f"/api/v1/me/repository/{ref}/file").status_code == 404


def test_an_unknown_reference_answers_404(client, an):
    client.force_login(an)

    assert client.get("/api/v1/me/repository/nothing/file").status_code == 404


def test_without_credentials_it_answers_401(client):
    assert client.get("/api/v1/me/repository").status_code == 401


def seed_ref(client, user) -> str:
    client.force_login(user)
    return client.get("/api/v1/me/repository").json()["items"][0]["ref"]


def test_a_number_typed_into_a_profile_opens_no_repository(client, citizen_an):
    seed_demo_repository()
    User.objects.filter(pk=citizen_an.pk).update(id_number=AN, vneid_verified_at=None)
    client.force_login(citizen_an)

    assert client.get("/api/v1/me/repository").json()["count"] == 0

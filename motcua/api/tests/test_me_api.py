import pytest

from motcua.accounts.models import ApiToken

pytestmark = pytest.mark.django_db


def test_a_bearer_token_identifies_its_user(client, officer_binh):
    _token, secret = ApiToken.issue(officer_binh, "script")

    body = client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).json()

    assert body["full_name"] == "Phạm Thị Bình"
    assert body["memberships"][0]["agency"] == "000.00.31.H19"


def test_without_credentials_it_answers_401_with_a_message(client):
    response = client.get("/api/v1/me", headers={"Authorization": "Bearer mc00.nothing"})

    assert response.status_code == 401
    assert response.json()["message"]


def test_a_signed_in_user_creates_lists_and_revokes_tokens(client, citizen_an):
    client.force_login(citizen_an)

    created = client.post(
        "/api/v1/me/tokens",
        {"name": "phone app", "scope": "write"},
        content_type="application/json",
    )
    assert created.status_code == 201
    secret = created.json()["token"]
    prefix = created.json()["prefix"]
    assert [t["prefix"] for t in client.get("/api/v1/me/tokens").json()] == [prefix]

    revoked = client.delete(f"/api/v1/me/tokens/{prefix}")
    assert revoked.status_code == 204
    client.logout()
    assert (
        client.get(
            "/api/v1/me",
            headers={"Authorization": f"Bearer {secret}"},
        ).status_code
        == 401
    )


def test_a_token_cannot_mint_more_tokens(client, citizen_an):
    _token, secret = ApiToken.issue(citizen_an, "script", "write")

    response = client.post(
        "/api/v1/me/tokens",
        {"name": "more"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )

    assert response.status_code == 401


def test_a_read_token_cannot_revoke(client, citizen_an):
    token, secret = ApiToken.issue(citizen_an, "reader")

    response = client.delete(
        f"/api/v1/me/tokens/{token.prefix}", headers={"Authorization": f"Bearer {secret}"}
    )

    assert response.status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None


def test_someone_elses_token_is_404(client, citizen_an, officer_binh):
    token, _secret = ApiToken.issue(officer_binh, "binh's")
    client.force_login(citizen_an)

    assert client.delete(f"/api/v1/me/tokens/{token.prefix}").status_code == 404

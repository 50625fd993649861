"""GET/PATCH /api/v1/me: the profile through the API, with the page's rules."""

from __future__ import annotations

import pytest
from django.utils import timezone

from motcua.accounts import organisations
from motcua.accounts.models import ApiToken

pytestmark = pytest.mark.django_db


def patch(client, body, **headers):
    return client.patch("/api/v1/me", body, content_type="application/json", headers=headers)


def test_get_shows_the_profile(client, demo_agencies, citizen_an):
    organisations.declare(citizen_an, tax_code="4600123456", name="Công ty A", title="Giám đốc")
    client.force_login(citizen_an)

    body = client.get("/api/v1/me").json()

    assert (body["id_number"], body["date_of_birth"], body["sex"]) == (
        "019085001234",
        "1985-03-12",
        "male",
    )
    assert body["commune"]["code"] == "05443"
    assert body["vneid_verified"] is False
    assert body["locked_fields"] == []
    assert body["acting_for"] == [{"name": "Công ty A", "tax_code": "4600123456", "address": ""}]


def test_patch_changes_only_what_is_sent(client, demo_agencies, citizen_an):
    client.force_login(citizen_an)

    response = patch(client, {"address": "Tổ 9", "commune": "5467"})

    assert response.status_code == 200
    assert response.json()["commune"]["code"] == "05467"
    citizen_an.refresh_from_db()
    assert (citizen_an.address, citizen_an.id_number) == ("Tổ 9", "019085001234")


def test_a_number_that_disagrees_is_422_with_the_explanation(client, citizen_an):
    client.force_login(citizen_an)

    response = patch(client, {"date_of_birth": "1990-03-12"})

    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [e["field"] for e in errors] == ["payload.id_number"]
    assert "«85»" in errors[0]["message"]


def test_an_unknown_commune_is_422(client, citizen_an):
    client.force_login(citizen_an)

    response = patch(client, {"commune": "99999"})

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "payload.commune"


def test_what_vneid_vouches_for_is_409(client, citizen_an):
    citizen_an.vneid_verified_at = timezone.now()
    citizen_an.save()
    client.force_login(citizen_an)

    refused = patch(client, {"full_name": "Someone Else"})
    same = patch(client, {"full_name": "Nguyễn Văn An", "address": "Tổ 3"})

    assert refused.status_code == 409
    assert "VNeID" in refused.json()["message"]
    assert same.status_code == 200
    assert same.json()["locked_fields"] == ["date_of_birth", "full_name", "id_number", "sex"]


def test_a_read_token_cannot_patch(client, citizen_an):
    _token, secret = ApiToken.issue(citizen_an, "reader")

    response = patch(client, {"address": "Tổ 3"}, Authorization=f"Bearer {secret}")

    assert response.status_code == 403


def test_a_write_token_can_patch(client, citizen_an):
    _token, secret = ApiToken.issue(citizen_an, "app", "write")

    response = patch(
        client, {"sex": "male", "id_number": "019 085 001 234"}, Authorization=f"Bearer {secret}"
    )

    assert response.status_code == 200
    assert response.json()["id_number"] == "019085001234"

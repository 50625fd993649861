"""Officers act on dossiers through the API, with the same rules and scopes as everywhere."""

import pytest

from motcua.accounts.models import ApiToken
from motcua.dossiers.tests.factories import COMMITTEE, walk_in

pytestmark = pytest.mark.usefixtures("demo_catalog")


def bearer(user, scope="write"):
    _token, secret = ApiToken.issue(user, "script", scope)
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def dossier(counter_cuong, citizen_an):
    return walk_in(counter_cuong, citizen_an, when="2026-03-02 09:00")


def post(client, path, body, headers):
    return client.post(path, body, content_type="application/json", headers=headers)


def test_a_counter_officer_forwards_a_dossier_with_a_token(client, dossier, counter_cuong):
    response = post(
        client,
        f"/api/v1/dossiers/{dossier.code}/actions/forward",
        {"agency": COMMITTEE},
        bearer(counter_cuong),
    )

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == 4
    assert body["steps"][-1]["agency"]["code"] == COMMITTEE


def test_a_guard_refusal_answers_409_with_its_reason(client, dossier, counter_cuong):
    response = post(
        client,
        f"/api/v1/dossiers/{dossier.reference}/actions/refuse_at_intake",
        {},
        bearer(counter_cuong),
    )

    assert response.status_code == 409
    assert "Không thể thực hiện" in response.json()["message"]


def test_a_missing_reason_is_explained(client, dossier, counter_cuong, officer_binh):
    post(
        client,
        f"/api/v1/dossiers/{dossier.code}/actions/forward",
        {"agency": COMMITTEE},
        bearer(counter_cuong),
    )

    response = post(
        client, f"/api/v1/dossiers/{dossier.code}/actions/stop", {}, bearer(counter_cuong)
    )

    assert response.status_code == 409
    assert response.json()["message"] == "Phải nêu lý do dừng giải quyết hồ sơ (Mẫu 05)."


def test_officer_chi_of_another_agency_gets_404(client, dossier, officer_chi):
    response = post(
        client,
        f"/api/v1/dossiers/{dossier.code}/actions/forward",
        {"agency": COMMITTEE},
        bearer(officer_chi),
    )

    assert response.status_code == 404
    dossier.refresh_from_db()
    assert dossier.status == 2


def test_a_read_only_token_may_not_act(client, dossier, counter_cuong):
    response = post(
        client,
        f"/api/v1/dossiers/{dossier.code}/actions/forward",
        {"agency": COMMITTEE},
        bearer(counter_cuong, "read"),
    )

    assert response.status_code == 403


def test_an_unknown_event_or_agency_answers_422(client, dossier, counter_cuong):
    headers = bearer(counter_cuong)
    assert (
        post(client, f"/api/v1/dossiers/{dossier.code}/actions/teleport", {}, headers).status_code
        == 422
    )
    assert (
        post(
            client,
            f"/api/v1/dossiers/{dossier.code}/actions/forward",
            {"agency": "000.00.99.H19"},
            headers,
        ).status_code
        == 422
    )


def test_the_applicant_asks_to_withdraw_through_the_api(client, dossier, citizen_an):
    response = post(
        client,
        f"/api/v1/dossiers/{dossier.code}/actions/request_withdrawal",
        {"note": "Tôi đã chuyển nơi ở"},
        bearer(citizen_an),
    )

    assert response.status_code == 200
    assert response.json()["status"] == 7

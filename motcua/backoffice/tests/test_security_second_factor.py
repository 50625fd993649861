"""Security review D1 and D3: where the policy asks for a second factor, a password alone opens
nothing for an officer: not the citizen sign-in, not the API, not a new API token, not /admin/.
Each test follows the review's reproduction with the policy on."""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts.demo import DEMO_PASSWORD
from motcua.accounts.models import ApiToken, User
from motcua.backoffice.models import StaffSecurity

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _policy_on(settings):
    settings.STAFF_OTP_REQUIRED = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def code_of(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"


def signed_in_with_both_factors(client: Client, user: User, login: str, next_: str = "") -> None:
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client.post("/mot-cua/dang-nhap/", {"login": login, "password": DEMO_PASSWORD, "next": next_})
    response = client.post("/mot-cua/dang-nhap/ma-xac-thuc/", {"code": code_of(device)})
    assert response.status_code == 302, response.content[:300]


def test_d1_an_officer_cannot_sign_in_on_the_citizen_page(client, officer_chi):
    response = client.post("/dang-nhap/", {"login": "0912000005", "password": DEMO_PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert b'href="/mot-cua/dang-nhap/"' in response.content
    assert client.get("/api/v1/dossiers").status_code == 401


def test_d1_the_review_reproduction_gets_no_dossiers_and_no_token(client, officer_chi):
    client.post("/dang-nhap/", {"login": "0912000005", "password": DEMO_PASSWORD})
    assert client.get("/api/v1/dossiers").status_code == 401
    minted = client.post(
        "/api/v1/me/tokens", {"name": "x", "scope": "write"}, content_type="application/json"
    )
    assert minted.status_code == 401
    assert not ApiToken.objects.filter(user=officer_chi).exists()


def test_d1_a_staff_session_opened_with_a_password_only_is_no_session(
    client, officer_chi, binh_dossier
):
    client.force_login(officer_chi)  # as if a way in forgot to ask for the second factor
    for url in (
        "/api/v1/dossiers",
        f"/api/v1/dossiers/{binh_dossier.reference}",
        "/api/v1/queues/team",
        "/api/v1/me",
    ):
        assert client.get(url).status_code == 401, url
    posted = client.post(
        f"/api/v1/dossiers/{binh_dossier.reference}/messages",
        {"body": "x"},
        content_type="application/json",
    )
    assert posted.status_code == 401
    assert client.get("/mot-cua/")["Location"].startswith("/mot-cua/dang-nhap/")


def test_d1_the_officer_own_policy_counts_when_the_general_one_is_off(
    client, officer_chi, settings
):
    settings.STAFF_OTP_REQUIRED = False
    StaffSecurity.objects.create(user=officer_chi, require_second_factor=True)
    client.force_login(officer_chi)
    assert client.get("/api/v1/dossiers").status_code == 401


def test_d1_after_both_factors_the_api_answers_and_a_token_may_be_minted(client, officer_chi):
    signed_in_with_both_factors(client, officer_chi, "0912000005")
    assert client.get("/api/v1/dossiers").status_code == 200
    minted = client.post(
        "/api/v1/me/tokens", {"name": "x", "scope": "read"}, content_type="application/json"
    )
    assert minted.status_code == 201
    token = minted.json()["token"]
    assert (
        Client().get("/api/v1/queues/team", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
    )


def test_d1_without_the_policy_an_officer_password_session_still_works(
    client, officer_chi, settings
):
    settings.STAFF_OTP_REQUIRED = False
    client.force_login(officer_chi)
    assert client.get("/api/v1/dossiers").status_code == 200


def test_d1_citizens_are_not_touched_by_the_staff_policy(client, citizen_an):
    response = client.post("/dang-nhap/", {"login": "0912000001", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.get("/api/v1/dossiers").status_code == 200


def test_d3_the_admin_has_no_password_form_of_its_own(client, admin_em):
    page = client.get("/admin/login/?next=/admin/accounts/user/")
    assert page.status_code == 302
    assert page["Location"] == "/mot-cua/dang-nhap/?next=%2Fadmin%2Faccounts%2Fuser%2F"
    posted = client.post("/admin/login/", {"username": "0912000007", "password": DEMO_PASSWORD})
    assert posted.status_code == 302
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


def test_d3_the_admin_requires_the_second_factor(client, admin_em):
    client.force_login(admin_em)
    assert client.get("/admin/accounts/user/").status_code == 302
    verified = Client()
    signed_in_with_both_factors(verified, admin_em, "0912000007", next_="/admin/")
    assert verified.get("/admin/accounts/user/").status_code == 200


def test_d3_the_admin_sign_in_is_rate_limited_like_the_others(client, admin_em, settings):
    settings.LOGIN_RATE = (10, 600)
    for _ in range(10):
        client.post(
            "/mot-cua/dang-nhap/", {"login": "0912000007", "password": "wrong", "next": "/admin/"}
        )
    response = client.post(
        "/mot-cua/dang-nhap/", {"login": "0912000007", "password": DEMO_PASSWORD, "next": "/admin/"}
    )
    assert response.status_code == 200
    assert "backoffice_pending" not in client.session

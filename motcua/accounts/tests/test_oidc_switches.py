"""What OIDC_ENABLED and OIDC_STANDIN turn on, and the stand-in's checks of a request."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

pytestmark = pytest.mark.django_db

VNEID_BUTTON = "/oidc/authenticate/"


def authorize_url(**overrides: str) -> str:
    params = {
        "response_type": "code",
        "client_id": "motcua-demo",
        "scope": "openid profile",
        "redirect_uri": "http://testserver/oidc/callback/",
        "state": "s1",
        "nonce": "n1",
        **overrides,
    }
    return f"/dev-idp/authorize/?{urlencode(params)}"


@pytest.fixture
def standin(settings):
    settings.OIDC_STANDIN = True
    settings.OIDC_STANDIN_CLIENT_ID = "motcua-demo"


def test_the_sign_in_page_offers_vneid_only_when_enabled(client, settings):
    settings.OIDC_ENABLED = False
    assert VNEID_BUTTON not in client.get("/dang-nhap/").content.decode()
    assert client.get(VNEID_BUTTON).status_code == 404
    assert client.get("/oidc/callback/?code=x&state=y").status_code == 404

    settings.OIDC_ENABLED = True
    page = client.get("/dang-nhap/?next=/thu-tuc/").content.decode()
    assert f"{VNEID_BUTTON}?next=/thu-tuc/" in page


def test_the_next_page_survives_the_trip_to_the_provider(client, settings):
    settings.OIDC_ENABLED = True

    response = client.get(f"{VNEID_BUTTON}?next=/thu-tuc/")

    assert response.status_code == 302
    assert client.session["oidc_login_next"] == "/thu-tuc/"
    assert "code_challenge=" in response["Location"]


def test_the_stand_in_is_off_unless_asked_for(client, settings):
    settings.OIDC_STANDIN = False

    assert client.get(authorize_url()).status_code == 404
    assert client.get("/dev-idp/.well-known/openid-configuration").status_code == 404
    assert client.get("/dev-idp/jwks/").status_code == 404


def test_the_stand_in_shows_its_demo_identities(client, standin):
    page = client.get(authorize_url()).content.decode()

    assert "019085001234" in page
    assert 'name="decision" value="allow"' in page


def test_an_unknown_client_is_told_so_and_not_redirected(client, standin):
    response = client.get(authorize_url(client_id="someone-else"))

    assert response.status_code == 400


def test_it_never_redirects_to_a_foreign_address(client, standin):
    response = client.get(authorize_url(redirect_uri="https://evil.example/oidc/callback/"))

    assert response.status_code == 400


def test_a_request_without_openid_scope_goes_back_with_an_error(client, standin):
    response = client.get(authorize_url(scope="profile"))

    assert response.status_code == 302
    assert response["Location"] == ("http://testserver/oidc/callback/?error=invalid_scope&state=s1")


def test_the_consent_page_may_send_the_browser_back_to_the_client(client, standin):
    response = client.get(authorize_url(redirect_uri="http://localhost:8001/oidc/callback/"))

    assert "form-action 'self' http://localhost:8001" in response["Content-Security-Policy"]

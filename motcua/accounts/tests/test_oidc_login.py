"""Log-in through VNeID, end to end: the relying party (mozilla-django-oidc and VneidBackend)
talks real HTTP to the stand-in provider on the live server: token, UserInfo and JWKS.

The browser's part is played by two clients: Django's test client on the relying party's
side (the session with state and nonce) and a `requests` session on the provider's pages.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import pytest
import requests

from motcua.accounts.models import ExternalIdentity, User

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def vneid(settings, live_server):
    """The relying party pointed at the stand-in served by the live server."""
    idp = f"{live_server.url}/dev-idp"
    settings.OIDC_ENABLED = True
    settings.OIDC_STANDIN = True
    settings.OIDC_OP_ISSUER = idp
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{idp}/authorize/"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{idp}/token/"
    settings.OIDC_OP_USER_ENDPOINT = f"{idp}/userinfo/"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{idp}/jwks/"
    settings.OIDC_RP_CLIENT_ID = settings.OIDC_STANDIN_CLIENT_ID = "motcua-test"
    settings.OIDC_RP_CLIENT_SECRET = settings.OIDC_STANDIN_CLIENT_SECRET = "test-secret"
    return idp


def go_to_provider(client) -> str:
    """Press "Sign in with VNeID": the relying party redirects to the provider."""
    response = client.get("/oidc/authenticate/")
    assert response.status_code == 302
    return response["Location"]


def agree(authorize_url: str, identity: str, decision: str = "allow") -> str:
    """On the provider's page, choose a demo identity and press "Đồng ý"; return where the
    provider sends the browser back to (the relying party's callback)."""
    browser = requests.Session()
    page = browser.get(authorize_url, timeout=10)
    assert page.status_code == 200
    assert identity in page.text
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert csrf is not None
    params = {name: values[0] for name, values in parse_qs(urlsplit(authorize_url).query).items()}
    answer = browser.post(
        authorize_url.split("?")[0],
        data={
            **params,
            "csrfmiddlewaretoken": csrf.group(1),
            "identity": identity,
            "decision": decision,
        },
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 302
    return answer.headers["Location"]


def come_back(client, callback_url: str):
    parts = urlsplit(callback_url)
    assert parts.path == "/oidc/callback/"
    return client.get(f"{parts.path}?{parts.query}")


def with_param(url: str, name: str, value: str) -> str:
    parts = urlsplit(url)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    return urlunsplit(parts._replace(query=urlencode({**query, name: value})))


def sign_in_with_vneid(client, identity: str):
    return come_back(client, agree(go_to_provider(client), identity))


def test_a_new_citizen_is_created_signed_in_and_verified(vneid, client):
    response = sign_in_with_vneid(client, "hoa")

    assert response.status_code == 302
    assert response["Location"] == "/ho-so-cua-toi/"
    hoa = User.objects.get(id_number="019196001122")
    assert (hoa.full_name, hoa.phone, hoa.email, hoa.kind) == (
        "Lý Thị Hoa",
        "0912000099",
        "hoa@example.vn",
        "citizen",
    )
    assert str(hoa.date_of_birth) == "1996-05-20"
    assert hoa.sex == "female"
    assert hoa.vneid_verified
    assert not hoa.has_usable_password()
    me = client.get("/api/v1/me").json()
    assert me["full_name"] == "Lý Thị Hoa"
    assert me["vneid_verified"] is True


def test_a_second_log_in_finds_the_same_user(vneid, client, django_user_model):
    sign_in_with_vneid(client, "hoa")
    first = User.objects.get(id_number="019196001122")
    client.logout()

    response = sign_in_with_vneid(client, "hoa")

    assert response["Location"] == "/ho-so-cua-toi/"
    assert django_user_model.objects.filter(id_number="019196001122").count() == 1
    assert client.get("/api/v1/me").json()["email"] == first.email
    assert ExternalIdentity.objects.get(provider="vneid").user == first


def test_citizen_an_lands_in_her_existing_account(vneid, client, citizen_an):
    sign_in_with_vneid(client, "an")

    citizen_an.refresh_from_db()
    assert citizen_an.vneid_verified
    assert client.get("/api/v1/me").json()["phone"] == "0912000001"
    assert User.objects.count() == 1


def test_a_wrong_state_is_refused(vneid, client):
    callback = agree(go_to_provider(client), "hoa")

    response = come_back(client, with_param(callback, "state", "forged-state"))

    assert response["Location"] == "/dang-nhap/"
    assert client.get("/api/v1/me").status_code == 401
    assert not User.objects.exists()


def test_a_wrong_nonce_is_refused(vneid, client):
    authorize_url = with_param(go_to_provider(client), "nonce", "replayed-nonce")

    response = come_back(client, agree(authorize_url, "hoa"))

    assert response["Location"] == "/dang-nhap/"
    assert client.get("/api/v1/me").status_code == 401
    assert not User.objects.exists()
    page = client.get("/dang-nhap/")
    assert "VNeID" in page.content.decode()


def test_a_code_is_used_only_once(vneid, client):
    callback = agree(go_to_provider(client), "hoa")
    come_back(client, callback)
    client.logout()

    assert come_back(client, callback)["Location"] == "/dang-nhap/"


def test_the_stand_in_refuses_a_wrong_client_secret(vneid, client, settings):
    settings.OIDC_RP_CLIENT_SECRET = "not-the-secret"
    callback = agree(go_to_provider(client), "hoa")
    code = parse_qs(urlsplit(callback).query)["code"][0]

    response = come_back(client, callback)

    assert response["Location"] == "/dang-nhap/"
    assert not User.objects.exists()
    direct = requests.post(
        f"{vneid}/token/",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "client_id": "motcua-test",
            "client_secret": "guess",
            "redirect_uri": "http://testserver/oidc/callback/",
        },
        timeout=10,
    )
    assert direct.status_code == 401
    assert direct.json() == {"error": "invalid_client"}


def test_refusing_on_the_provider_page_signs_nobody_in(vneid, client):
    callback = agree(go_to_provider(client), "hoa", decision="deny")

    assert "error=access_denied" in callback
    assert come_back(client, callback)["Location"] == "/dang-nhap/"
    assert client.get("/api/v1/me").status_code == 401


def test_a_level_1_account_fills_the_profile_without_verifying_it(vneid, client):
    sign_in_with_vneid(client, "khoa")

    khoa = User.objects.get(phone="0912000098")
    assert khoa.id_number == "019201005678"
    assert khoa.email is None
    assert not khoa.vneid_verified


def test_the_provider_publishes_its_configuration_and_keys(vneid):
    configuration = requests.get(f"{vneid}/.well-known/openid-configuration", timeout=10).json()
    keys = requests.get(configuration["jwks_uri"], timeout=10).json()["keys"]

    assert configuration["issuer"] == vneid
    assert configuration["token_endpoint"] == f"{vneid}/token/"
    assert [(key["kty"], key["alg"], key["use"]) for key in keys] == [("RSA", "RS256", "sig")]


def test_userinfo_needs_a_valid_bearer_token(vneid):
    response = requests.get(
        f"{vneid}/userinfo/", headers={"Authorization": "Bearer nope"}, timeout=10
    )

    assert response.status_code == 401

"""A small OpenID Connect provider standing in for VNeID, for the demo and the tests.

It speaks the authorization-code flow of OpenID Connect Core 1.0 as a real provider does:
discovery, an authorization page where the person picks one of a few demo identities and
agrees, a token endpoint that checks the client's secret, the code, its redirect URI (and the
PKCE verifier when a challenge was sent), RS256-signed ID tokens with iss/aud/exp/iat/nonce,
UserInfo behind a Bearer access token, and the JSON Web Key Set. Codes and access tokens live
in the cache (shared by every worker); the signing key is read from OIDC_STANDIN_KEY_FILE, or
generated once per process (set the file when running several workers).

Only answers when settings.OIDC_STANDIN is on (by default in DEBUG); otherwise every URL is 404.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.core.cache import cache
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.http.request import validate_host
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .federation import DEFAULT_CLAIMS

CODE_SECONDS = 120
TOKEN_SECONDS = 600
ID_TOKEN_SECONDS = 300
AUTH_PARAMS = (
    "response_type",
    "client_id",
    "redirect_uri",
    "scope",
    "state",
    "nonce",
    "code_challenge",
    "code_challenge_method",
)


@dataclass(frozen=True)
class DemoIdentity:
    """A person the stand-in can sign in as; `level` 2 is an identity checked in person."""

    key: str
    subject: str
    full_name: str
    id_number: str
    birthdate: str
    sex: str
    phone: str
    email: str
    level: int


IDENTITIES = (
    # The demo persona citizen_an (accounts.demo): the same number, phone and email.
    DemoIdentity(
        "an",
        "8f14e45f-ceea-467a-9af8-2c1d0a6b3e01",
        "Nguyễn Văn An",
        "019085001234",
        "1985-03-12",
        "male",
        "+84912000001",
        "an@example.vn",
        2,
    ),
    # Someone with no account yet: the first log-in creates one.
    DemoIdentity(
        "hoa",
        "c9f0f895-fb98-4b91-8e3f-5a7d2c4b1e02",
        "Lý Thị Hoa",
        "019196001122",
        "1996-05-20",
        "female",
        "+84912000099",
        "hoa@example.vn",
        2,
    ),
    # A level-1 account: its claims fill a profile but do not make it verified.
    DemoIdentity(
        "khoa",
        "45c48cce-2e2d-4fbd-b6b1-7c3e9a0d5f03",
        "Đinh Văn Khoa",
        "019201005678",
        "2001-09-09",
        "male",
        "+84912000098",
        "",
        1,
    ),
)


def _identity(key: str) -> DemoIdentity | None:
    return next((person for person in IDENTITIES if person.key == key), None)


def _require_standin() -> None:
    if not settings.OIDC_STANDIN:
        raise Http404("The stand-in identity provider is off")


def _issuer(request: HttpRequest) -> str:
    """The provider's URL as this request reached it: what the relying party configured."""
    authorize_url = request.build_absolute_uri(reverse("dev-idp:authorize"))
    return authorize_url.removesuffix("/authorize/")


# --- keys ------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4)
def _signing_key(path: str) -> rsa.RSAPrivateKey:
    """The RSA key of the file at `path`, or (path "") one made once for this process."""
    if path:
        key = serialization.load_pem_private_key(Path(path).read_bytes(), password=None)
        if not isinstance(key, rsa.RSAPrivateKey):
            raise ValueError(f"{path}: not an RSA private key")
        return key
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _key() -> rsa.RSAPrivateKey:
    return _signing_key(settings.OIDC_STANDIN_KEY_FILE)


def _key_id(key: rsa.RSAPrivateKey) -> str:
    der = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return base64.urlsafe_b64encode(hashlib.sha256(der).digest()[:12]).decode().rstrip("=")


# --- claims ----------------------------------------------------------------------------------


def claims_of(person: DemoIdentity, scope: str) -> dict[str, Any]:
    """The person's claims for `scope`, under the names the relying party reads."""
    names = {**DEFAULT_CLAIMS, **settings.OIDC_CLAIMS}
    scopes = set(scope.split())
    claims: dict[str, Any] = {
        "sub": person.subject,
        names["id_number"]: person.id_number,
        names["level"]: str(person.level),
    }
    if "profile" in scopes:
        claims.update(
            {
                names["full_name"]: person.full_name,
                names["birthdate"]: person.birthdate,
                names["sex"]: person.sex,
            }
        )
    if "phone" in scopes and person.phone:
        claims.update({names["phone"]: person.phone, "phone_number_verified": True})
    if "email" in scopes and person.email:
        claims.update({names["email"]: person.email, "email_verified": True})
    return claims


# --- endpoints -------------------------------------------------------------------------------


@require_GET
def discovery(request: HttpRequest) -> JsonResponse:
    _require_standin()
    issuer = _issuer(request)
    return JsonResponse(
        {
            "issuer": issuer,
            "authorization_endpoint": f"{issuer}/authorize/",
            "token_endpoint": f"{issuer}/token/",
            "userinfo_endpoint": f"{issuer}/userinfo/",
            "jwks_uri": f"{issuer}/jwks/",
            "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "profile", "email", "phone"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
            "code_challenge_methods_supported": ["S256", "plain"],
            "claims_supported": [
                "sub",
                *sorted({**DEFAULT_CLAIMS, **settings.OIDC_CLAIMS}.values()),
            ],
        }
    )


@require_GET
def jwks(request: HttpRequest) -> JsonResponse:
    _require_standin()
    key = _key()
    jwk: dict[str, Any] = jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key(), as_dict=True)
    jwk.update({"kid": _key_id(key), "alg": "RS256", "use": "sig"})
    return JsonResponse({"keys": [jwk]})


def _redirect_uri_allowed(uri: str) -> bool:
    """Only the relying party's callback on an allowed host: the stand-in is no open redirect."""
    parts = urlsplit(uri)
    return (
        parts.scheme in ("http", "https")
        and bool(parts.hostname)
        and validate_host(parts.hostname or "", settings.ALLOWED_HOSTS)
        and parts.path == reverse("oidc_authentication_callback")
    )


def _client_error(params: dict[str, str]) -> str | None:
    """Why the request cannot even be answered at its redirect URI (RFC 6749 4.1.2.1)."""
    if params["client_id"] != settings.OIDC_STANDIN_CLIENT_ID:
        return _("This application is not registered with the identity provider.")
    if not _redirect_uri_allowed(params["redirect_uri"]):
        return _("The address to return to is not registered for this application.")
    return None


def _request_error(params: dict[str, str]) -> str | None:
    """The OAuth error code to send back to the client, or None when the request is fine."""
    if params["response_type"] != "code":
        return "unsupported_response_type"
    if "openid" not in params["scope"].split():
        return "invalid_scope"
    if params["code_challenge"] and params["code_challenge_method"] not in ("S256", "plain", ""):
        return "invalid_request"
    return None


def _back_to_client(params: dict[str, str], **answer: str) -> HttpResponseRedirect:
    separator = "&" if "?" in params["redirect_uri"] else "?"
    query = urlencode({**answer, **({"state": params["state"]} if params["state"] else {})})
    return HttpResponseRedirect(f"{params['redirect_uri']}{separator}{query}")


@require_http_methods(["GET", "POST"])
def authorize(request: HttpRequest) -> HttpResponse:
    """Ask the person who they are (one of IDENTITIES) and whether they agree to sign in."""
    _require_standin()
    source = request.POST if request.method == "POST" else request.GET
    params = {name: source.get(name, "") for name in AUTH_PARAMS}
    problem = _client_error(params)
    if problem:
        return render(request, "accounts/standin_error.html", {"problem": problem}, status=400)
    error = _request_error(params)
    if error:
        return _back_to_client(params, error=error)
    if request.method == "POST":
        if request.POST.get("decision") != "allow":
            return _back_to_client(params, error="access_denied")
        person = _identity(request.POST.get("identity", ""))
        if person is not None:
            return _back_to_client(params, code=_issue_code(params, person))
    response = render(
        request,
        "accounts/standin_authorize.html",
        {
            "params": params,
            "identities": IDENTITIES,
            "chosen": request.POST.get("identity", ""),
            "missing": request.method == "POST",
        },
    )
    # Browsers apply form-action to the redirect that follows the form, to the client's host.
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(params["redirect_uri"]))
    response._csp_update = {"form-action": [origin]}  # type: ignore[attr-defined]
    return response


def _issue_code(params: dict[str, str], person: DemoIdentity) -> str:
    code = secrets.token_urlsafe(32)
    cache.set(
        f"dev-idp:code:{code}", {**params, "identity": person.key, "at": time.time()}, CODE_SECONDS
    )
    return code


def _client_credentials(request: HttpRequest) -> tuple[str, str]:
    """client_secret_basic (Authorization header) or client_secret_post (form fields)."""
    header = request.headers.get("Authorization", "")
    if header.startswith("Basic "):
        try:
            decoded = base64.b64decode(header[6:]).decode()
        except (ValueError, UnicodeDecodeError):
            return "", ""
        client_id, _sep, secret = decoded.partition(":")
        return client_id, secret
    return request.POST.get("client_id", ""), request.POST.get("client_secret", "")


def _token_error(error: str, status: int = 400) -> JsonResponse:
    response = JsonResponse({"error": error}, status=status)
    response["Cache-Control"] = "no-store"
    return response


def _verifier_matches(grant: dict[str, str], verifier: str) -> bool:
    challenge = grant.get("code_challenge", "")
    if not challenge:
        return True
    if grant.get("code_challenge_method") == "plain":
        return hmac.compare_digest(challenge, verifier)
    digest = hashlib.sha256(verifier.encode()).digest()
    return hmac.compare_digest(challenge, base64.urlsafe_b64encode(digest).decode().rstrip("="))


@csrf_exempt
@require_POST
def token(request: HttpRequest) -> JsonResponse:
    """Exchange a code for an ID token and an access token (OpenID Connect Core 3.1.3)."""
    _require_standin()
    client_id, secret = _client_credentials(request)
    if client_id != settings.OIDC_STANDIN_CLIENT_ID or not hmac.compare_digest(
        secret.encode(), settings.OIDC_STANDIN_CLIENT_SECRET.encode()
    ):
        return _token_error("invalid_client", 401)
    if request.POST.get("grant_type") != "authorization_code":
        return _token_error("unsupported_grant_type")
    key = f"dev-idp:code:{request.POST.get('code', '')}"
    grant = cache.get(key)
    cache.delete(key)  # a code is used once
    if (
        grant is None
        or grant["client_id"] != client_id
        or grant["redirect_uri"] != request.POST.get("redirect_uri")
        or not _verifier_matches(grant, request.POST.get("code_verifier", ""))
    ):
        return _token_error("invalid_grant")
    person = _identity(grant["identity"])
    if person is None:
        return _token_error("invalid_grant")
    access = secrets.token_urlsafe(32)
    cache.set(
        f"dev-idp:token:{access}", {"identity": person.key, "scope": grant["scope"]}, TOKEN_SECONDS
    )
    response = JsonResponse(
        {
            "access_token": access,
            "token_type": "Bearer",
            "expires_in": TOKEN_SECONDS,
            "id_token": _id_token(request, person, grant),
            "scope": grant["scope"],
        }
    )
    response["Cache-Control"] = "no-store"
    return response


def _id_token(request: HttpRequest, person: DemoIdentity, grant: dict[str, str]) -> str:
    now = int(time.time())
    names = {**DEFAULT_CLAIMS, **settings.OIDC_CLAIMS}
    payload: dict[str, Any] = {
        "iss": _issuer(request),
        "sub": person.subject,
        "aud": grant["client_id"],
        "iat": now,
        "exp": now + ID_TOKEN_SECONDS,
        "auth_time": int(float(grant["at"])),
        names["level"]: str(person.level),
    }
    if grant["nonce"]:
        payload["nonce"] = grant["nonce"]
    key = _key()
    return jwt.encode(payload, key, algorithm="RS256", headers={"kid": _key_id(key)})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def userinfo(request: HttpRequest) -> JsonResponse:
    """The claims of the person an access token was issued for (OpenID Connect Core 5.3)."""
    _require_standin()
    header = request.headers.get("Authorization", "")
    grant = cache.get(f"dev-idp:token:{header[7:]}") if header.startswith("Bearer ") else None
    person = _identity(grant["identity"]) if grant else None
    if person is None or grant is None:
        response = JsonResponse({"error": "invalid_token"}, status=401)
        response["WWW-Authenticate"] = 'Bearer error="invalid_token"'
        return response
    return JsonResponse(claims_of(person, grant["scope"]))


app_name = "dev-idp"
urlpatterns = [
    path(".well-known/openid-configuration", discovery, name="discovery"),
    path("authorize/", authorize, name="authorize"),
    path("token/", token, name="token"),
    path("userinfo/", userinfo, name="userinfo"),
    path("jwks/", jwks, name="jwks"),
]

"""Log-in through an OpenID Connect provider, the way VNeID federates (mozilla-django-oidc).

Decree 59/2022/NĐ-CP made VNeID the account for online public services from 1/7/2024; the
national portal federates it by OpenID Connect's authorization-code flow. This module is the
relying party: the backend maps the claims to a user (accounts.federation), and the two views
wrap the library's so that the flow exists only when OIDC_ENABLED, and so that a refused
log-in (bad state, nonce, signature, audience, or a provider that does not answer) ends on the
sign-in page with a message instead of an error page.
"""

from __future__ import annotations

import logging
from typing import Any

import requests
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from . import federation
from .models import User

LOGGER = logging.getLogger(__name__)
AFTER_LOGIN = "/ho-so-cua-toi/"


class VneidBackend(OIDCAuthenticationBackend):
    """The relying party's backend: checks the ID token, then finds or creates the user."""

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        # Password log-ins reach every backend; only the callback's code and state are ours.
        if not settings.OIDC_ENABLED or "password" in kwargs:
            return None
        user = super().authenticate(request, **kwargs)
        return user if isinstance(user, User) else None

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        """The library checks signature, expiry and nonce; the audience and issuer are ours."""
        payload: dict[str, Any] = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token is not meant for this client")
        issuer = settings.OIDC_OP_ISSUER
        if issuer and payload.get("iss") != issuer:
            raise SuspiciousOperation("ID token comes from another issuer")
        return payload

    def get_userinfo(
        self, access_token: str, id_token: str, payload: dict[str, Any]
    ) -> dict[str, Any]:
        """The UserInfo claims over the ID token's (which carry the level, `acr`).

        OpenID Connect Core 5.3.2: the UserInfo `sub` must be the ID token's, or the
        response must not be used.
        """
        info: dict[str, Any] = super().get_userinfo(access_token, id_token, payload)
        if info.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("UserInfo subject differs from the ID token's")
        return {**payload, **info}

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(claims.get("sub"))

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> User:
        claims = self.get_userinfo(access_token, id_token, payload)
        if not self.verify_claims(claims):
            raise SuspiciousOperation("Claims without a subject")
        identity = federation.read_claims(claims, settings.OIDC_CLAIMS)
        return federation.sign_in(settings.OIDC_PROVIDER_NAME, identity)

    def get_user(self, user_id: int) -> User | None:
        user = super().get_user(user_id)
        return user if isinstance(user, User) and self.user_can_authenticate(user) else None


class VneidAuthenticationRequestView(OIDCAuthenticationRequestView):
    """Sends the browser to the provider (with state and nonce kept in the session)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not settings.OIDC_ENABLED:
            raise Http404("Log-in through an identity provider is not enabled")
        response: HttpResponse = super().get(request)
        return response


class VneidCallbackView(OIDCAuthenticationCallbackView):
    """Where the provider sends the browser back with a code (or an error)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not settings.OIDC_ENABLED:
            raise Http404("Log-in through an identity provider is not enabled")
        try:
            response: HttpResponse = super().get(request)
        except federation.NoWayToSignIn:
            return self._refuse(
                _(
                    "Your VNeID account gave no phone number or email address "
                    "that is free here, so no account could be made. Register "
                    "with your phone number, then sign in with VNeID again."
                )
            )
        except (SuspiciousOperation, requests.RequestException) as exc:
            LOGGER.warning("Log-in through the identity provider refused: %s", exc)
            return self.login_failure()
        return response

    @property
    def success_url(self) -> str:
        return str(self.request.session.get("oidc_login_next") or AFTER_LOGIN)

    def login_failure(self) -> HttpResponse:
        return self._refuse(
            _(
                "Signing in with VNeID did not succeed. Please try again, or sign "
                "in with your phone number or email."
            )
        )

    def _refuse(self, message: str) -> HttpResponse:
        messages.error(self.request, message)
        return HttpResponseRedirect(settings.LOGIN_URL)

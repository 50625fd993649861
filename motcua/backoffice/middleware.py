"""No session of an officer counts until its second factor is proved, on every page and API.

The back office's own sign-in logs an officer in only after the TOTP code (auth_views.py). A
session can still lack it: one opened while the policy was off for that officer, or by a way
in that forgot to ask. Where the policy asks for a second factor (access.second_factor_required)
such a session is treated as no session at all, so that the API, the admin and every page
outside /mot-cua/ refuse it as they refuse a visitor (security review D1).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from motcua.accounts.choices import UserKind

from . import access


def _checked(user: Any) -> Any:
    if getattr(user, "kind", "") != UserKind.STAFF:
        return user
    verified = getattr(user, "is_verified", None)
    if callable(verified) and verified():
        return user
    return AnonymousUser() if access.second_factor_required(user) else user


class SecondFactorMiddleware:
    """After django_otp's OTPMiddleware, which tells whether the session proved a device."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        request.user = SimpleLazyObject(lambda: _checked(user))  # type: ignore[assignment]
        return self.get_response(request)

"""/api/v1/me: who is calling, and their personal API tokens."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from motcua.accounts.choices import TokenScope
from motcua.accounts.models import ApiToken, User

from .auth import AUTH, session_auth
from .schemas import ErrorOut, LocalDateTime

router = Router(tags=["accounts"])


class MembershipOut(Schema):
    agency: str = Field(description="Agency e-ID code")
    agency_name: str
    role: str
    valid_from: dt.date
    valid_until: dt.date | None


class MeOut(Schema):
    full_name: str
    phone: str | None
    email: str | None
    kind: str
    memberships: list[MembershipOut]


class TokenIn(Schema):
    name: str = Field(min_length=1, max_length=80)
    scope: TokenScope = TokenScope.READ


class TokenOut(Schema):
    name: str
    prefix: str
    scope: str
    created_at: LocalDateTime
    last_used_at: LocalDateTime | None
    revoked_at: LocalDateTime | None


class NewTokenOut(TokenOut):
    token: str = Field(description="The secret; shown this once and never stored")


def _user(request: HttpRequest) -> User:
    """The authenticated caller; every endpoint here requires authentication."""
    assert isinstance(request.user, User)
    return request.user


def require_write(request: HttpRequest) -> None:
    """A read-scoped Bearer token may not change anything."""
    auth = getattr(request, "auth", None)
    if isinstance(auth, ApiToken) and auth.scope != TokenScope.WRITE:
        raise HttpError(403, _("This API token may only read."))


@router.get("", response={200: MeOut, 401: ErrorOut}, auth=AUTH, summary="The calling user")
def me(request: HttpRequest) -> dict[str, object]:
    user = _user(request)
    memberships = user.memberships.select_related("agency").order_by("valid_from")
    return {
        "full_name": user.full_name, "phone": user.phone, "email": user.email, "kind": user.kind,
        "memberships": [
            {"agency": m.agency.code, "agency_name": m.agency.name, "role": m.role,
             "valid_from": m.valid_from, "valid_until": m.valid_until}
            for m in memberships
        ],
    }


@router.get("/tokens", response={200: list[TokenOut], 401: ErrorOut}, auth=AUTH,
            summary="My API tokens")
def list_tokens(request: HttpRequest) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=_user(request)).order_by("-created_at"))


@router.post("/tokens", response={201: NewTokenOut, 401: ErrorOut, 422: ErrorOut},
             auth=session_auth, summary="Create an API token (signed-in session only)")
def create_token(request: HttpRequest, payload: TokenIn) -> Status[dict[str, object]]:
    # Only a signed-in session may mint tokens, so that a leaked token cannot make more.
    token, secret = ApiToken.issue(_user(request), payload.name, payload.scope)
    return Status(201, {**TokenOut.from_orm(token).model_dump(), "token": secret})


@router.delete("/tokens/{prefix}", response={204: None, 401: ErrorOut, 403: ErrorOut,
                                              404: ErrorOut},
               auth=AUTH, summary="Revoke one of my API tokens")
def revoke_token(request: HttpRequest, prefix: str) -> Status[None]:
    require_write(request)
    token = ApiToken.objects.filter(user=_user(request), prefix=prefix,
                                    revoked_at__isnull=True).first()
    if token is None:
        raise HttpError(404, _("You have no active API token %(prefix)s.") % {"prefix": prefix})
    token.revoke()
    return Status(204, None)

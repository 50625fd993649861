"""/api/v1/me: who is calling, their profile (which pre-fills forms), and their API tokens.

PATCH follows the profile page's rules (accounts.profile): the personal identification
number must agree with the date of birth and sex, and what VNeID vouches for cannot change.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError, ValidationError

from motcua.accounts import organisations, profile
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


class MeCommuneOut(Schema):
    code: str = Field(description="Commune code in the 2025 scheme")
    name: str
    province: str | None = Field(description="Code of its province")


class MeOrganisationOut(Schema):
    name: str
    tax_code: str
    address: str


class MeOut(Schema):
    full_name: str
    phone: str | None
    email: str | None
    kind: str
    id_number: str = Field(description="Personal identification number (12 digits), or empty")
    date_of_birth: dt.date | None
    sex: Literal["", "male", "female"]
    address: str = Field(description="House number, street, hamlet or residential group")
    commune: MeCommuneOut | None
    vneid_verified: bool = Field(description="Proved who they are through VNeID (level 2)")
    vneid_verified_at: LocalDateTime | None
    locked_fields: list[str] = Field(
        description="Fields VNeID vouches for: PATCH refuses to change them"
    )
    acting_for: list[MeOrganisationOut] = Field(description="Organisations they act for today")
    memberships: list[MembershipOut]


class MePatch(Schema):
    full_name: str | None = Field(None, min_length=1, max_length=150)
    id_number: str | None = Field(
        None, max_length=20, description="12 digits; spaces, dots and hyphens are ignored"
    )
    date_of_birth: dt.date | None = None
    sex: Literal["", "male", "female"] | None = None
    address: str | None = Field(None, max_length=300)
    commune: str | None = Field(
        None, max_length=5, description="Commune code in the 2025 scheme; empty to clear"
    )


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


def _me(user: User) -> dict[str, object]:
    memberships = user.memberships.select_related("agency").order_by("valid_from")
    commune = user.commune if user.commune_id else None
    return {
        "full_name": user.full_name,
        "phone": user.phone,
        "email": user.email,
        "kind": user.kind,
        "id_number": user.id_number,
        "date_of_birth": user.date_of_birth,
        "sex": user.sex,
        "address": user.address,
        "commune": {
            "code": commune.code,
            "name": commune.name,
            "province": commune.parent.code if commune.parent else None,
        }
        if commune
        else None,
        "vneid_verified": user.vneid_verified,
        "vneid_verified_at": user.vneid_verified_at,
        "locked_fields": sorted(profile.locked_fields(user)),
        "acting_for": [
            {"name": o.name, "tax_code": o.tax_code, "address": o.address}
            for o in organisations.acting_for(user)
        ],
        "memberships": [
            {
                "agency": m.agency.code,
                "agency_name": m.agency.name,
                "role": m.role,
                "valid_from": m.valid_from,
                "valid_until": m.valid_until,
            }
            for m in memberships
        ],
    }


@router.get("", response={200: MeOut, 401: ErrorOut}, auth=AUTH, summary="The calling user")
def me(request: HttpRequest) -> dict[str, object]:
    return _me(_user(request))


def _changes(payload: MePatch) -> dict[str, Any]:
    """The fields sent, cleaned as the profile rules want them (422 for an unknown commune)."""
    changes: dict[str, Any] = payload.model_dump(exclude_unset=True)
    for name in ("full_name", "id_number", "address"):
        if changes.get(name) is not None:
            changes[name] = changes[name].strip()
    if "commune" in changes:
        code = changes["commune"] or ""
        changes["commune"] = profile.find_commune(code) if code else None
        if code and changes["commune"] is None:
            raise _invalid(
                {
                    "commune": [
                        _("No commune has the code %(code)s in today's units.") % {"code": code}
                    ]
                }
            )
    for name in ("full_name", "sex", "address", "id_number"):
        if name in changes and changes[name] is None:
            raise _invalid({name: [_("This field cannot be null.")]})
    return changes


def _invalid(problems: dict[str, list[str]]) -> ValidationError:
    return ValidationError(
        [
            {"loc": ["body", "payload", name], "msg": message}
            for name, messages in problems.items()
            for message in messages
        ]
    )


@router.patch(
    "",
    response={200: MeOut, 401: ErrorOut, 403: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    auth=AUTH,
    summary="Change my profile",
)
def update_me(request: HttpRequest, payload: MePatch) -> dict[str, object]:
    require_write(request)
    user = _user(request)
    changes = _changes(payload)
    problems = profile.problems(user, changes)
    locked = [name for name in problems if name in profile.locked_fields(user)]
    if locked:
        raise HttpError(
            409,
            _("%(fields)s: %(reason)s")
            % {"fields": ", ".join(sorted(locked)), "reason": profile.lock_reason()},
        )
    if problems:
        raise _invalid(problems)
    profile.save(user, changes)
    return _me(user)


@router.get(
    "/tokens", response={200: list[TokenOut], 401: ErrorOut}, auth=AUTH, summary="My API tokens"
)
def list_tokens(request: HttpRequest) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=_user(request)).order_by("-created_at"))


@router.post(
    "/tokens",
    response={201: NewTokenOut, 401: ErrorOut, 422: ErrorOut},
    auth=session_auth,
    summary="Create an API token (signed-in session only)",
)
def create_token(request: HttpRequest, payload: TokenIn) -> Status[dict[str, object]]:
    # Only a signed-in session may mint tokens, so that a leaked token cannot make more.
    token, secret = ApiToken.issue(_user(request), payload.name, payload.scope)
    return Status(201, {**TokenOut.from_orm(token).model_dump(), "token": secret})


@router.delete(
    "/tokens/{prefix}",
    response={204: None, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=AUTH,
    summary="Revoke one of my API tokens",
)
def revoke_token(request: HttpRequest, prefix: str) -> Status[None]:
    require_write(request)
    token = ApiToken.objects.filter(
        user=_user(request), prefix=prefix, revoked_at__isnull=True
    ).first()
    if token is None:
        raise HttpError(404, _("You have no active API token %(prefix)s.") % {"prefix": prefix})
    token.revoke()
    return Status(204, None)

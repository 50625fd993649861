"""Who a person signing in through an identity provider (VNeID) is, in our accounts.

The provider sends claims: its subject (`sub`), and for VNeID the personal identification
number, name, date of birth, sex, phone and email, and the level of the account. Decree
69/2024/NĐ-CP on electronic identification sets two levels of account (the article is
UNCONFIRMED): level 2 means the identity was checked in person, so its claims are the state's
record. The claim names are
settings (OIDC_CLAIMS) because the VNeID federation's own names are not in a source we hold
(UNCONFIRMED); the defaults are the OpenID Connect standard ones plus `citizen_id` and `acr`.

A log-in finds the user, in this order:
1. by the provider's subject, linked at an earlier log-in (ExternalIdentity);
2. by the number of a level-2 claim set, when the account holding it is trustworthy for it: it
   was verified through VNeID before, or its phone or email is the provider's too. A number
   merely typed into a profile proves nothing: trusting it would let anyone who knows
   someone's number receive that person's log-in;
3. by phone, then email (both checked by a one-time code when the account was registered);
otherwise a citizen account is created.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .cccd import FEMALE, MALE, check_cccd, parse_cccd
from .choices import UserKind
from .models import ExternalIdentity, User, normalise_phone

LOGGER = logging.getLogger(__name__)

DEFAULT_CLAIMS = {
    "full_name": "name",
    "id_number": "citizen_id",
    "birthdate": "birthdate",
    "sex": "gender",
    "phone": "phone_number",
    "email": "email",
    "level": "acr",
}
_SEX_WORDS = {
    "male": MALE,
    "m": MALE,
    "nam": MALE,
    "female": FEMALE,
    "f": FEMALE,
    "nữ": FEMALE,
    "nu": FEMALE,
}
_TRAILING_NUMBER = re.compile(r"(\d+)\s*$")


class NoWayToSignIn(Exception):
    """The claims give no phone or email free for a new account: nothing to sign in with."""


@dataclass(frozen=True)
class Identity:
    """What the provider says about the person, read from its claims."""

    subject: str
    full_name: str = ""
    id_number: str = ""  # 12 digits, or "" when absent or not well-formed
    date_of_birth: dt.date | None = None
    sex: str = ""
    phone: str = ""  # "" when absent or said not to be verified
    email: str = ""
    level: int = 0

    @property
    def verified(self) -> bool:
        return self.level >= settings.OIDC_VERIFIED_LEVEL


def read_claims(claims: Mapping[str, Any], names: Mapping[str, str] | None = None) -> Identity:
    """Read the claims under the configured names (settings.OIDC_CLAIMS, then the defaults)."""
    names = {**DEFAULT_CLAIMS, **(names or {})}

    def text(key: str) -> str:
        value = claims.get(names[key])
        return str(value).strip() if value is not None else ""

    born = parse_birthdate(text("birthdate"))
    sex = parse_sex(text("sex"))
    return Identity(
        subject=str(claims.get("sub") or ""),
        full_name=text("full_name")[:150],
        id_number=_checked_number(text("id_number"), born, sex),
        date_of_birth=born,
        sex=sex,
        phone=_phone(text("phone")) if claims.get("phone_number_verified") is not False else "",
        email=text("email").lower() if claims.get("email_verified") is not False else "",
        level=parse_level(claims.get(names["level"])),
    )


def parse_level(value: object) -> int:
    """The account level in an `acr`-like claim: 2, "2", "level2", "urn:…:loa:2" → 2; else 0."""
    if isinstance(value, bool) or value is None:
        return 0
    if isinstance(value, int):
        return value
    match = _TRAILING_NUMBER.search(str(value))
    return int(match.group(1)) if match else 0


def parse_sex(value: str) -> str:
    """MALE or FEMALE from "male"/"female", "Nam"/"Nữ", "M"/"F"; "" for anything else."""
    return _SEX_WORDS.get(value.strip().lower(), "")


def parse_birthdate(value: str) -> dt.date | None:
    """A date from ISO 8601 (the OpenID Connect standard) or dd/mm/yyyy; None otherwise."""
    for shape in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value[:10], shape).date()
        except ValueError:
            continue
    return None


def _phone(value: str) -> str:
    phone = normalise_phone(value)
    return phone if len(phone) == 10 and phone.startswith("0") else ""


def _checked_number(number: str, born: dt.date | None, sex: str) -> str:
    """The number when it is well formed and agrees with the other claims, else ""."""
    if not number:
        return ""
    problems = check_cccd(number, birth_date=born, sex=sex or None)
    if problems:
        LOGGER.warning(
            "Identity provider sent an identification number that does not check: %s",
            " ".join(problems),
        )
        return ""
    return parse_cccd(number).number


# --- finding and updating the user -------------------------------------------------------------


def sign_in(provider: str, identity: Identity) -> User:
    """The user for `identity`, found or created, updated from the claims and linked.

    Raises NoWayToSignIn when a new account would have neither a phone nor an email.
    """
    with transaction.atomic():
        user = find_user(provider, identity) or _create_citizen(identity)
        update_from_claims(user, identity)
        link, _created = ExternalIdentity.objects.get_or_create(
            provider=provider, subject=identity.subject, defaults={"user": user}
        )
        link.last_login_at = timezone.now()
        link.save(update_fields=["last_login_at"])
    return user


def find_user(provider: str, identity: Identity) -> User | None:
    """The existing user the claims belong to (see the module docstring), or None."""
    link = (
        ExternalIdentity.objects.select_related("user")
        .filter(provider=provider, subject=identity.subject)
        .first()
    )
    if link is not None:
        return link.user
    others = ExternalIdentity.objects.filter(provider=provider).exclude(subject=identity.subject)
    free = User.objects.exclude(pk__in=others.values("user_id"))
    if identity.verified and identity.id_number:
        same_login = Q(vneid_verified_at__isnull=False)
        if identity.phone:
            same_login |= Q(phone=identity.phone)
        if identity.email:
            same_login |= Q(email__iexact=identity.email)
        found = free.filter(same_login, id_number=identity.id_number).order_by("pk").first()
        if found is not None:
            return found
    for login in (
        Q(phone=identity.phone) if identity.phone else None,
        Q(email__iexact=identity.email) if identity.email else None,
    ):
        found = free.filter(login).first() if login is not None else None
        if found is not None and not _other_person(found, identity):
            return found
    return None


def _other_person(user: User, identity: Identity) -> bool:
    """Whether `user` was verified as someone else (a phone number passed on, say)."""
    return bool(
        user.vneid_verified
        and user.id_number
        and identity.id_number
        and user.id_number != identity.id_number
    )


def _create_citizen(identity: Identity) -> User:
    phone = (
        identity.phone
        if identity.phone and not User.objects.filter(phone=identity.phone).exists()
        else ""
    )
    email = (
        identity.email
        if identity.email and not User.objects.filter(email__iexact=identity.email).exists()
        else ""
    )
    if not phone and not email:
        raise NoWayToSignIn(identity.subject)
    return User.objects.create_user(
        phone=phone,
        email=email,
        password=None,
        full_name=identity.full_name or phone or email,
        kind=UserKind.CITIZEN,
    )


def update_from_claims(user: User, identity: Identity) -> None:
    """Copy the claims into the profile and record a level-2 log-in.

    Claims of a level-2 account replace what the person typed; those of a lower level only fill
    empty fields. Phone and email fill empty log-ins when no other account holds them.
    """
    values: dict[str, Any] = {
        "full_name": identity.full_name,
        "id_number": identity.id_number,
        "date_of_birth": identity.date_of_birth,
        "sex": identity.sex,
    }
    changed = [
        name
        for name, value in values.items()
        if value and getattr(user, name) != value and (identity.verified or not getattr(user, name))
    ]
    for name in changed:
        setattr(user, name, values[name])
    if identity.phone and not user.phone and not User.objects.filter(phone=identity.phone).exists():
        user.phone = identity.phone
        changed.append("phone")
    if (
        identity.email
        and not user.email
        and not User.objects.filter(email__iexact=identity.email).exists()
    ):
        user.email = identity.email
        changed.append("email")
    if identity.verified:
        user.vneid_verified_at = timezone.now()
        changed.append("vneid_verified_at")
    if changed:
        user.save(update_fields=changed)

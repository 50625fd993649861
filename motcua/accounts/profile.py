"""The person's profile: what online forms pre-fill, and the rules for changing it.

One set of rules serves the profile page and PATCH /api/v1/me:
- the personal identification number must agree with the date of birth and sex
  (accounts.cccd, Law on Identification 2023 Art. 12); each problem is explained;
- once the person proved who they are through VNeID, the fields that came from it (name,
  number, date of birth, sex) are the state's record and cannot be changed here.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from motcua.units.choices import Level, Scheme
from motcua.units.models import AdministrativeUnit

from .cccd import CccdError, check_cccd, parse_cccd
from .models import User

# What an identity provider vouches for; editable again only if the person is not verified.
IDENTITY_FIELDS = ("full_name", "id_number", "date_of_birth", "sex")
EDITABLE_FIELDS = (*IDENTITY_FIELDS, "address", "commune")


def prefill_values(user: User) -> dict[str, str]:
    """The answers an online form may pre-fill for `user`, each a string ("" when unknown)."""
    return {
        "full_name": user.full_name,
        "id_number": user.id_number,
        "date_of_birth": user.date_of_birth.isoformat() if user.date_of_birth else "",
        "sex": user.sex,
        "phone": user.phone or "",
        "email": user.email or "",
        "address": user.address,
        "commune": user.commune.code if user.commune_id and user.commune else "",
    }


def locked_fields(user: User) -> frozenset[str]:
    """The fields `user` may not change: those VNeID filled, once they are verified."""
    if not user.vneid_verified:
        return frozenset()
    return frozenset(name for name in IDENTITY_FIELDS if getattr(user, name))


def lock_reason() -> str:
    return _(
        "This comes from your electronic identification account (VNeID) and cannot be "
        "changed here. If it is wrong, have it corrected at the police who manage "
        "identification, then sign in with VNeID again."
    )


def find_commune(code: str) -> AdministrativeUnit | None:
    """The commune (of the 2025 scheme) with `code`, with its province, or None."""
    code = code.strip()
    if not code.isdigit():
        return None
    return (
        AdministrativeUnit.objects.select_related("parent")
        .filter(scheme=Scheme.FROM_2025, level=Level.COMMUNE, code=code.zfill(5))
        .first()
    )


def problems(user: User, changes: dict[str, Any]) -> dict[str, list[str]]:
    """Every reason `changes` may not be saved on `user`, by field; empty when they may.

    `changes` holds some of EDITABLE_FIELDS with cleaned values (a date, an
    AdministrativeUnit or None for the commune). A locked field sent with its current value is
    not a change.
    """
    changes = _tidy(changes)
    found: dict[str, list[str]] = {}
    for name in locked_fields(user) & changes.keys():
        if changes[name] != getattr(user, name):
            found[name] = [lock_reason()]
    if "full_name" in changes and not str(changes["full_name"]).strip():
        found.setdefault("full_name", []).append(_("Enter your full name."))
    merged = {name: changes.get(name, getattr(user, name)) for name in IDENTITY_FIELDS}
    if merged["id_number"] and "id_number" not in found:
        cccd = check_cccd(
            merged["id_number"], birth_date=merged["date_of_birth"], sex=merged["sex"] or None
        )
        if cccd:
            found["id_number"] = cccd
    return found


def save(user: User, changes: dict[str, Any]) -> list[str]:
    """Store `changes` that passed problems(); return the names of the fields that changed."""
    changes = _tidy(changes)
    changed = [name for name, value in changes.items() if getattr(user, name) != value]
    for name in changed:
        setattr(user, name, changes[name])
    if changed:
        user.save(update_fields=changed)
    return changed


def _tidy(changes: dict[str, Any]) -> dict[str, Any]:
    """`changes` with a well-formed number written as its 12 digits, without separators."""
    number = changes.get("id_number")
    if not number:
        return changes
    try:
        return {**changes, "id_number": parse_cccd(number).number}
    except CccdError:
        return changes

"""The roles a person holds towards one dossier, in lifecycle.EVENT_ROLES' words."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone

from motcua.accounts.choices import Role, UserKind
from motcua.accounts.models import Membership

from . import lifecycle
from .queries import descendants

if TYPE_CHECKING:
    from motcua.accounts.models import User

    from .models import Dossier

_ACTING: dict[str, str] = {
    Role.COUNTER_OFFICER: lifecycle.COUNTER,
    Role.SPECIALIST: lifecycle.SPECIALIST,
    Role.LEADER: lifecycle.LEADER,
}


def roles_towards(
    dossier: Dossier, user: User | None, holding: set[int] | None = None
) -> frozenset[str]:
    """Return what `user` may act as on `dossier`; the system when there is no user.
    `holding`: the agencies of the dossier's open steps, when the caller has read them."""
    if user is None:
        return frozenset({lifecycle.SYSTEM})
    roles: set[str] = set()
    if dossier.applicant_id == user.pk:
        roles.add(lifecycle.APPLICANT)
    if dossier.helped_by_id == user.pk and (
        dossier.help_ends_at is None or dossier.help_ends_at > timezone.now()
    ):
        roles.add(lifecycle.VOLUNTEER)
    if user.kind != UserKind.STAFF:
        return frozenset(roles)  # only staff hold memberships
    memberships = [m for m in user.memberships_today() if m.role in _ACTING]
    if memberships:
        roles |= _officer_roles(dossier, memberships, holding)
    return frozenset(roles)


def _officer_roles(
    dossier: Dossier, memberships: list[Membership], holding: set[int] | None
) -> set[str]:
    handling = descendants({dossier.competent_agency_id})
    if holding is not None:
        handling |= holding
    elif dossier.pk:
        handling |= set(
            dossier.steps.filter(ended_at__isnull=True).values_list("agency_id", flat=True)
        )
    roles = set()
    for m in memberships:
        if m.role == Role.COUNTER_OFFICER and m.agency_id == dossier.receiving_unit_id:
            roles.add(lifecycle.COUNTER)
        elif m.role != Role.COUNTER_OFFICER and m.agency_id in handling:
            roles.add(_ACTING[m.role])
    return roles

"""Who may see and handle which petitions: the only way to query them for a person.

Mirrors dossiers/queries.py: staff handle the petitions of the agencies where they hold an
acting role today, and of the departments below them; the provincial office's administrators
handle petitions that name no agency; the centre supervisor, province leadership and
administrators read them all. Anyone else sees only their own. Hidden petitions answer 404.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q

from motcua.accounts.choices import Role, UserKind
from motcua.accounts.models import Membership
from motcua.dossiers.queries import descendants

if TYPE_CHECKING:
    from .models import Petition  # noqa: F401  (the queryset's type parameter)

ACTING_ROLES = {Role.COUNTER_OFFICER, Role.SPECIALIST, Role.LEADER}
READ_ALL_ROLES = {Role.CENTRE_SUPERVISOR, Role.PROVINCE_LEADERSHIP, Role.ADMINISTRATOR}


def _memberships(user: Any) -> list[Membership]:
    if not getattr(user, "is_authenticated", False) or getattr(user, "kind", "") != UserKind.STAFF:
        return []
    return list(user.memberships_today())


def _handling_scope(memberships: list[Membership]) -> Q:
    scope = Q(pk__in=[])
    agencies = descendants({m.agency_id for m in memberships if m.role in ACTING_ROLES})
    if agencies:
        scope |= Q(agency_id__in=agencies)
    if any(m.role == Role.ADMINISTRATOR for m in memberships):
        # No agency named: the provincial office (Văn phòng UBND, kiểm soát TTHC) handles it.
        scope |= Q(agency__isnull=True)
    return scope


class PetitionQuerySet(models.QuerySet["Petition"]):
    def of(self, user: Any) -> PetitionQuerySet:
        """Keep the petitions `user` sent; none for anonymous users."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(petitioner=user)

    def handled_by(self, user: Any) -> PetitionQuerySet:
        """Keep the petitions `user` may refuse, ask about, answer and publish."""
        return self.filter(_handling_scope(_memberships(user)))

    def visible_to(self, user: Any) -> PetitionQuerySet:
        """Keep the petitions `user` sent, handles, or reads across the province."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        memberships = _memberships(user)
        if any(m.role in READ_ALL_ROLES for m in memberships):
            return self.all()
        return self.filter(Q(petitioner=user) | _handling_scope(memberships))

    def published(self) -> PetitionQuerySet:
        """Keep the answers published for everyone, newest first."""
        return self.filter(state="published").order_by("-published_at", "-id")

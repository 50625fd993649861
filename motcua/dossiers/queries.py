"""Who may see which dossiers (architecture.md, "Scopes"): the only way to query dossiers.

`Dossier.objects.visible_to(user, action)` answers for pages, the API and report drill-downs.
`action` is "read" or "act": read-only scopes (leaders of parent agencies, the centre
supervisor and province leadership, commune leaders, administrators) never act.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from motcua.accounts.choices import Role, UserKind
from motcua.accounts.models import Membership
from motcua.agencies.models import AGENCIES_VERSION, Agency
from motcua.lib import versions

if TYPE_CHECKING:
    from .models import Dossier  # noqa: F401  (the queryset's type parameter)

READ, ACT = "read", "act"
# The administrator manages accounts and reads the whole province; their membership sits in the
# provincial People's Committee, the parent of every agency, so counting it as acting would let
# them act on (and message about) every dossier of the province (security review D4).
READ_ONLY_ROLES = {
    Role.CENTRE_SUPERVISOR,
    Role.PROVINCE_LEADERSHIP,
    Role.COMMUNE_LEADER,
    Role.ADMINISTRATOR,
}


def descendants(agency_ids: set[int]) -> set[int]:
    """Return the agencies and every department below them (the tree is a few levels deep),
    kept in memory until an agency changes: every officer's scope and action asks it."""
    key = tuple(sorted(agency_ids))
    return set(
        versions.cached(
            (AGENCIES_VERSION,),
            ("descendants", *key),
            lambda: frozenset(_descendants(set(agency_ids))),
        )
    )


def _descendants(agency_ids: set[int]) -> set[int]:
    found = set(agency_ids)
    frontier = set(agency_ids)
    while frontier:
        frontier = set(Agency.objects.filter(parent_id__in=frontier).values_list("id", flat=True))
        frontier -= found
        found |= frontier
    return found


def _staff_scope(memberships: list[Membership], action: str) -> Q:
    """Dossiers an officer may see or act on through their memberships today."""
    scope = Q(pk__in=[])
    acting = [m for m in memberships if m.role not in READ_ONLY_ROLES]
    own = descendants({m.agency_id for m in acting if m.role != Role.LEADER})
    led = descendants({m.agency_id for m in acting if m.role == Role.LEADER})
    counters = {m.agency_id for m in acting if m.role == Role.COUNTER_OFFICER}
    if counters:
        scope |= Q(receiving_unit_id__in=counters)
    if own | led:
        # EXISTS, looked up per dossier through the step's dossier index: "id IN (steps of my
        # agencies)" inside an OR made PostgreSQL rescan every past step of the agency per row.
        steps = apps.get_model("dossiers", "Step").objects.filter(
            dossier_id=OuterRef("pk"), agency_id__in=own | led
        )
        scope |= Q(competent_agency_id__in=own | led) | Q(Exists(steps))
    if action == ACT:
        return scope
    return scope | _read_only_scope(memberships)


def _read_only_scope(memberships: list[Membership]) -> Q:
    scope = Q(pk__in=[])
    roles = {m.role for m in memberships}
    if roles & {Role.CENTRE_SUPERVISOR, Role.PROVINCE_LEADERSHIP, Role.ADMINISTRATOR}:
        return ~Q(pk__in=[])  # the whole province
    communes = [m.agency_id for m in memberships if m.role == Role.COMMUNE_LEADER]
    if communes:
        units = Agency.units_served.through.objects.filter(agency_id__in=communes)
        scope |= Q(applicant_commune_id__in=units.values("administrativeunit_id"))
    return scope


# What Dossier.apply() alone writes (workflow.py): the lifecycle and the dates Decision 766
# measures. A queryset's update() skips apply()'s lock, its transition table and its history
# row, so it may not touch them (ADR 0009, "One write path").
LIFECYCLE_FIELDS = frozenset(
    {
        "state",
        "status",
        "outcome",
        "code",
        "submitted_at",
        "received_at",
        "clock_starts_at",
        "due_at",
        "finished_at",
        "returned_at",
        "supplement_count",
        "restarted",
        "late_by_supplement",
        "extension_count",
    }
)


class LifecycleWriteRefused(Exception):
    """A queryset tried to write lifecycle fields: use Dossier.apply()."""


def _refuse_lifecycle(fields: Any) -> None:
    touched = sorted(LIFECYCLE_FIELDS.intersection(fields))
    if touched:
        raise LifecycleWriteRefused(
            f"Only Dossier.apply() writes {', '.join(touched)} (the one write path, ADR 0009)"
        )


class DossierQuerySet(models.QuerySet["Dossier"]):
    def update(self, **kwargs: Any) -> int:
        _refuse_lifecycle(kwargs)
        return super().update(**kwargs)

    def bulk_update(self, objs: Any, fields: Any, *args: Any, **kwargs: Any) -> int:
        _refuse_lifecycle(fields)
        return super().bulk_update(objs, fields, *args, **kwargs)

    def visible_to(self, user: Any, action: str = READ) -> DossierQuerySet:
        """Keep the dossiers `user` may see (READ) or act on (ACT); none for anonymous users."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        scope = Q(applicant=user)
        if action == READ or getattr(user, "kind", "") == UserKind.VOLUNTEER:
            # A volunteer sees what they helped with until hand-off or the end of consent.
            scope |= Q(helped_by=user, help_ends_at__gt=timezone.now())
        if getattr(user, "kind", "") == UserKind.STAFF:
            memberships = user.memberships_today()
            scope |= _staff_scope(memberships, action)
        return self.filter(scope)

"""Who takes part in a dossier's conversation, and on which side.

Reading follows `Dossier.objects.visible_to(user, "read")`; sending needs "act" (read-only
scopes such as province leadership read but never write). The applicant and the volunteer
helping them speak for the applicant's side; staff speak as officers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import Membership
from motcua.agencies.models import Agency
from motcua.dossiers.models import Dossier
from motcua.dossiers.queries import ACT, READ, descendants

from .choices import Side

if TYPE_CHECKING:
    from motcua.accounts.models import User


@dataclass(frozen=True)
class Access:
    """How one user stands towards one dossier's conversation."""

    side: Side
    may_send: bool


def readable(user: User, ref: str) -> Dossier | None:
    """The dossier with submission reference or code `ref` that `user` may read, or None."""
    key = ref.strip().upper()
    return (
        Dossier.objects.visible_to(user, READ)
        .filter(Q(reference=key) | Q(code=key))
        .select_related("competent_agency", "receiving_unit")
        .first()
    )


def access_to(user: User, dossier: Dossier) -> Access:
    """The side `user` speaks for on `dossier`, which they may read (see `readable`)."""
    if dossier.applicant_id == user.pk or _is_helping(user, dossier):
        return Access(Side.APPLICANT, may_send=True)
    acts = Dossier.objects.visible_to(user, ACT).filter(pk=dossier.pk).exists()
    return Access(Side.OFFICER, may_send=acts)


def _is_helping(user: User, dossier: Dossier) -> bool:
    # The volunteer speaks for the applicant until hand-off or the end of consent, the same
    # window in which visible_to() lets them see the dossier.
    return (
        dossier.helped_by_id == user.pk
        and dossier.help_ends_at is not None
        and dossier.help_ends_at > timezone.now()
    )


def officer_label(agency: Agency | None) -> str:
    """How an officer is named to the applicant's side: "Officer of <agency>", never by their
    personal name (messages, and the API's history and steps)."""
    if agency is None:
        return _("Officer")
    return _("Officer of %(agency)s") % {"agency": agency.name}


def officer_agency(user: User, dossier: Dossier) -> Agency:
    """The agency an officer writes for: the one of their memberships that handles the dossier
    (receiving unit, competent agency or a department of a step), else their first one, else
    the competent agency."""
    memberships = list(
        Membership.objects.filter(user=user)
        .in_force_on(timezone.localdate())
        .select_related("agency")
        .order_by("valid_from", "pk")
    )
    handling = descendants({dossier.competent_agency_id}) | {dossier.receiving_unit_id}
    handling |= set(dossier.steps.values_list("agency_id", flat=True))
    for membership in memberships:
        if membership.agency_id in handling:
            return membership.agency
    return memberships[0].agency if memberships else dossier.competent_agency

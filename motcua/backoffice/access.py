"""Who may do what in the back office: the second-factor policy (settings.STAFF_OTP_REQUIRED,
or the administrator's StaffSecurity row, enforced on every request by middleware.py), the
officer's memberships and acting roles, and the dossiers they may see or act on, found through
Dossier.objects.visible_to() only: another agency's dossier answers 404, never 403. The door of
every staff page is accounts.staff.staff_required.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Q
from django.http import Http404, HttpRequest

from motcua.accounts.choices import Role, UserKind
from motcua.accounts.models import Membership
from motcua.dossiers.models import Dossier
from motcua.dossiers.queries import ACT, READ, READ_ONLY_ROLES, descendants

ACTING_ROLES = {Role.COUNTER_OFFICER, Role.SPECIALIST, Role.LEADER}


def second_factor_required(user: Any) -> bool:
    """Whether `user` must prove a TOTP code: the general policy, or the administrator's
    decision for this one person."""
    if getattr(settings, "STAFF_OTP_REQUIRED", False):
        return True
    from .models import StaffSecurity

    return StaffSecurity.objects.filter(user_id=user.pk, require_second_factor=True).exists()


def is_verified(request: HttpRequest) -> bool:
    check = getattr(request.user, "is_verified", None)
    return bool(check()) if callable(check) else False


def memberships(user: Any) -> list[Membership]:
    """The user's memberships in force today (none for anyone but staff)."""
    if getattr(user, "kind", "") != UserKind.STAFF:
        return []
    return list(user.memberships_today())


def queue_action(user: Any) -> str:
    """ACT for an officer who acts somewhere; READ for read-only roles (supervisors,
    province and commune leadership, administrators)."""
    acting = [m for m in memberships(user) if m.role in ACTING_ROLES]
    return ACT if acting else READ


def find_dossier(user: Any, ref: str, action: str = READ) -> Dossier:
    """The dossier with reference or code `ref` that `user` may see (or act on), else 404."""
    key = ref.strip().upper()
    dossier = (
        Dossier.objects.visible_to(user, action)
        .filter(Q(reference=key) | Q(code=key))
        .select_related(
            "procedure_version__procedure",
            "receiving_unit",
            "competent_agency",
            "applicant_commune",
        )
        .first()
    )
    if dossier is None:
        raise Http404("No such dossier in your scope")
    return dossier


def notes_scope(user: Any) -> Q:
    """Dossiers whose internal notes `user` may read and write: those they act on as the
    receiving unit's counter, the competent agency's staff (and departments below it), or a
    department of a handling step. A consulted agency, which acts on the dossier only through
    a consultation step, is left out (architecture.md, "Scopes")."""
    acting = [
        m for m in memberships(user) if m.role not in READ_ONLY_ROLES and m.role in ACTING_ROLES
    ]
    scope = Q(pk__in=[])
    counters = {m.agency_id for m in acting if m.role == Role.COUNTER_OFFICER}
    if counters:
        scope |= Q(receiving_unit_id__in=counters)
    agencies = descendants({m.agency_id for m in acting if m.role != Role.COUNTER_OFFICER})
    if agencies:
        from motcua.dossiers.models import Step

        handling = Step.objects.filter(agency_id__in=agencies, kind="handling")
        scope |= Q(competent_agency_id__in=agencies) | Q(pk__in=handling.values("dossier_id"))
    return scope


def may_read_notes(user: Any, dossier: Dossier) -> bool:
    return (
        Dossier.objects.visible_to(user, ACT)
        .filter(notes_scope(user))
        .filter(pk=dossier.pk)
        .exists()
    )


def notes_dossier(user: Any, ref: str) -> Dossier:
    """The dossier whose internal notes `user` may use, else 404 (citizens, other agencies,
    consulted agencies and read-only roles alike)."""
    dossier = find_dossier(user, ref, ACT)
    if not may_read_notes(user, dossier):
        raise Http404("No such dossier in your scope")
    return dossier

"""Report scopes: the province, an agency, a commune (today's or a former one), a procedure.

architecture.md, "Scopes": the agency scope is the competent agency with its departments; the
commune scope is the applicant's commune. A commune of today counts the dossiers recorded
against it and against every former commune whose first-listed successor it is (ADR 0005), so
that former Bắc Kạn communes count in Thái Nguyên after 1 July 2025 and no dossier counts in
two communes; `commune-before-2025:` shows a former unit on its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from motcua.accounts.choices import Role, UserKind
from motcua.accounts.models import Membership
from motcua.agencies.models import Agency
from motcua.catalog.models import Procedure
from motcua.dossiers.queries import descendants
from motcua.units.choices import Level, Scheme
from motcua.units.models import AdministrativeUnit, UnitSuccession

PROVINCE, AGENCY, COMMUNE, FORMER_COMMUNE, PROCEDURE = (
    "province",
    "agency",
    "commune",
    "commune-before-2025",
    "procedure",
)
KINDS = (PROVINCE, AGENCY, COMMUNE, FORMER_COMMUNE, PROCEDURE)
WHOLE_PROVINCE = {Role.CENTRE_SUPERVISOR, Role.PROVINCE_LEADERSHIP, Role.ADMINISTRATOR}


class UnknownScope(ValueError):
    """The scope names an agency, commune or procedure that does not exist."""


@dataclass(frozen=True)
class Scope:
    kind: str
    code: str
    label: str

    def __str__(self) -> str:
        return f"{self.kind}:{self.code}"


@dataclass(frozen=True)
class Selection:
    """What a scope selects: None means "no limit" on that column."""

    agencies: frozenset[int] | None = None
    communes: frozenset[int] | None = None
    procedure: int | None = None


def parse_scope(text: str | None) -> Scope:
    """Read "kind:code"; None or "" is the deployment's province. ValueError when unknown."""
    text = (text or "").strip()
    if not text:
        return province_scope()
    kind, sep, code = text.partition(":")
    code = code.strip()
    if not sep or kind not in KINDS or not code:
        raise ValueError(
            _(
                "Write the scope as province:19, agency:<code>, commune:<code>, "
                "commune-before-2025:<code> or procedure:<code>."
            )
        )
    return _LABELLERS[kind](code)


def province_scope() -> Scope:
    code = settings.PROVINCE_CODE
    unit = AdministrativeUnit.objects.filter(
        scheme=Scheme.FROM_2025, level=Level.PROVINCE, code=code
    ).first()
    return Scope(PROVINCE, code, unit.name if unit else _("Province %(code)s") % {"code": code})


def _province(code: str) -> Scope:
    if code.lstrip("0") != settings.PROVINCE_CODE.lstrip("0"):
        raise ValueError(
            _("This system reports on province %(code)s only.") % {"code": settings.PROVINCE_CODE}
        )
    return province_scope()


def _agency(code: str) -> Scope:
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        raise UnknownScope(_("No agency has the code %(code)s.") % {"code": code})
    return Scope(AGENCY, agency.code, agency.name)


def _commune(scheme: str, kind: str) -> Callable[[str], Scope]:
    def label(code: str) -> Scope:
        unit = AdministrativeUnit.objects.filter(
            scheme=scheme, level=Level.COMMUNE, code=code.zfill(5)
        ).first()
        if unit is None:
            raise UnknownScope(_("No commune has the code %(code)s.") % {"code": code})
        return Scope(kind, unit.code, unit.name)

    return label


def _procedure(code: str) -> Scope:
    procedure = Procedure.objects.filter(code=code).first()
    if procedure is None:
        raise UnknownScope(_("No procedure has the code %(code)s.") % {"code": code})
    latest = procedure.versions.order_by("-valid_from").first()
    return Scope(PROCEDURE, procedure.code, latest.name if latest else procedure.code)


_LABELLERS: dict[str, Callable[[str], Scope]] = {
    PROVINCE: _province,
    AGENCY: _agency,
    COMMUNE: _commune(Scheme.FROM_2025, COMMUNE),
    FORMER_COMMUNE: _commune(Scheme.BEFORE_2025, FORMER_COMMUNE),
    PROCEDURE: _procedure,
}


# --- What a scope selects -------------------------------------------------------------------


def selection(scope: Scope) -> Selection:
    if scope.kind == AGENCY:
        agency = Agency.objects.get(code=scope.code)
        return Selection(agencies=frozenset(descendants({agency.pk})))
    if scope.kind == COMMUNE:
        unit = AdministrativeUnit.objects.get(
            scheme=Scheme.FROM_2025, level=Level.COMMUNE, code=scope.code
        )
        return Selection(communes=frozenset(counted_in(unit.pk)))
    if scope.kind == FORMER_COMMUNE:
        unit = AdministrativeUnit.objects.get(
            scheme=Scheme.BEFORE_2025, level=Level.COMMUNE, code=scope.code
        )
        return Selection(communes=frozenset({unit.pk}))
    if scope.kind == PROCEDURE:
        return Selection(procedure=Procedure.objects.get(code=scope.code).pk)
    return Selection()


def counted_in(unit_id: int) -> set[int]:
    """Today's commune and the former communes whose first-listed successor it is."""
    return counted_in_each({unit_id})[unit_id]


def counted_in_each(unit_ids: set[int]) -> dict[int, set[int]]:
    """counted_in() of several of today's communes, from one read of the successions."""
    predecessors = UnitSuccession.objects.filter(successor_id__in=unit_ids).values("predecessor_id")
    links = (
        UnitSuccession.objects.filter(predecessor_id__in=predecessors)
        .order_by("predecessor_id", "position")
        .values_list("predecessor_id", "successor_id")
    )
    first: dict[int, int] = {}
    for old, new in links:
        first.setdefault(old, new)
    counted: dict[int, set[int]] = {unit: {unit} for unit in unit_ids}
    for old, new in first.items():
        if new in counted:
            counted[new].add(old)
    return counted


def selections_of(kind: str, keys: set[int]) -> dict[int, Selection]:
    """selection() of each agency or today's commune (by id) that a ranking lists."""
    if kind == AGENCY:
        return {pk: Selection(agencies=frozenset(descendants({pk}))) for pk in keys}
    return {pk: Selection(communes=frozenset(units)) for pk, units in counted_in_each(keys).items()}


def current_commune_of(unit_ids: set[int]) -> dict[int, int]:
    """Map each unit to today's commune it counts in (itself for a 2025 unit)."""
    units = AdministrativeUnit.objects.filter(pk__in=unit_ids).values_list("pk", "scheme")
    found = {pk: pk for pk, scheme in units if scheme == Scheme.FROM_2025}
    links = (
        UnitSuccession.objects.filter(predecessor_id__in=unit_ids - set(found))
        .order_by("predecessor_id", "position")
        .values_list("predecessor_id", "successor_id")
    )
    for old, new in links:
        found.setdefault(old, new)
    return found


# --- Who may read a scope ---------------------------------------------------------------------


def check_readable(scope: Scope, user: Any) -> None:
    """Raise PermissionDenied unless `user` may read figures of `scope`.

    The centre supervisor, province leadership and administrators read the whole province;
    leaders read their agency and its departments; commune leaders their commune (today's, or
    a former one that counts in it).
    """
    if not getattr(user, "is_authenticated", False) or getattr(user, "kind", "") != UserKind.STAFF:
        raise PermissionDenied
    memberships = user.memberships_today()
    if {m.role for m in memberships} & WHOLE_PROVINCE:
        return
    if scope.kind == AGENCY and _leads(scope, memberships):
        return
    if scope.kind in (COMMUNE, FORMER_COMMUNE) and _commune_leader_of(scope, memberships):
        return
    raise PermissionDenied


def may_read_province(user: Any) -> bool:
    try:
        check_readable(province_scope(), user)
    except PermissionDenied:
        return False
    return True


def _leads(scope: Scope, memberships: list[Membership]) -> bool:
    led = descendants({m.agency_id for m in memberships if m.role == Role.LEADER})
    return Agency.objects.filter(code=scope.code, pk__in=led).exists()


def _commune_leader_of(scope: Scope, memberships: list[Membership]) -> bool:
    agencies = [m.agency_id for m in memberships if m.role == Role.COMMUNE_LEADER]
    if not agencies:
        return False
    served = set(
        Agency.units_served.through.objects.filter(agency_id__in=agencies).values_list(
            "administrativeunit_id", flat=True
        )
    )
    wanted = selection(scope).communes or frozenset()
    return bool(wanted) and all(current_commune_of(set(wanted)).get(u) in served for u in wanted)

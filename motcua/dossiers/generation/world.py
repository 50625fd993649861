"""The province the stories happen in: procedures, agencies, staff, communes and citizens.

`load_world` reads the reference data once into plain values, so that the stories need no
database. It writes the people the stories need and the database lacks: a pool of citizens,
and counter officers, specialists and leaders for the agencies that have none (existing
memberships, such as the demo personas', are used first).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

from motcua.accounts.choices import Role, UserKind
from motcua.accounts.models import Membership, User
from motcua.agencies.choices import AgencyKind, AgencyLevel
from motcua.agencies.models import Agency
from motcua.catalog.fees import FeeLine
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.pricing import fee_line
from motcua.lib.text import fold
from motcua.units.choices import Level, Scheme
from motcua.units.models import AdministrativeUnit

from ..lifecycle import Limit
from . import people
from .clock import VN
from .writer import Ids, Table, columns_of, write

STAFF_FROM = dt.date(2025, 7, 1)  # today's agencies came into being with the 2025 reform
STAFF_PER_ROLE: dict[str, int] = {Role.COUNTER_OFFICER: 3, Role.SPECIALIST: 4, Role.LEADER: 1}
# Commune civil status, residence and certification make most of a province's dossiers.
BUSY_SECTORS = ("ho tich", "cu tru", "chung thuc")
LAND = "dat dai"  # land dossiers carry a financial obligation step (nghĩa vụ tài chính)

USER_TABLE = Table(
    User,
    columns_of(
        User,
        (
            "id",
            "password",
            "last_login",
            "is_superuser",
            "phone",
            "email",
            "full_name",
            "kind",
            "is_active",
            "is_staff",
            "date_joined",
            "id_number",
            "date_of_birth",
            "sex",
            "address",
            "commune_id",
            "vneid_verified_at",
        ),
    ),
)
NO_PROFILE = ("", None, "", "", None, None)  # id_number … vneid_verified_at of staff
MEMBERSHIP_TABLE = Table(
    Membership,
    columns_of(Membership, ("id", "user_id", "agency_id", "role", "valid_from", "valid_until")),
)


@dataclass(frozen=True)
class Document:
    id: int
    name: str
    mandatory: bool
    reusable: bool


@dataclass(frozen=True)
class Version:
    id: int
    limit: Limit
    online_level: str
    result_is_document: bool
    obligation: bool
    weight: float
    valid_from: dt.date
    valid_until: dt.date | None
    agencies: tuple[int, ...]
    documents: tuple[Document, ...]
    fee_lines: tuple[FeeLine, ...]
    province_level: bool
    serving: dict[int, tuple[int, ...]] = field(default_factory=dict)  # commune -> agencies

    def in_force(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


@dataclass(frozen=True)
class Commune:
    id: int
    scheme: str
    name: str


@dataclass(frozen=True)
class Citizen:
    user_id: int
    full_name: str
    id_number: str
    commune: int  # index into World.communes, -1 for none
    address: str
    vneid: bool


@dataclass
class World:
    versions: list[Version]
    agency_code: dict[int, str]
    centres_of: dict[int, tuple[int, ...]]
    all_centres: tuple[int, ...]
    divisions_of: dict[int, tuple[int, ...]]
    consultable: tuple[int, ...]
    communes: list[Commune]
    local_communes: list[int]
    staff: dict[tuple[int, str], tuple[int, ...]] = field(default_factory=dict)
    citizens: list[Citizen] = field(default_factory=list)
    written_users: int = 0
    written_memberships: int = 0


def load_world(year: int, rng: random.Random, ids: Ids, citizens: int) -> World:
    """Read the reference data and write the missing staff and the citizen pool."""
    agencies = list(Agency.objects.prefetch_related("units_served"))
    units = {a.pk: frozenset(u.pk for u in a.units_served.all()) for a in agencies}
    versions = _versions(year, units)
    if not versions:
        raise ValueError(
            "No procedure version with implementing agencies is in force in "
            f"{year}: load the catalog first (load_demo_catalog)."
        )
    world = World(
        versions=versions,
        agency_code={a.pk: a.code for a in agencies},
        centres_of=_centres(agencies, units),
        all_centres=tuple(a.pk for a in agencies if a.kind == AgencyKind.SERVICE_CENTRE),
        divisions_of=_divisions(agencies),
        consultable=tuple(sorted({a for v in versions for a in v.agencies})),
        communes=[],
        local_communes=[],
    )
    _communes(world, units)
    world.staff = _staff(world, rng, ids)
    world.citizens = _citizens(world, rng, ids, citizens, year)
    return world


def _versions(year: int, units: dict[int, frozenset[int]]) -> list[Version]:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    qs = (
        ProcedureVersion.objects.filter(valid_from__lte=end)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=start))
        .select_related("sector")
        .prefetch_related("implementing_agencies", "documents", "fees")
        .order_by("procedure__code", "number")
    )
    found = []
    for v in qs:
        agencies = tuple(sorted(a.pk for a in v.implementing_agencies.all()))
        if not agencies:
            continue  # no agency to handle it: nobody could receive such a dossier
        sector = fold(v.sector.name)
        province = v.level in ("province", "central")
        weight = 5.0 if any(s in sector for s in BUSY_SECTORS) else (0.8 if province else 1.2)
        serving: dict[int, list[int]] = defaultdict(list)
        for agency in agencies:
            for unit in units[agency]:
                serving[unit].append(agency)
        found.append(
            Version(
                id=v.pk,
                limit=Limit(v.time_limit, v.time_limit_unit),
                online_level=v.online_level,
                result_is_document=v.result_type == "document",
                obligation=LAND in sector,
                weight=weight,
                valid_from=v.valid_from,
                valid_until=v.valid_until,
                agencies=agencies,
                documents=tuple(
                    Document(d.pk, d.name[:500], d.mandatory, d.reusable)
                    for d in sorted(v.documents.all(), key=lambda d: (d.position, d.pk))
                ),
                fee_lines=tuple(
                    fee_line(r) for r in sorted(v.fees.all(), key=lambda r: (r.position, r.pk))
                ),
                province_level=province,
                serving={unit: tuple(a) for unit, a in serving.items()},
            )
        )
    return found


def _centres(
    agencies: list[Agency], units: dict[int, frozenset[int]]
) -> dict[int, tuple[int, ...]]:
    """Each agency's local service centres: those serving the same units at the same level."""
    centres = [a for a in agencies if a.kind == AgencyKind.SERVICE_CENTRE]
    found = {}
    for a in agencies:
        local = tuple(c.pk for c in centres if c.level == a.level and units[c.pk] & units[a.pk])
        if not local:  # a central agency's branch: the provincial centre receives for it
            local = tuple(c.pk for c in centres if c.level == AgencyLevel.PROVINCE)
        found[a.pk] = local or (a.pk,)  # no centre at all: the agency's own one-stop section
    return found


def _divisions(agencies: list[Agency]) -> dict[int, tuple[int, ...]]:
    found: dict[int, list[int]] = defaultdict(list)
    for a in agencies:
        if a.kind == AgencyKind.DIVISION and a.parent_id:
            found[a.parent_id].append(a.pk)
    return {k: tuple(v) for k, v in found.items()}


def _communes(world: World, units: dict[int, frozenset[int]]) -> None:
    """Thái Nguyên's communes of the 2025 scheme if loaded, else the units agencies serve."""
    qs = AdministrativeUnit.objects.filter(
        scheme=Scheme.FROM_2025,
        level=Level.COMMUNE,
        parent__level=Level.PROVINCE,
        parent__code="19",
    )
    if not qs.exists():
        served = {u for v in world.versions for a in v.agencies for u in units[a]}
        qs = AdministrativeUnit.objects.filter(pk__in=served, level=Level.COMMUNE)
    world.communes = [Commune(u.pk, u.scheme, u.name) for u in qs.order_by("code")]
    served_here = {u for v in world.versions for u in v.serving}
    world.local_communes = [i for i, c in enumerate(world.communes) if c.id in served_here]


def _staff(world: World, rng: random.Random, ids: Ids) -> dict[tuple[int, str], tuple[int, ...]]:
    """Officers by (agency, role): those with a membership, and generated ones where none."""
    pools: dict[tuple[int, str], list[int]] = defaultdict(list)
    for user_id, agency_id, role in (
        Membership.objects.filter(role__in=STAFF_PER_ROLE)
        .order_by("user_id", "agency_id")
        .values_list("user_id", "agency_id", "role")
    ):
        pools[(agency_id, role)].append(user_id)
    needed = _needed_posts(world)
    missing = [(agency, role) for agency, role in needed if not pools[(agency, role)]]
    taken = _phones()
    users, memberships = [], []
    for agency, role in missing:
        for _ in range(STAFF_PER_ROLE[role]):
            person = people.person(rng, taken)
            user_id = ids.take(USER_TABLE, 1)
            users.append(
                (
                    user_id,
                    person.password,
                    None,
                    False,
                    person.phone,
                    None,
                    person.full_name,
                    UserKind.STAFF,
                    True,
                    False,
                    dt.datetime.combine(STAFF_FROM, dt.time(8), tzinfo=VN),
                    *NO_PROFILE,
                )
            )
            memberships.append(
                (ids.take(MEMBERSHIP_TABLE, 1), user_id, agency, role, STAFF_FROM, None)
            )
            pools[(agency, role)].append(user_id)
    world.written_users += write(USER_TABLE, users)
    world.written_memberships += write(MEMBERSHIP_TABLE, memberships)
    return {key: tuple(value) for key, value in pools.items() if value}


def _phones() -> set[str]:
    return {p for p in User.objects.exclude(phone=None).values_list("phone", flat=True) if p}


def _needed_posts(world: World) -> list[tuple[int, str]]:
    handling = set(world.consultable)
    handling |= {d for a in world.consultable for d in world.divisions_of.get(a, ())}
    receiving = {c for a in world.consultable for c in world.centres_of[a]}
    receiving |= set(world.all_centres)  # centres receive from anywhere in the province
    posts: list[tuple[int, str]] = [(a, Role.SPECIALIST) for a in sorted(handling)]
    posts += [(a, Role.LEADER) for a in sorted(world.consultable)]
    posts += [(c, Role.COUNTER_OFFICER) for c in sorted(receiving)]
    return posts


def _citizens(world: World, rng: random.Random, ids: Ids, count: int, year: int) -> list[Citizen]:
    """The pool of applicants, written as users that cannot sign in until they reset."""
    taken = _phones()
    first = ids.take(USER_TABLE, count)
    citizens, rows = [], []
    for user_id in range(first, first + count):
        person = people.person(rng, taken)
        commune = _home(world, rng)
        name = world.communes[commune].name if commune >= 0 else "Thái Nguyên"
        home = people.address(rng, name)
        citizens.append(
            Citizen(user_id, person.full_name, person.id_number, commune, home, rng.random() < 0.65)
        )
        unit = world.communes[commune] if commune >= 0 else None
        rows.append(
            (
                user_id,
                person.password,
                None,
                False,
                person.phone,
                None,
                person.full_name,
                UserKind.CITIZEN,
                True,
                False,
                people.joined(rng, year),
                person.id_number,
                None,
                "",
                home,
                unit.id if unit and unit.scheme == Scheme.FROM_2025 else None,
                None,
            )
        )
    world.written_users += write(USER_TABLE, rows)
    return citizens


def _home(world: World, rng: random.Random) -> int:
    """Most applicants live in a commune whose agencies are in the catalog."""
    if world.local_communes and rng.random() < 0.7:
        return rng.choice(world.local_communes)
    return rng.randrange(len(world.communes)) if world.communes else -1

"""The demo personas of architecture.md, used by the demo data and by the tests.

officer_chi belongs to another agency than the others: tests use her to show that an officer
of another agency gets 404. citizen_an and volunteer_bao have a profile (personal identification
number, date of birth, address) so that forms have something to pre-fill; the stand-in identity
provider (accounts.oidc_standin) knows citizen_an by the same number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from motcua.agencies.models import Agency
from motcua.units.choices import Level, Scheme
from motcua.units.models import AdministrativeUnit

from .choices import Role, Sex, UserKind
from .models import Membership, User

DEMO_PASSWORD = "motcua-demo-2026"
AGENCIES_FROM = dt.date(2025, 7, 1)


@dataclass(frozen=True)
class Persona:
    username: str
    full_name: str
    phone: str
    email: str
    kind: str
    roles: tuple[tuple[str, str], ...] = ()  # (agency e-ID code, role)
    id_number: str = ""
    date_of_birth: dt.date | None = None
    sex: str = ""
    address: str = ""
    commune: str = ""  # code of a commune of the 2025 scheme; left empty where it is not loaded


PERSONAS = (
    # 019: birth registered in Thái Nguyên; 0: a man born in the 1900s; 85: born in 1985.
    Persona(
        "citizen_an",
        "Nguyễn Văn An",
        "0912000001",
        "an@example.vn",
        UserKind.CITIZEN,
        id_number="019085001234",
        date_of_birth=dt.date(1985, 3, 12),
        sex=Sex.MALE,
        address="Số 12, ngõ 3, đường Hoàng Văn Thụ, tổ 5",
        commune="05443",
    ),
    # 1: a woman born in the 1900s; 92: born in 1992.
    Persona(
        "volunteer_bao",
        "Trần Thị Bảo",
        "0912000002",
        "bao@example.vn",
        UserKind.VOLUNTEER,
        id_number="019192004321",
        date_of_birth=dt.date(1992, 7, 20),
        sex=Sex.FEMALE,
        address="Tổ 9",
        commune="05467",
    ),
    Persona(
        "counter_cuong",
        "Lê Văn Cường",
        "0912000003",
        "cuong@example.vn",
        UserKind.STAFF,
        (("000.01.31.H19", Role.COUNTER_OFFICER),),
    ),
    Persona(
        "officer_binh",
        "Phạm Thị Bình",
        "0912000004",
        "binh@example.vn",
        UserKind.STAFF,
        (("000.00.31.H19", Role.SPECIALIST),),
    ),
    Persona(
        "officer_chi",
        "Hoàng Thị Chi",
        "0912000005",
        "chi@example.vn",
        UserKind.STAFF,
        (("000.00.33.H19", Role.SPECIALIST),),
    ),
    Persona(
        "leader_dung",
        "Vũ Văn Dũng",
        "0912000006",
        "dung@example.vn",
        UserKind.STAFF,
        (("000.00.31.H19", Role.LEADER),),
    ),
    Persona(
        "admin_em",
        "Đỗ Thị Em",
        "0912000007",
        "em@example.vn",
        UserKind.STAFF,
        (("000.00.00.H19", Role.ADMINISTRATOR),),
    ),
)


def create_persona(persona: Persona, password: str = DEMO_PASSWORD) -> User:
    """Create or refresh one persona with its memberships; agencies must exist."""
    user = User.objects.filter(email=persona.email).first()
    if user is None:
        user = User.objects.create_user(
            phone=persona.phone,
            email=persona.email,
            password=password,
            full_name=persona.full_name,
            kind=persona.kind,
        )
    _fill_profile(user, persona)
    if persona.username == "admin_em":
        User.objects.filter(pk=user.pk).update(is_staff=True, is_superuser=True)
        user.refresh_from_db()
    for code, role in persona.roles:
        # From the day today's agencies came into being (the 2025 reorganisation).
        Membership.objects.get_or_create(
            user=user,
            agency=Agency.objects.get(code=code),
            role=role,
            defaults={"valid_from": AGENCIES_FROM},
        )
    return user


def _fill_profile(user: User, persona: Persona) -> None:
    """Give the persona's profile values to the fields still empty, so that edits survive."""
    values = {
        "id_number": persona.id_number,
        "date_of_birth": persona.date_of_birth,
        "sex": persona.sex,
        "address": persona.address,
        "commune": AdministrativeUnit.objects.filter(
            scheme=Scheme.FROM_2025, level=Level.COMMUNE, code=persona.commune
        ).first()
        if persona.commune
        else None,
    }
    empty = [name for name, value in values.items() if value and not getattr(user, name)]
    for name in empty:
        setattr(user, name, values[name])
    if empty:
        user.save(update_fields=empty)

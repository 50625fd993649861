"""The demo personas of architecture.md, used by the demo data and by the tests.

officer_chi belongs to another agency than the others: tests use her to show that an officer
of another agency gets 404.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from motcua.agencies.models import Agency

from .choices import Role, UserKind
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


PERSONAS = (
    Persona("citizen_an", "Nguyễn Văn An", "0912000001", "an@example.vn", UserKind.CITIZEN),
    Persona("volunteer_bao", "Trần Thị Bảo", "0912000002", "bao@example.vn", UserKind.VOLUNTEER),
    Persona("counter_cuong", "Lê Văn Cường", "0912000003", "cuong@example.vn", UserKind.STAFF,
            (("000.01.31.H19", Role.COUNTER_OFFICER),)),
    Persona("officer_binh", "Phạm Thị Bình", "0912000004", "binh@example.vn", UserKind.STAFF,
            (("000.00.31.H19", Role.SPECIALIST),)),
    Persona("officer_chi", "Hoàng Thị Chi", "0912000005", "chi@example.vn", UserKind.STAFF,
            (("000.00.33.H19", Role.SPECIALIST),)),
    Persona("leader_dung", "Vũ Văn Dũng", "0912000006", "dung@example.vn", UserKind.STAFF,
            (("000.00.31.H19", Role.LEADER),)),
    Persona("admin_em", "Đỗ Thị Em", "0912000007", "em@example.vn", UserKind.STAFF,
            (("000.00.00.H19", Role.ADMINISTRATOR),)),
)


def create_persona(persona: Persona, password: str = DEMO_PASSWORD) -> User:
    """Create or refresh one persona with its memberships; agencies must exist."""
    user = User.objects.filter(email=persona.email).first()
    if user is None:
        user = User.objects.create_user(
            phone=persona.phone, email=persona.email, password=password,
            full_name=persona.full_name, kind=persona.kind,
        )
    if persona.username == "admin_em":
        User.objects.filter(pk=user.pk).update(is_staff=True, is_superuser=True)
        user.refresh_from_db()
    for code, role in persona.roles:
        # From the day today's agencies came into being (the 2025 reorganisation).
        Membership.objects.get_or_create(user=user, agency=Agency.objects.get(code=code),
                                         role=role, defaults={"valid_from": AGENCIES_FROM})
    return user

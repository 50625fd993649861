"""Fixtures shared by every app's tests: the reference data and the personas of architecture.md.

officer_chi works for another agency than officer_binh, counter_cuong and leader_dung; tests
use her to show that an officer of another agency gets 404.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command

from motcua.accounts.demo import PERSONAS, create_persona
from motcua.accounts.models import User
from motcua.agencies.loading import DEMO_FILE, load_agencies
from motcua.units.choices import Scheme
from motcua.units.models import AdministrativeUnit


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """PBKDF2's deliberate slowness protects real passwords, not test personas."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _version_tokens_read_every_time(settings: Any) -> None:
    """Each test's database holds its own tokens: a process may not trust one it read before."""
    settings.VERSION_TOKEN_SECONDS = 0


@pytest.fixture(autouse=True)
def _report_reads_remembered_within_one_test() -> Iterator[None]:
    """Each test's aggregates are its own: a watermark may repeat from one test to the next."""
    from motcua.reports import memo

    memo.clear()
    yield
    memo.clear()


def _units_of_demo_agencies() -> None:
    """Create just the 2025 units the demo agencies serve, instead of all 13,000."""
    refs = {
        ref
        for row in json.loads(DEMO_FILE.read_text("utf-8"))["agencies"]
        for ref in row.get("units", [])
    }
    province = None
    for ref in sorted(refs, reverse=True):  # "province:19" before the communes
        level, _sep, code = ref.partition(":")
        unit, _created = AdministrativeUnit.objects.get_or_create(
            scheme=Scheme.FROM_2025,
            level=level,
            code=code,
            defaults={
                "name": f"{level} {code}",
                "division_type": level,
                "codename": code,
                "parent": province,
            },
        )
        province = province or unit


@pytest.fixture
def demo_agencies(db: None) -> None:
    _units_of_demo_agencies()
    load_agencies()


@pytest.fixture
def demo_catalog(demo_agencies: None) -> None:
    """The demo agencies, the official calendar decisions and the demo procedure catalog."""
    call_command("load_calendar", stdout=io.StringIO())
    call_command("load_demo_catalog", stdout=io.StringIO())


def _persona(name: str) -> User:
    return create_persona(next(p for p in PERSONAS if p.username == name))


@pytest.fixture
def citizen_an(db: None) -> User:
    return _persona("citizen_an")


@pytest.fixture
def officer_binh(demo_agencies: None) -> User:
    return _persona("officer_binh")


@pytest.fixture
def officer_chi(demo_agencies: None) -> User:
    return _persona("officer_chi")


@pytest.fixture
def admin_em(demo_agencies: None) -> User:
    return _persona("admin_em")


@pytest.fixture
def counter_cuong(demo_agencies: None) -> User:
    return _persona("counter_cuong")


@pytest.fixture
def leader_dung(demo_agencies: None) -> User:
    return _persona("leader_dung")


@pytest.fixture
def volunteer_bao(db: None) -> User:
    return _persona("volunteer_bao")


@pytest.fixture
def demo_forms(demo_catalog: None) -> None:
    """The demo catalog with its online forms (1.004222 and 1.001193)."""
    call_command("load_demo_forms", stdout=io.StringIO())

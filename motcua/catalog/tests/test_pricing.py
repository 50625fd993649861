"""Stored fee rules computed through `catalog.fees`."""

from __future__ import annotations

import pytest

from motcua.agencies.models import Agency
from motcua.catalog.fees import FeeLine, Tier
from motcua.catalog.importing import DEMO_CATALOG, import_catalog
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.pricing import fee_cases, fee_lines, version_fees

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(agencies: dict[str, Agency]) -> None:
    import_catalog(DEMO_CATALOG.read_bytes(), DEMO_CATALOG.name)


def current(code: str) -> ProcedureVersion:
    return ProcedureVersion.objects.get(procedure__code=code, number=1)


def test_fee_lines_carry_every_rule_field(demo: None) -> None:
    version = current("1.004194")
    rule = version.fees.get(position=3)

    assert fee_lines(version)[2] == FeeLine(
        name="Lệ phí đăng ký tạm trú theo danh sách (trực tiếp)",
        kind="le-phi",
        basis="per-person",
        channel="in-person",
        amount=10_000,
        tiers=(),
        cap_per_copy=None,
        confirmed=True,
        case="Theo danh sách",
        code="",
        description=rule.description,
    )


def test_tiers_become_pure_tiers(demo: None) -> None:
    (line,) = fee_lines(current("2.000815"))

    assert (line.basis, line.amount, line.tiers, line.cap_per_copy) == (
        "per-page",
        2000,
        (Tier(from_page=3, amount=1000),),
        200_000,
    )


@pytest.mark.parametrize(
    ("code", "channel", "options", "expected"),
    [
        ("2.000815", "in-person", {"pages": 10}, 12_000),
        ("2.000815", "in-person", {"pages": 500, "copies": 2}, 400_000),
        ("1.004222", "online", {}, 10_000),
        ("1.004222", "in-person", {}, 20_000),
        ("1.004194", "online", {"case": "Theo danh sách", "persons": 3}, 15_000),
        ("1.004194", "in-person", {}, 15_000),
        ("1.002755", "online", {"case": "Theo danh sách", "persons": 3}, None),
        ("2.000635", "online", {"copies": 3}, 24_000),
        ("1.001193", "online", {}, None),
        ("1.001193", "online", {"exempt": True}, 0),
        ("1.000894", "in-person", {}, 0),
    ],
)
def test_demo_fees(
    demo: None, code: str, channel: str, options: dict[str, object], expected: int | None
) -> None:
    assert version_fees(current(code), channel, **options).total == expected


def test_fee_cases_list_the_ordinary_case_first(demo: None) -> None:
    assert fee_cases(current("1.004194")) == ["", "Theo danh sách"]
    assert fee_cases(current("1.001193")) == [""]

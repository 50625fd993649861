"""load_units and build_units_data against the real register."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from pytest_django import DjangoDbBlocker

from motcua.units.choices import Level, Scheme
from motcua.units.loading import LoadReport, load_units
from motcua.units.models import AdministrativeUnit, UnitSuccession
from motcua.units.register import REGISTER_FILE, build_register, read_register

from .fixtures import register_loaded

SHARED = Path("/work/shared/data/admin-units")

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def register(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[LoadReport]:
    with register_loaded(django_db_blocker) as report:
        yield report


def counts() -> dict[tuple[str, str], int]:
    rows = AdministrativeUnit.objects.values_list("scheme", "level")
    result: dict[tuple[str, str], int] = {}
    for key in rows:
        result[key] = result.get(key, 0) + 1
    return result


def test_it_loads_every_unit_of_both_schemes(register: LoadReport) -> None:
    assert counts() == {
        (Scheme.BEFORE_2025, Level.PROVINCE): 63,
        (Scheme.BEFORE_2025, Level.DISTRICT): 696,
        (Scheme.BEFORE_2025, Level.COMMUNE): 10_051,
        (Scheme.FROM_2025, Level.PROVINCE): 34,
        (Scheme.FROM_2025, Level.COMMUNE): 3_321,
    }
    assert register.units.created == 14_165
    assert register.successions.created == UnitSuccession.objects.count() == 10_618


def test_it_dates_units_by_scheme(register: LoadReport) -> None:
    old = AdministrativeUnit.objects.filter(scheme=Scheme.BEFORE_2025)
    new = AdministrativeUnit.objects.filter(scheme=Scheme.FROM_2025)
    links = UnitSuccession.objects.all()
    assert set(old.values_list("valid_from", "valid_until")) == {(None, dt.date(2025, 6, 30))}
    assert set(new.values_list("valid_from", "valid_until")) == {(dt.date(2025, 7, 1), None)}
    assert set(links.values_list("effective_on", flat=True)) == {dt.date(2025, 7, 1)}


def test_it_changes_nothing_when_run_again(register: LoadReport) -> None:
    report = load_units()

    assert (report.units.created, report.units.updated) == (0, 0)
    assert report.units.unchanged == 14_165
    assert (report.successions.created, report.successions.updated) == (0, 0)
    assert report.successions.unchanged == 10_618


def test_it_puts_back_a_unit_changed_by_hand(register: LoadReport) -> None:
    AdministrativeUnit.objects.filter(scheme="2025", level="province", code="19").update(
        name="Tỉnh Thái Nguyên (sửa tay)"
    )
    UnitSuccession.objects.filter(predecessor__code="05467", position=0).update(partly=False)

    report = load_units()

    assert report.units.updated == 1
    assert report.successions.updated == 1
    assert AdministrativeUnit.objects.get(scheme="2025", level="province", code="19").name == (
        "Tỉnh Thái Nguyên"
    )


def test_it_keeps_a_unit_the_file_does_not_have(register: LoadReport) -> None:
    AdministrativeUnit.objects.create(
        scheme="2025", level="province", code="99", name="Thử", division_type="tỉnh", codename="thu"
    )

    report = load_units()

    assert report.units.not_in_file == 1
    assert AdministrativeUnit.objects.filter(code="99").exists()


def test_the_command_prints_what_it_did_and_the_counts(register: LoadReport) -> None:
    out = StringIO()

    call_command("load_units", stdout=out)

    text = out.getvalue()
    assert "Units: 0 created, 0 updated, 14,165 unchanged." in text
    assert "Successions: 0 created, 0 updated, 10,618 unchanged." in text
    assert "2025         commune    3,321" in text


@pytest.mark.skipif(not SHARED.is_dir(), reason="the shared data folder is not on this machine")
def test_the_shipped_file_is_what_build_units_data_makes_from_the_shared_folder(
    tmp_path: Path,
) -> None:
    output = tmp_path / "units.json.gz"

    call_command("build_units_data", str(SHARED), output=output, stdout=StringIO())

    assert output.read_bytes() == REGISTER_FILE.read_bytes()
    assert json.loads(json.dumps(build_register(SHARED))) == read_register()

"""The admin shows units and successions and lets nobody change them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from motcua.accounts.models import User
from motcua.units.models import AdministrativeUnit, UnitSuccession

pytestmark = pytest.mark.django_db

OLD = {"scheme": "before-2025", "valid_until": dt.date(2025, 6, 30)}
NEW = {"scheme": "2025", "valid_from": dt.date(2025, 7, 1)}
Pair = tuple[AdministrativeUnit, AdministrativeUnit]


@pytest.fixture
def admin_em(client: Client) -> User:
    user = User.objects.create_superuser(email="em@example.vn", password="x", full_name="Admin Em")
    client.force_login(user)
    return user


def make(
    level: str,
    code: str,
    name: str,
    division_type: str,
    parent: AdministrativeUnit | None,
    dates: dict[str, object],
) -> AdministrativeUnit:
    return AdministrativeUnit.objects.create(
        level=level, code=code, name=name, division_type=division_type, parent=parent, **dates
    )


@pytest.fixture
def bac_kan() -> Pair:
    """Old Bắc Kạn with one district and one commune, which became Phường Bắc Kạn."""
    province = make("province", "06", "Tỉnh Bắc Kạn", "tỉnh", None, OLD)
    district = make("district", "058", "Thành phố Bắc Kạn", "thành phố", province, OLD)
    old = make("commune", "01843", "Phường Phùng Chí Kiên", "phường", district, OLD)
    thai_nguyen = make("province", "19", "Tỉnh Thái Nguyên", "tỉnh", None, NEW)
    new = make("commune", "01843", "Phường Bắc Kạn", "phường", thai_nguyen, NEW)
    UnitSuccession.objects.create(predecessor=old, successor=new, effective_on=dt.date(2025, 7, 1))
    return old, new


@pytest.mark.usefixtures("admin_em")
def test_it_lists_units_of_one_province(client: Client, bac_kan: Pair) -> None:
    province = AdministrativeUnit.objects.get(scheme="before-2025", code="06")

    response = client.get(f"/admin/units/administrativeunit/?province={province.pk}")

    assert response.status_code == 200
    assert response.context["cl"].result_count == 3
    assert "Phường Phùng Chí Kiên" in response.text


@pytest.mark.usefixtures("admin_em", "bac_kan")
def test_it_searches_by_code(client: Client) -> None:
    response = client.get("/admin/units/administrativeunit/?q=01843")

    assert response.context["cl"].result_count == 2


@pytest.mark.usefixtures("admin_em")
def test_it_shows_successors_and_predecessors_read_only(client: Client, bac_kan: Pair) -> None:
    old, new = bac_kan

    old_page = client.get(f"/admin/units/administrativeunit/{old.pk}/change/")
    new_page = client.get(f"/admin/units/administrativeunit/{new.pk}/change/")

    assert "01843 Phường Bắc Kạn (2025)" in old_page.text
    assert "01843 Phường Phùng Chí Kiên (before-2025)" in new_page.text
    assert 'name="_save"' not in old_page.text


@pytest.mark.usefixtures("admin_em")
def test_it_lets_nobody_add_or_delete_units(client: Client, bac_kan: Pair) -> None:
    old, _new = bac_kan

    assert client.get("/admin/units/administrativeunit/add/").status_code == 403
    assert client.get(f"/admin/units/administrativeunit/{old.pk}/delete/").status_code == 403
    assert client.get("/admin/units/unitsuccession/").status_code == 200

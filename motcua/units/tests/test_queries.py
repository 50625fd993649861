"""Look-ups across the 1/7/2025 reorganisation, on the real register."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from pytest_django import DjangoAssertNumQueries, DjangoDbBlocker

from motcua.units.loading import LoadReport
from motcua.units.models import AdministrativeUnit
from motcua.units.queries import (
    Linked,
    communes_of,
    current_unit_for,
    find_unit,
    is_abolished,
    parent_chain,
    predecessors,
    scheme_on,
    successors,
)

from .fixtures import register_loaded

BEFORE = dt.date(2025, 6, 30)
AFTER = dt.date(2025, 7, 1)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("register")]


@pytest.fixture(scope="module")
def register(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[LoadReport]:
    with register_loaded(django_db_blocker) as report:
        yield report


def unit(level: str, code: str, on: dt.date) -> AdministrativeUnit:
    found = find_unit(level, code, on)
    assert found is not None, f"no {level} {code} on {on}"
    return found


def codes(links: list[Linked]) -> list[tuple[str, bool]]:
    return [(linked.code, partly) for linked, partly in links]


def test_it_reads_a_code_in_the_scheme_in_force_on_the_day() -> None:
    assert scheme_on(BEFORE) == "before-2025"
    assert scheme_on(AFTER) == "2025"
    assert unit("province", "19", BEFORE).name == "Tỉnh Thái Nguyên"
    assert unit("commune", "01843", BEFORE).name == "Phường Phùng Chí Kiên"
    assert unit("commune", "01843", AFTER).name == "Phường Bắc Kạn"


def test_it_accepts_codes_with_or_without_leading_zeros() -> None:
    assert find_unit("province", "6", BEFORE) == unit("province", "06", BEFORE)
    assert find_unit("commune", 1843, AFTER) == unit("commune", "01843", AFTER)
    assert unit("district", "58", BEFORE).code == "058"


def test_it_finds_nothing_for_an_unknown_code_or_an_abolished_level() -> None:
    assert find_unit("province", "06", AFTER) is None  # Bắc Kạn no longer exists
    assert find_unit("commune", "99999", AFTER) is None
    assert find_unit("commune", "abc", AFTER) is None
    assert find_unit("district", "058", AFTER) is None
    assert is_abolished("district", AFTER)
    assert not is_abolished("district", BEFORE)
    assert not is_abolished("commune", AFTER)


def test_bac_kan_province_went_to_thai_nguyen() -> None:
    bac_kan = unit("province", "06", BEFORE)

    assert [(u.code, u.scheme, u.name, partly) for u, partly in successors(bac_kan)] == [
        ("19", "2025", "Tỉnh Thái Nguyên", False)
    ]
    assert current_unit_for(bac_kan) == unit("province", "19", AFTER)


def test_phuong_bac_kan_is_made_of_four_old_communes_of_bac_kan_town() -> None:
    old = predecessors(unit("commune", "01843", AFTER))

    assert codes(old) == [("01837", False), ("01843", False), ("01852", False), ("01855", False)]
    assert {u.scheme for u, _ in old} == {"before-2025"}
    assert {u.parent.code for u, _ in old if u.parent} == {"058"}


def test_a_split_commune_lists_its_successors_in_register_order_and_counts_in_the_first() -> None:
    cam_gia = unit("commune", "05467", BEFORE)  # old 05467 is Cam Giá; new 05467 is Gia Sàng

    assert [(u.code, u.name, partly) for u, partly in successors(cam_gia)] == [
        ("05467", "Phường Gia Sàng", True),
        ("05500", "Phường Tích Lương", True),
    ]
    assert current_unit_for(cam_gia) == unit("commune", "05467", AFTER)


def test_an_old_commune_without_successor_has_no_current_unit() -> None:
    my_hung = unit("commune", "01651", BEFORE)

    assert my_hung.name == "Xã Mỹ Hưng"
    assert successors(my_hung) == []
    assert current_unit_for(my_hung) is None


def test_districts_have_no_successor() -> None:
    district = unit("district", "058", BEFORE)

    assert successors(district) == []
    assert current_unit_for(district) is None


def test_a_new_unit_is_its_own_current_unit_and_may_have_no_predecessor() -> None:
    con_dao = unit("commune", "26732", AFTER)

    assert con_dao.name == "Đặc khu Côn Đảo"
    assert current_unit_for(con_dao) == con_dao
    assert predecessors(con_dao) == []
    assert successors(con_dao) == []


def test_it_climbs_the_parent_chain(django_assert_num_queries: DjangoAssertNumQueries) -> None:
    old_commune = unit("commune", "01843", BEFORE)
    new_commune = unit("commune", "01843", AFTER)

    with django_assert_num_queries(0):  # find_unit fetched the parents already
        assert [u.code for u in parent_chain(old_commune)] == ["058", "06"]
        assert [u.code for u in parent_chain(new_commune)] == ["19"]
        assert parent_chain(parent_chain(new_commune)[0]) == []


def test_it_lists_the_communes_of_a_province_in_its_scheme() -> None:
    assert communes_of(unit("province", "19", AFTER)).count() == 92
    old_bac_kan = communes_of(unit("province", "06", BEFORE))
    assert old_bac_kan.count() == 108
    assert [u.code for u in old_bac_kan[:2]] == ["01834", "01837"]

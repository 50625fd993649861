"""The catalog search of the portal and the API: accents, filters, ranking, freshness."""

import datetime as dt
from typing import Any

import pytest

from motcua.catalog.models import Procedure, ProcedureVersion, Sector
from motcua.catalog.search import CatalogQuery, search_catalog

pytestmark = pytest.mark.django_db


def _version(code: str, name: str, **extra: Any) -> ProcedureVersion:
    sector, _ = Sector.objects.get_or_create(code="ho-tich", name="Hộ tịch")
    return ProcedureVersion.objects.create(
        procedure=Procedure.objects.create(code=code),
        name=name,
        sector=sector,
        level=extra.pop("level", "commune"),
        competent_authority="UBND cấp xã",
        valid_from=extra.pop("valid_from", dt.date(2025, 7, 1)),
        **extra,
    )


def _codes(**query: Any) -> list[str]:
    return [e.code for e in search_catalog(CatalogQuery(**query)).entries]


def test_it_ignores_accents_and_matches_đ_with_d():
    _version("1.001193", "Thủ tục đăng ký khai sinh")

    assert _codes(q="dang ky khai sinh") == ["1.001193"]
    assert _codes(q="ĐĂNG KÝ") == ["1.001193"]


def test_the_whole_phrase_and_shorter_names_come_first():
    _version("1.000689", "Đăng ký khai sinh kết hợp đăng ký nhận cha, mẹ, con")
    _version("1.001193", "Thủ tục đăng ký khai sinh")
    _version("1.004884", "Thủ tục sinh hoạt đăng ký lại khai")

    assert _codes(q="dang ky khai sinh") == ["1.001193", "1.000689", "1.004884"]


def test_it_keeps_only_versions_in_force_on_the_day():
    _version(
        "1.001612",
        "Đăng ký hộ kinh doanh",
        valid_from=dt.date(2025, 7, 1),
        valid_until=dt.date(2025, 12, 31),
    )

    assert _codes(q="ho kinh doanh", on=dt.date(2025, 12, 31)) == ["1.001612"]
    assert _codes(q="ho kinh doanh", on=dt.date(2026, 1, 1)) == []


def test_it_filters_by_level_and_online_level():
    _version("1.004222", "Đăng ký thường trú", online_level="partial")
    _version("3.000333", "Cấp Phiếu lý lịch tư pháp", level="province", online_level="full")

    assert _codes(level="province") == ["3.000333"]
    assert _codes(online_level="partial") == ["1.004222"]


def test_it_pages_and_counts():
    for i in range(25):
        _version(f"1.{i:06d}", f"Chứng thực số {i}")

    second = search_catalog(CatalogQuery(q="chung thuc"), page=2)

    assert second.count == 25
    assert second.num_pages == 2
    assert len(second.entries) == 5


def test_an_edit_is_found_as_soon_as_it_is_committed(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        version = _version("2.000815", "Chứng thực bản sao")
    assert _codes(q="ban sao") == ["2.000815"]

    with django_capture_on_commit_callbacks(execute=True):
        version.name = "Chứng thực chữ ký"
        version.save()

    assert _codes(q="ban sao") == []
    assert _codes(q="chu ky") == ["2.000815"]


def test_a_deleted_procedure_disappears(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _version("2.000884", "Chứng thực chữ ký")
    assert _codes(q="chu ky") == ["2.000884"]

    with django_capture_on_commit_callbacks(execute=True):
        Procedure.objects.filter(code="2.000884").delete()

    assert _codes(q="chu ky") == []


def test_a_phrase_in_the_name_ranks_before_one_in_the_sector():
    sector, _ = Sector.objects.get_or_create(code="chung-thuc", name="Chứng thực")
    for code, name in (("2.000908", "Cấp bản sao từ sổ gốc"), ("2.000884", "Chứng thực chữ ký")):
        ProcedureVersion.objects.create(
            procedure=Procedure.objects.create(code=code),
            name=name,
            sector=sector,
            level="commune",
            competent_authority="UBND cấp xã",
            valid_from=dt.date(2025, 7, 1),
        )

    assert _codes(q="chung thuc") == ["2.000884", "2.000908"]

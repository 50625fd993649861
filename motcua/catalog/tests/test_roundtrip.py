"""Exporting the catalog and importing the file gives the same catalog, in both formats."""

from __future__ import annotations

import json

import pytest

from motcua.agencies.models import Agency
from motcua.catalog.exporting import export_catalog, export_json, export_xlsx
from motcua.catalog.importing import DEMO_CATALOG, import_catalog
from motcua.catalog.models import Procedure, ProcedureVersion, Sector

from .files import catalog, version

pytestmark = pytest.mark.django_db

# Values the demo lacks: several versions, every date, steps on several lines, a list entry
# with the Excel separator in it, an empty list, a fee case and tiers.
EDGE_VERSIONS = [
    version(
        valid_from="2021-01-01",
        valid_until="2025-06-30",
        level="province",
        implementing_agencies=["000.00.11.H19"],
        published_decision_on="2020-12-15",
        legal_basis_effective_on="2021-01-01",
        published_national_on="2020-12-20",
        steps="Bước 1: nộp hồ sơ.\nBước 2: nhận kết quả.",
        documents=[{"name": "Tờ khai", "file_types": [], "note": "a\nb"}],
        sources=["https://a.example/1 ; https://b.example/2", "Ghi chú; có dấu chấm phẩy"],
    ),
    version(
        number=2,
        fees=[
            {
                "name": "Theo danh sách",
                "basis": "per-person",
                "channel": "online",
                "case": "Theo danh sách",
                "amount": 5000,
            },
            {
                "name": "Chứng thực",
                "kind": "phi",
                "basis": "per-page",
                "amount": 2000,
                "tiers": [{"from_page": 3, "amount": 1000}],
                "cap_per_copy": 200000,
                "exemptions": "Miễn cho hộ nghèo",
            },
        ],
    ),
]


@pytest.fixture
def full_catalog(agencies: dict[str, Agency]) -> bytes:
    import_catalog(DEMO_CATALOG.read_bytes(), DEMO_CATALOG.name)
    import_catalog(catalog(("1.999999.H19", EDGE_VERSIONS)), "edge.json")
    return export_json()


def wipe_catalog() -> None:
    ProcedureVersion.objects.all().delete()
    Procedure.objects.all().delete()
    Sector.objects.all().delete()


def test_the_demo_file_is_what_the_exporter_writes(agencies: dict[str, Agency]) -> None:
    import_catalog(DEMO_CATALOG.read_bytes(), DEMO_CATALOG.name)

    assert export_json() == DEMO_CATALOG.read_bytes()


def test_json_export_then_import_gives_the_same_catalog(full_catalog: bytes) -> None:
    wipe_catalog()
    import_catalog(full_catalog, "catalog.json")

    assert export_json() == full_catalog


def test_excel_export_then_import_gives_the_same_catalog(full_catalog: bytes) -> None:
    content = export_xlsx()
    wipe_catalog()
    import_catalog(content, "catalog.xlsx")

    assert json.loads(export_json()) == json.loads(full_catalog)


def test_importing_an_export_over_itself_changes_nothing(full_catalog: bytes) -> None:
    report = import_catalog(export_xlsx(), "catalog.xlsx")

    assert report.versions_created == 0
    assert report.sectors_created == []
    assert export_json() == full_catalog


def test_the_export_can_be_limited_to_some_procedures(full_catalog: bytes) -> None:
    data = json.loads(export_catalog("part.json", ["1.001193", "2.000815"]))

    assert [p["code"] for p in data["procedures"]] == ["1.001193", "2.000815"]


def test_the_exporter_names_only_json_and_xlsx() -> None:
    with pytest.raises(ValueError, match="json hoặc .xlsx"):
        export_catalog("catalog.csv")

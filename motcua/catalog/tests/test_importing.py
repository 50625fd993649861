"""Importing a catalog file: what a valid file writes."""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.agencies.models import Agency
from motcua.catalog.importing import import_catalog
from motcua.catalog.models import FeeRule, Procedure, ProcedureVersion, RequiredDocument, Sector

from .files import birth_row, catalog, version, workbook

pytestmark = pytest.mark.django_db


def test_it_imports_a_procedure_with_its_papers_fees_and_agencies(
    agencies: dict[str, Agency],
) -> None:
    report = import_catalog(catalog(("1.001193", [version()])), "catalog.json")

    assert (report.procedures_created, report.versions_created) == (1, 1)
    assert (report.documents, report.fees) == (2, 1)
    birth = ProcedureVersion.objects.get(procedure__code="1.001193", number=1)
    assert birth.valid_from == dt.date(2025, 7, 1)
    assert birth.valid_until is None
    assert birth.sector.name == "Hộ tịch"
    assert sorted(a.code for a in birth.implementing_agencies.all()) == [
        "000.00.31.H19",
        "000.00.32.H19",
    ]
    assert [(d.position, d.name, d.form) for d in birth.documents.all()] == [
        (1, "Giấy chứng sinh", "original"),
        (2, "Căn cước", "show"),
    ]
    assert birth.documents.get(position=1).file_types == ["pdf", "jpeg"]
    assert birth.fees.get().amount == 0
    assert "khai sinh" in birth.search_text


def test_it_creates_a_new_sector_with_an_ascii_code(agencies: dict[str, Agency]) -> None:
    report = import_catalog(
        catalog(("1.004222", [version(sector="Đăng ký, quản lý cư trú")])), "c.json"
    )

    assert report.sectors_created == ["Đăng ký, quản lý cư trú"]
    assert Sector.objects.get(name="Đăng ký, quản lý cư trú").code == "dang-ky-quan-ly-cu-tru"


def test_importing_again_updates_the_version_and_replaces_its_papers_and_fees(
    agencies: dict[str, Agency],
) -> None:
    import_catalog(catalog(("1.001193", [version()])), "c.json")
    first_paper = RequiredDocument.objects.get(position=1)

    changed = version(
        name="Đăng ký khai sinh (sửa)",
        implementing_agencies=["000.00.33.H19"],
        documents=[{"name": "Giấy chứng sinh (bản chính)"}],
        fees=[],
    )
    report = import_catalog(catalog(("1.001193", [changed])), "c.json")

    assert (report.procedures_updated, report.versions_updated) == (1, 1)
    birth = ProcedureVersion.objects.get()
    assert birth.name == "Đăng ký khai sinh (sửa)"
    assert [a.code for a in birth.implementing_agencies.all()] == ["000.00.33.H19"]
    assert [d.name for d in birth.documents.all()] == ["Giấy chứng sinh (bản chính)"]
    # The paper at the same position keeps its id, so rows pointing at it stay valid.
    assert birth.documents.get().pk == first_paper.pk
    assert not FeeRule.objects.exists()


def test_it_keeps_the_versions_a_file_does_not_mention(agencies: dict[str, Agency]) -> None:
    old = version(valid_from="2020-01-01", valid_until="2025-06-30")
    import_catalog(catalog(("1.001193", [old, version(number=2)])), "c.json")

    import_catalog(catalog(("1.001193", [version(number=2, name="Mới")])), "c.json")

    assert list(ProcedureVersion.objects.order_by("number").values_list("number", "name")) == [
        (1, "Thủ tục đăng ký khai sinh"),
        (2, "Mới"),
    ]


def test_a_procedure_keeps_its_versions_with_their_periods(agencies: dict[str, Agency]) -> None:
    old = version(
        valid_from="2021-01-01",
        valid_until="2025-06-30",
        level="province",
        implementing_agencies=["000.00.11.H19"],
    )
    import_catalog(catalog(("1.001193", [old, version(number=2)])), "c.json")

    birth = Procedure.objects.get(code="1.001193")
    assert birth.version_on(dt.date(2025, 6, 30)).number == 1  # type: ignore[union-attr]
    assert birth.version_on(dt.date(2025, 7, 1)).number == 2  # type: ignore[union-attr]


def test_a_dry_run_reports_without_writing(agencies: dict[str, Agency]) -> None:
    report = import_catalog(catalog(("1.001193", [version()])), "c.json", dry_run=True)

    assert report.versions_created == 1
    assert report.sectors_created == ["Hộ tịch"]
    assert not Procedure.objects.exists()
    assert not Sector.objects.exists()


def test_it_flags_the_values_a_file_leaves_empty(agencies: dict[str, Agency]) -> None:
    loose = version(
        time_limit=None,
        time_limit_unit="",
        result_name="",
        legal_basis=[],
        documents=[],
        fees=[{"name": "Lệ phí", "basis": "local"}],
        unconfirmed=["fees (mức do HĐND tỉnh quyết định)"],
    )
    import_catalog(catalog(("1.001193", [loose])), "c.json")

    flags = ProcedureVersion.objects.get().unconfirmed
    assert flags[0] == "fees (mức do HĐND tỉnh quyết định)"
    assert [flag.split(" ")[0] for flag in flags[1:]] == [
        "time_limit",
        "documents",
        "result_name",
        "legal_basis",
    ]


def test_a_same_day_procedure_needs_no_number_of_days(agencies: dict[str, Agency]) -> None:
    import_catalog(
        catalog(("2.000815", [version(time_limit=None, time_limit_unit="same_day")])), "c.json"
    )

    assert ProcedureVersion.objects.get().unconfirmed == []


def test_an_excel_file_imports_papers_and_fees_by_code_and_number(
    agencies: dict[str, Agency],
) -> None:
    content = workbook(
        [birth_row(legal_basis="60/2014/QH13\n123/2015/NĐ-CP", full_online_possible="không")],
        documents=[
            {"code": "1.001193", "number": 1, "name": "Giấy chứng sinh", "file_types": "pdf; png"},
            {"code": "1.001193", "number": "1", "name": "Căn cước", "form": "show"},
        ],
        fees=[
            {
                "code": "1.001193",
                "number": 1,
                "name": "Phí chứng thực",
                "basis": "per-page",
                "amount": 2000,
                "tiers": '[{"from_page": 3, "amount": 1000}]',
                "cap_per_copy": 200000,
                "confirmed": True,
            }
        ],
    )
    import_catalog(content, "catalog.xlsx")

    birth = ProcedureVersion.objects.get()
    assert birth.legal_basis == ["60/2014/QH13", "123/2015/NĐ-CP"]
    assert birth.full_online_possible is False
    assert [(d.name, d.file_types) for d in birth.documents.all()] == [
        ("Giấy chứng sinh", ["pdf", "png"]),
        ("Căn cước", []),
    ]
    fee = birth.fees.get()
    assert (fee.basis, fee.tiers, fee.cap_per_copy) == (
        "per-page",
        [{"from_page": 3, "amount": 1000}],
        200_000,
    )


def test_excel_dates_may_be_date_cells(agencies: dict[str, Agency]) -> None:
    import_catalog(workbook([birth_row(valid_from=dt.datetime(2025, 7, 1))]), "c.xlsx")

    assert ProcedureVersion.objects.get().valid_from == dt.date(2025, 7, 1)


def test_a_failure_while_writing_leaves_nothing_behind(
    agencies: dict[str, Agency], monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import IntegrityError

    from motcua.catalog import importing
    from motcua.catalog.importing import CatalogImportError

    calls = []
    original = importing._write_version

    def fail_on_second(*args: object) -> None:
        calls.append(args)
        if len(calls) == 2:
            raise IntegrityError("simulated")
        original(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(importing, "_write_version", fail_on_second)
    content = catalog(("1.001193", [version()]), ("1.004222", [version()]))

    with pytest.raises(CatalogImportError, match="không có gì được ghi"):
        import_catalog(content, "c.json")
    assert not Procedure.objects.exists()
    assert not Sector.objects.exists()


def test_the_implementing_agencies_keep_the_order_the_catalog_names_them(
    agencies: dict[str, Agency],
) -> None:
    # The first one named takes the petitions about the procedure. Listed against the order of
    # their ids, which a set of ids (ManyRelatedManager.set) would restore.
    named = ["000.00.33.H19", "000.00.31.H19", "000.00.32.H19"]
    assert agencies[named[0]].pk > agencies[named[1]].pk
    import_catalog(catalog(("1.001193", [version(implementing_agencies=named)])), "c.json")
    birth = ProcedureVersion.objects.get()
    links = ProcedureVersion.implementing_agencies.through.objects.filter(procedureversion=birth)
    assert [link.agency.code for link in links.order_by("id")] == named

    import_catalog(catalog(("1.001193", [version(implementing_agencies=named[::-1])])), "c.json")
    assert [link.agency.code for link in links.order_by("id")] == named[::-1]

"""A catalog file with any error is rejected whole, with every error named by place and field."""

from __future__ import annotations

from typing import Any

import pytest

from motcua.agencies.models import Agency
from motcua.catalog.exporting import export_json
from motcua.catalog.importing import CatalogImportError, import_catalog
from motcua.catalog.models import Procedure, Sector

from .files import birth_row, catalog, edit_cell, version, workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def stored(agencies: dict[str, Agency]) -> bytes:
    """Store 1.001193 v1 (2025-07-01 onwards) and return the catalog as exported."""
    import_catalog(catalog(("1.001193", [version()])), "c.json")
    return export_json()


def rejected(content: bytes, filename: str) -> list[str]:
    with pytest.raises(CatalogImportError) as caught:
        import_catalog(content, filename)
    return caught.value.messages


def test_a_bad_enum_value_is_named_with_the_allowed_values(stored: bytes) -> None:
    messages = rejected(catalog(("1.001193", [version(time_limit_unit="ngày")])), "c.json")

    assert messages == [
        'Thủ tục 1.001193, phiên bản 1, trường "time_limit_unit": giá trị "ngày" không hợp '
        "lệ; dùng một trong: working_days, working_hours, calendar_days, months, same_day "
        "hoặc để trống."
    ]
    assert export_json() == stored


@pytest.mark.parametrize("value", ["2025-13-01", "01/07/2025", "2025-7-1", 20250701])
def test_a_bad_date_is_rejected(stored: bytes, value: Any) -> None:
    messages = rejected(catalog(("1.001193", [version(valid_from=value)])), "c.json")

    assert len(messages) == 1
    assert messages[0].startswith('Thủ tục 1.001193, phiên bản 1, trường "valid_from": ngày "')
    assert "YYYY-MM-DD" in messages[0]
    assert export_json() == stored


def test_an_unknown_agency_is_rejected(stored: bytes) -> None:
    messages = rejected(
        catalog(("1.001193", [version(implementing_agencies=["000.00.31.H19", "000.00.99.H19"])])),
        "c.json",
    )

    assert messages == [
        'Thủ tục 1.001193, phiên bản 1, trường "implementing_agencies": không có cơ quan mã '
        '"000.00.99.H19" trong hệ thống; nạp danh mục cơ quan trước (lệnh load_agencies) '
        "hoặc sửa mã."
    ]
    assert export_json() == stored


def test_a_malformed_agency_code_is_rejected(stored: bytes) -> None:
    messages = rejected(
        catalog(("1.001193", [version(implementing_agencies=["UBND-1"])])), "c.json"
    )

    assert "không đúng dạng V1V2V3.Z1Z2.Y1Y2.MX1X2" in messages[0]


@pytest.mark.parametrize("code", ["1.1193", "01.001193", "1.001193.h19", "", 1.001193])
def test_a_bad_procedure_code_is_rejected(stored: bytes, code: Any) -> None:
    messages = rejected(catalog((code, [version()])), "c.json")  # type: ignore[arg-type]

    assert len(messages) == 1
    assert 'trường "code"' in messages[0]
    assert export_json() == stored


def test_versions_of_one_procedure_may_not_overlap_in_the_file(agencies: dict[str, Agency]) -> None:
    first = version(valid_from="2024-01-01", valid_until="2025-07-01")
    messages = rejected(catalog(("1.001193", [first, version(number=2)])), "c.json")

    assert messages == [
        'Thủ tục 1.001193, phiên bản 2, trường "valid_from": phiên bản 2 (2025-07-01 – không '
        "thời hạn) trùng thời gian hiệu lực với phiên bản 1 (2024-01-01 – 2025-07-01)."
    ]
    assert not Procedure.objects.exists()


def test_a_version_may_not_overlap_a_stored_one(stored: bytes) -> None:
    messages = rejected(
        catalog(("1.001193", [version(number=2, valid_from="2026-01-01")])), "c.json"
    )

    assert messages == [
        'Thủ tục 1.001193, phiên bản 2, trường "valid_from": phiên bản 2 (2026-01-01 – không '
        "thời hạn) trùng thời gian hiệu lực với phiên bản 1 đã có trong hệ thống (2025-07-01 – "
        "không thời hạn)."
    ]
    assert export_json() == stored


def test_a_version_number_may_not_repeat(agencies: dict[str, Agency]) -> None:
    messages = rejected(catalog(("1.001193", [version(), version()])), "c.json")

    assert "xuất hiện hai lần" in messages[0]


def test_an_end_before_the_start_is_rejected(agencies: dict[str, Agency]) -> None:
    messages = rejected(catalog(("1.001193", [version(valid_until="2025-06-30")])), "c.json")

    assert messages == [
        'Thủ tục 1.001193, phiên bản 1, trường "valid_until": ngày hết hiệu '
        "lực 2025-06-30 trước ngày bắt đầu hiệu lực 2025-07-01."
    ]


def test_every_error_is_reported_and_nothing_is_written(stored: bytes) -> None:
    good = ("1.004222", [version(name="Đăng ký thường trú", sector="Cư trú")])
    bad = (
        "1.000656",
        [
            version(
                level="xã",
                time_limit=-1,
                documents=[{"form": "copy"}],
                fees=[{"name": "Lệ phí", "channel": "post"}],
            )
        ],
    )
    messages = rejected(catalog(good, bad), "c.json")

    assert [m.split(": ")[0] for m in messages] == [
        'Thủ tục 1.000656, phiên bản 1, trường "level"',
        'Thủ tục 1.000656, phiên bản 1, trường "time_limit"',
        'Thủ tục 1.000656, phiên bản 1, giấy tờ thứ 1, trường "name"',
        'Thủ tục 1.000656, phiên bản 1, phí/lệ phí thứ 1, trường "channel"',
    ]
    assert export_json() == stored
    assert not Sector.objects.filter(name="Cư trú").exists()


def test_a_misspelt_field_is_rejected(agencies: dict[str, Agency]) -> None:
    misspelt = version(online_levle="full")
    messages = rejected(catalog(("1.001193", [misspelt])), "c.json")

    assert messages == [
        'Thủ tục 1.001193, phiên bản 1, trường "online_levle": trường không '
        "được hỗ trợ (kiểm tra chính tả tên trường)"
    ]


def test_an_unconfirmed_entry_must_name_a_field(agencies: dict[str, Agency]) -> None:
    messages = rejected(catalog(("1.001193", [version(unconfirmed=["mức phí"])])), "c.json")

    assert messages[0].startswith(
        'Thủ tục 1.001193, phiên bản 1, trường "unconfirmed": mục '
        '"mức phí" phải bắt đầu bằng tên trường'
    )


@pytest.mark.parametrize(
    "tiers",
    [
        [{"from_page": 1, "amount": 1000}],
        [{"from_page": 3}],
        [{"from_page": 5, "amount": 1}, {"from_page": 3, "amount": 1}],
        "3:1000",
    ],
)
def test_bad_fee_tiers_are_rejected(agencies: dict[str, Agency], tiers: Any) -> None:
    fees = [{"name": "Phí", "basis": "per-page", "amount": 2000, "tiers": tiers}]
    messages = rejected(catalog(("2.000815", [version(fees=fees)])), "c.json")

    assert messages[0].startswith(
        'Thủ tục 2.000815, phiên bản 1, phí/lệ phí thứ 1, trường "tiers": '
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"{", "Tệp JSON không đọc được: dòng 1, cột 2"),
        (b'{"items": []}', 'Tệp JSON phải có dạng {"procedures": [...]}.'),
        (b'{"procedures": []}', "Tệp không có thủ tục nào."),
        ("{}".encode("utf-16"), "Tệp JSON phải được mã hóa UTF-8."),
        (
            b'{"procedures": [{"code": "1.001193", "versions": []}]}',
            'Thủ tục 1.001193, trường "versions": phải là danh sách có ít nhất một phiên bản.',
        ),
    ],
)
def test_an_unreadable_json_file_is_rejected(stored: bytes, content: bytes, expected: str) -> None:
    messages = rejected(content, "c.json")

    assert messages[0].startswith(expected)
    assert export_json() == stored


def test_only_json_and_xlsx_files_are_read(agencies: dict[str, Agency]) -> None:
    assert rejected(b"code;name", "catalog.csv") == [
        'Tệp "catalog.csv": chỉ nhận tệp .json hoặc .xlsx.'
    ]


def test_excel_errors_name_the_sheet_row_and_column(stored: bytes) -> None:
    content = workbook(
        [birth_row(), birth_row(code="1.004222", time_limit_unit="ngày", valid_from="1/7/2025")],
        documents=[{"code": "1.004222", "number": 1, "name": "Tờ khai", "form": "bản sao"}],
        fees=[{"code": "1.000656", "number": 1, "name": "Lệ phí"}],
    )
    messages = rejected(content, "catalog.xlsx")

    assert messages == [
        'Trang "fees", dòng 2: không có phiên bản "1" của thủ tục "1.000656" trong trang '
        '"procedures".',
        'Trang "procedures", dòng 3, cột "valid_from": ngày "1/7/2025" không hợp lệ; dùng '
        "dạng YYYY-MM-DD, ví dụ 2025-07-01.",
        'Trang "procedures", dòng 3, cột "time_limit_unit": giá trị "ngày" không hợp lệ; '
        "dùng một trong: working_days, working_hours, calendar_days, months, same_day hoặc "
        "để trống.",
        'Trang "documents", dòng 2, cột "form": giá trị "bản sao" không hợp lệ; dùng một '
        "trong: original, copy, certified-copy, show.",
    ]
    assert export_json() == stored


def test_excel_unknown_agency_and_overlap_are_rejected(stored: bytes) -> None:
    content = workbook(
        [birth_row(number=2, valid_from="2025-12-01", implementing_agencies="000.00.99.H19")]
    )
    messages = rejected(content, "catalog.xlsx")

    assert [m.split(": ")[0] for m in messages] == [
        'Trang "procedures", dòng 2, cột "implementing_agencies"',
        'Trang "procedures", dòng 2, cột "valid_from"',
    ]
    assert export_json() == stored


def test_excel_bad_code_is_rejected(stored: bytes) -> None:
    messages = rejected(workbook([birth_row(code="1.1193")]), "catalog.xlsx")

    assert messages == [
        'Trang "procedures", dòng 2, cột "code": mã thủ tục "1.1193" không '
        "đúng dạng; ví dụ 1.001193 hoặc 1.012753.H19."
    ]


def test_excel_structure_problems_are_reported(stored: bytes) -> None:
    content = edit_cell(workbook([birth_row()]), "procedures", "B1", "so_phien_ban")
    messages = rejected(content, "catalog.xlsx")

    assert messages == [
        'Trang "procedures", cột thứ 2 "so_phien_ban": cột không được hỗ trợ.',
        'Trang "procedures": thiếu cột "number".',
    ]


def test_a_file_that_is_not_excel_is_rejected(stored: bytes) -> None:
    messages = rejected(b"not a zip", "catalog.xlsx")

    assert messages[0].startswith("Tệp Excel (.xlsx) không đọc được")
    assert export_json() == stored


def test_a_code_typed_as_a_number_is_explained(stored: bytes) -> None:
    messages = rejected(workbook([birth_row(code=1.001193)]), "catalog.xlsx")

    assert messages == [
        'Trang "procedures", dòng 2, cột "code": mã thủ tục phải là văn bản, '
        'không phải số (trong Excel, định dạng ô là Text); ví dụ "1.001193".'
    ]


def test_problems_of_different_procedures_are_reported_together(stored: bytes) -> None:
    messages = rejected(
        catalog(
            ("1.004222", [version(implementing_agencies=["000.00.99.H19"])]),
            ("1.000656", [version(online_level="toàn trình")]),
        ),
        "c.json",
    )

    assert [m.split(": ")[0] for m in messages] == [
        'Thủ tục 1.000656, phiên bản 1, trường "online_level"',
        'Thủ tục 1.004222, phiên bản 1, trường "implementing_agencies"',
    ]

"""Small catalog files for the import tests, in JSON and Excel."""

from __future__ import annotations

import copy
import json
from io import BytesIO
from typing import Any

from openpyxl import Workbook, load_workbook

from motcua.catalog.schema import SHEETS

BIRTH: dict[str, Any] = {
    "number": 1,
    "valid_from": "2025-07-01",
    "name": "Thủ tục đăng ký khai sinh",
    "sector": "Hộ tịch",
    "level": "commune",
    "competent_authority": "Ủy ban nhân dân cấp xã",
    "implementing_agencies": ["000.00.31.H19", "000.00.32.H19"],
    "online_level": "partial",
    "time_limit": 1,
    "time_limit_unit": "working_days",
    "result_name": "Giấy khai sinh",
    "legal_basis": ["60/2014/QH13", "123/2015/NĐ-CP"],
    "documents": [
        {"name": "Giấy chứng sinh", "file_types": ["pdf", "jpeg"]},
        {"name": "Căn cước", "form": "show", "reusable": True, "group": "Giấy tờ phải xuất trình"},
    ],
    "fees": [{"name": "Lệ phí đăng ký khai sinh", "amount": 0}],
}


def version(**changes: Any) -> dict[str, Any]:
    """Return a valid version of 1.001193, with `changes` applied."""
    result = copy.deepcopy(BIRTH)
    result.update(changes)
    return result


def catalog(*procedures: tuple[str, list[dict[str, Any]]]) -> bytes:
    """Return a JSON catalog of (code, versions) pairs."""
    data = {"procedures": [{"code": code, "versions": versions} for code, versions in procedures]}
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def workbook(
    procedures: list[dict[str, Any]],
    documents: list[dict[str, Any]] | None = None,
    fees: list[dict[str, Any]] | None = None,
) -> bytes:
    """Return an .xlsx catalog whose rows are the given {column: value} dicts."""
    book = Workbook()
    book.remove(book.active)
    sheets = (("procedures", procedures), ("documents", documents or []), ("fees", fees or []))
    for name, rows in sheets:
        sheet = book.create_sheet(name)
        columns = list(SHEETS[name])
        sheet.append(columns)
        for row in rows:
            sheet.append([row.get(column) for column in columns])
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def birth_row(**changes: Any) -> dict[str, Any]:
    """Return the procedures-sheet row of 1.001193 v1, with `changes` applied."""
    row: dict[str, Any] = {
        "code": "1.001193",
        "number": 1,
        "valid_from": "2025-07-01",
        "name": "Thủ tục đăng ký khai sinh",
        "sector": "Hộ tịch",
        "level": "commune",
        "competent_authority": "Ủy ban nhân dân cấp xã",
        "implementing_agencies": "000.00.31.H19; 000.00.32.H19",
        "time_limit": 1,
        "time_limit_unit": "working_days",
        "result_name": "Giấy khai sinh",
        "legal_basis": "60/2014/QH13",
    }
    row.update(changes)
    return row


def edit_cell(content: bytes, sheet: str, cell: str, value: Any) -> bytes:
    """Return the workbook `content` with one cell changed."""
    book = load_workbook(BytesIO(content))
    book[sheet][cell] = value
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()

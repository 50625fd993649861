"""Export the procedure catalog in the import format (JSON or Excel), so that exporting and
importing the result changes nothing (ADR 0007)."""

from __future__ import annotations

import datetime as dt
import json
from io import BytesIO
from pathlib import PurePath
from typing import Any

from django.db.models import Prefetch, QuerySet
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from .models import FeeRule, ProcedureVersion, RequiredDocument
from .schema import (
    CODES,
    DATE,
    DOCUMENT_FIELDS,
    DOCUMENTS_SHEET,
    FEE_FIELDS,
    FEES_SHEET,
    PROCEDURES_SHEET,
    SHEETS,
    TEXTS,
    TIERS,
    VERSION_FIELDS,
    Field,
)

GUIDE_SHEET = "guide"
CONTENT_TYPES = {
    ".json": "application/json",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _versions() -> QuerySet[ProcedureVersion]:
    return (
        ProcedureVersion.objects.select_related("procedure", "sector")
        .prefetch_related(
            "implementing_agencies",
            Prefetch("documents", queryset=RequiredDocument.objects.order_by("position", "id")),
            Prefetch("fees", queryset=FeeRule.objects.order_by("position", "id")),
        )
        .order_by("procedure__code", "number")
    )


def _plain(field: Field, value: Any) -> Any:
    if field.kind == DATE:
        return value.isoformat() if value is not None else None
    return value


def version_record(version: ProcedureVersion) -> dict[str, Any]:
    """Return one version in the import format, papers and fee lines included."""
    special = {
        "sector": version.sector.name,
        "implementing_agencies": sorted(a.code for a in version.implementing_agencies.all()),
    }
    record = {
        f.name: special.get(f.name, _plain(f, getattr(version, f.name, None)))
        for f in VERSION_FIELDS
    }
    record["documents"] = [
        {f.name: getattr(d, f.name) for f in DOCUMENT_FIELDS} for d in version.documents.all()
    ]
    record["fees"] = [
        {
            f.name: _tiers_in_order(getattr(fee, f.name))
            if f.kind == TIERS
            else getattr(fee, f.name)
            for f in FEE_FIELDS
        }
        for fee in version.fees.all()
    ]
    return record


def _tiers_in_order(tiers: list[dict[str, int]]) -> list[dict[str, int]]:
    # PostgreSQL's jsonb sorts object keys; write them in the documented order on every database.
    return [{"from_page": t["from_page"], "amount": t["amount"]} for t in tiers]


def catalog_data(codes: list[str] | None = None) -> dict[str, Any]:
    """Return {"procedures": [{"code": …, "versions": [...]}, …]} ordered by code and number."""
    versions = _versions()
    if codes:
        versions = versions.filter(procedure__code__in=codes)
    procedures: dict[str, list[dict[str, Any]]] = {}
    for version in versions:
        procedures.setdefault(version.procedure.code, []).append(version_record(version))
    # A procedure without versions has nothing to import, so it is left out.
    return {"procedures": [{"code": code, "versions": items} for code, items in procedures.items()]}


def export_json(codes: list[str] | None = None) -> bytes:
    """Return the catalog as UTF-8 JSON, readable by people (Vietnamese kept as is)."""
    text = json.dumps(catalog_data(codes), ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


def _cell(field: Field, value: Any) -> Any:
    if field.kind == CODES:
        return "; ".join(value) or None
    if field.kind in (TEXTS, TIERS):
        return json.dumps(value, ensure_ascii=False) if value else None
    if field.kind == DATE and value is not None:
        return dt.date.fromisoformat(value)
    return None if value == "" else value


def _append(
    sheet: Worksheet, fields: tuple[Field, ...], key: list[Any], record: dict[str, Any]
) -> None:
    sheet.append(key + [_cell(f, record[f.name]) for f in fields])


def export_xlsx(codes: list[str] | None = None) -> bytes:
    """Return the catalog as an Excel workbook with the sheets the importer reads."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    sheets = {name: workbook.create_sheet(name) for name in SHEETS}
    for name, sheet in sheets.items():
        sheet.append(list(SHEETS[name]))
        sheet.freeze_panes = "A2"
    for procedure in catalog_data(codes)["procedures"]:
        for version in procedure["versions"]:
            key = [procedure["code"], version["number"]]
            _append(sheets[PROCEDURES_SHEET], VERSION_FIELDS, [procedure["code"]], version)
            for document in version["documents"]:
                _append(sheets[DOCUMENTS_SHEET], DOCUMENT_FIELDS, key, document)
            for fee in version["fees"]:
                _append(sheets[FEES_SHEET], FEE_FIELDS, key, fee)
    _format_dates(sheets[PROCEDURES_SHEET])
    _write_guide(workbook.create_sheet(GUIDE_SHEET))
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _format_dates(sheet: Worksheet) -> None:
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"


GUIDE = (
    ("Trang", "Nội dung"),
    (PROCEDURES_SHEET, "Mỗi dòng một phiên bản thủ tục; khóa là code + number."),
    (DOCUMENTS_SHEET, "Thành phần hồ sơ của phiên bản code + number, theo thứ tự dòng."),
    (FEES_SHEET, "Phí, lệ phí của phiên bản code + number, theo thứ tự dòng."),
    ("Danh sách mã", "implementing_agencies, file_types: các mã cách nhau bằng dấu chấm phẩy."),
    (
        "Danh sách văn bản",
        'legal_basis, sources, unconfirmed: JSON ["…", "…"] hoặc mỗi mục '
        'một dòng; tiers: JSON [{"from_page": 3, "amount": 1000}].',
    ),
    ("Ngày", "Dạng YYYY-MM-DD, ví dụ 2025-07-01."),
    ("Chưa xác nhận", 'Mỗi mục của unconfirmed bắt đầu bằng tên trường, ví dụ "fees (lý do)".'),
    ("Nhập", "Tệp có bất kỳ lỗi nào thì không dòng nào được ghi."),
)


def _write_guide(sheet: Worksheet) -> None:
    for row in GUIDE:
        sheet.append(list(row))
    for field in VERSION_FIELDS + DOCUMENT_FIELDS + FEE_FIELDS:
        if field.choices:
            sheet.append([field.name, ", ".join(c for c in field.choices if c)])


def export_catalog(filename: str, codes: list[str] | None = None) -> bytes:
    """Return the catalog in the format named by `filename`'s extension (.json or .xlsx)."""
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".json":
        return export_json(codes)
    if suffix == ".xlsx":
        return export_xlsx(codes)
    raise ValueError(f"Chỉ xuất được tệp .json hoặc .xlsx, không phải {filename!r}.")

"""The dashboards' tables as files: xlsx for officers, CSV and JSON open data for everyone.

Issue 7 §4: every table exports to Excel, and the public statistics come as CSV/JSON open data
with no personal data. A `Table` is what a page shows (a caption, a header and rows of plain
values); the functions here only write it out, so the page and its file always agree. Numbers
stay numbers (a spreadsheet sorts and sums them); a figure that is not measured is an empty
cell, never 0 (architecture.md, "Reports").

No database code: tables come filled by the views.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from .kpis import Indicator

Value = str | int | Decimal | dt.date | dt.datetime | None
# Spreadsheet programs run a cell that starts with one of these as a formula (OWASP "CSV
# injection"); names typed by people (agencies, procedures) must stay text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Table:
    """A table as the page shows it; `widths` are column widths in characters."""

    title: str
    header: Sequence[str]
    rows: Sequence[Sequence[Value]]
    widths: Sequence[int] = field(default_factory=tuple)
    caption: str = ""


def indicator_values(indicator: Indicator) -> list[Value]:
    """One indicator as a row: code, name, numerator, denominator, ratio, score, max, note."""
    return [
        indicator.code,
        indicator.name,
        indicator.numerator,
        indicator.denominator,
        indicator.ratio,
        indicator.score,
        indicator.max_score,
        indicator.note,
    ]


def xlsx(tables: Sequence[Table]) -> bytes:
    """A workbook with one sheet per table: caption, bold header, then the rows."""
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for table in tables:
        sheet = book.create_sheet(_sheet_name(table.title))
        line = 1
        if table.caption:
            sheet.cell(row=1, column=1, value=table.caption).font = Font(bold=True)
            line = 3
        for column, title in enumerate(table.header, start=1):
            sheet.cell(row=line, column=column, value=title).font = Font(bold=True)
        for offset, values in enumerate(table.rows, start=1):
            for column, value in enumerate(values, start=1):
                _put(sheet, line + offset, column, value)
        for column, width in enumerate(table.widths, start=1):
            sheet.column_dimensions[sheet.cell(row=1, column=column).column_letter].width = width
        sheet.freeze_panes = sheet.cell(row=line + 1, column=1)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _put(sheet: Any, row: int, column: int, value: Value) -> None:
    cell = sheet.cell(row=row, column=column, value=_cell_value(value))
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # openpyxl would store it as a formula
    if isinstance(value, dt.datetime):
        cell.number_format = "dd/mm/yyyy hh:mm"
    elif isinstance(value, dt.date):
        cell.number_format = "dd/mm/yyyy"


def _cell_value(value: Value) -> Value:
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)  # spreadsheets hold no time zone: callers pass local time
    return value


def _sheet_name(title: str) -> str:
    """Excel allows 31 characters and none of []:*?/\\ in a sheet name."""
    cleaned = "".join(" " if c in "[]:*?/\\" else c for c in title).strip()
    return cleaned[:31] or "Sheet"


def csv_text(table: Table) -> str:
    """The table as CSV (comma separated, header first), text that looks like a formula
    prefixed with an apostrophe so that a spreadsheet shows it instead of running it."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.header)
    for values in table.rows:
        writer.writerow([_csv_value(v) for v in values])
    return out.getvalue()


def _csv_value(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def json_text(document: dict[str, Any]) -> str:
    """JSON with Vietnamese left readable and decimals written as numbers (58.0, not "58.0")."""
    return json.dumps(document, ensure_ascii=False, indent=2, default=_json_default)


def _json_default(value: object) -> Any:
    if isinstance(value, Decimal):
        return float(value)  # ratios have one decimal, scores two: exact in a double
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")

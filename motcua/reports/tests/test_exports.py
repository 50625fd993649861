"""Exports of the dashboards' tables: xlsx for officers, CSV and JSON open data.

Pure: no database.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

from motcua.reports.exports import Table, csv_text, indicator_values, json_text, xlsx
from motcua.reports.kpis import Indicator, kpi, not_measured

ONLINE = kpi("ONLINE_DOSSIERS", "Tỷ lệ hồ sơ TTHC xử lý trực tuyến", 10, 20)
CERTIFIED = not_measured(
    "ELECTRONIC_CERTIFIED_COPY", "Chứng thực bản sao điện tử", 2, "no feature yet"
)
HEADER = ["Code", "Indicator", "Numerator", "Denominator", "Ratio", "Score", "Max", "Note"]


def table(*indicators: Indicator, caption: str = "") -> Table:
    return Table("Chỉ số", HEADER, [indicator_values(i) for i in indicators], (30, 50), caption)


def test_an_indicator_row_keeps_numbers_as_numbers_and_none_as_none() -> None:
    assert indicator_values(ONLINE) == [
        "ONLINE_DOSSIERS",
        "Tỷ lệ hồ sơ TTHC xử lý trực tuyến",
        10,
        20,
        Decimal("50.0"),
        None,
        None,
        "",
    ]
    assert indicator_values(CERTIFIED)[2:5] == [None, None, None]


def test_the_workbook_has_a_sheet_per_table_with_caption_header_and_rows() -> None:
    book = load_workbook(
        io.BytesIO(
            xlsx(
                [
                    table(ONLINE, CERTIFIED, caption="2026 — Tỉnh"),
                    Table("Xu hướng", ["Month"], [["2026-01"]]),
                ]
            )
        )
    )
    assert book.sheetnames == ["Chỉ số", "Xu hướng"]
    sheet = book["Chỉ số"]
    assert sheet["A1"].value == "2026 — Tỉnh"
    assert [c.value for c in sheet[3]] == HEADER
    assert [c.value for c in sheet[4]][:5] == [
        "ONLINE_DOSSIERS",
        "Tỷ lệ hồ sơ TTHC xử lý trực tuyến",
        10,
        20,
        50,
    ]
    # Not measured stays empty: a spreadsheet must not read it as 0.
    assert [c.value for c in sheet[5]][2:5] == [None, None, None]
    assert sheet.column_dimensions["A"].width == 30
    assert book["Xu hướng"]["A1"].value == "Month"


def test_text_that_looks_like_a_formula_stays_text_in_the_workbook() -> None:
    book = load_workbook(io.BytesIO(xlsx([Table("t", ["Name"], [['=HYPERLINK("x")']])])))
    cell = book["t"]["A2"]
    assert cell.value == '=HYPERLINK("x")'
    assert cell.data_type == "s"


def test_dates_are_real_dates_in_local_wall_time() -> None:
    moment = dt.datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    book = load_workbook(
        io.BytesIO(xlsx([Table("t", ["At", "Day"], [[moment, dt.date(2026, 3, 2)]])]))
    )
    assert book["t"]["A2"].value == dt.datetime(2026, 3, 2, 9, 0)
    assert book["t"]["A2"].number_format == "dd/mm/yyyy hh:mm"


def test_sheet_names_obey_excel_rules() -> None:
    book = load_workbook(
        io.BytesIO(xlsx([Table("Xếp hạng: cơ quan/xã [2026] và còn dài nữa", ["a"], [])]))
    )
    name = book.sheetnames[0]
    assert len(name) <= 31
    assert not set(name) & set("[]:*?/\\")


def test_csv_has_the_header_then_one_line_per_row() -> None:
    rows = list(csv.reader(io.StringIO(csv_text(table(ONLINE, CERTIFIED)))))
    assert rows[0] == HEADER
    assert rows[1] == [
        "ONLINE_DOSSIERS",
        "Tỷ lệ hồ sơ TTHC xử lý trực tuyến",
        "10",
        "20",
        "50.0",
        "",
        "",
        "",
    ]
    assert rows[2][2:5] == ["", "", ""]


def test_csv_defuses_cells_a_spreadsheet_would_run() -> None:
    text = csv_text(Table("t", ["Name"], [["=1+1"], ["@SUM(A1)"], ["-2"], ["Phường"]]))
    assert list(csv.reader(io.StringIO(text)))[1:] == [
        ["'=1+1"],
        ["'@SUM(A1)"],
        ["'-2"],
        ["Phường"],
    ]


def test_json_writes_decimals_as_numbers_and_keeps_vietnamese_readable() -> None:
    text = json_text(
        {"ratio": Decimal("58.0"), "name": "Tỷ lệ", "day": dt.date(2026, 1, 1), "missing": None}
    )
    assert '"ratio": 58.0' in text
    assert "Tỷ lệ" in text
    assert json.loads(text) == {
        "ratio": 58.0,
        "name": "Tỷ lệ",
        "day": "2026-01-01",
        "missing": None,
    }

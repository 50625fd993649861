"""The dashboards' SVG charts: accessible, escaped, and honest about what is not measured.

Pure: no database (pytest-django fails any query here).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from motcua.reports.charts import Point, bar_chart, column_chart, count, figure

SVG = "{http://www.w3.org/2000/svg}"
MONTHS = [
    Point("01/2026", Decimal("58.0")),
    Point("02/2026", None),
    Point("03/2026", Decimal("31.6")),
]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


@pytest.mark.parametrize("chart", [column_chart, bar_chart])
def test_a_chart_is_an_image_named_by_its_title_and_description(chart: object) -> None:
    svg = chart(
        MONTHS,
        chart_id="trend",
        title="Tỷ lệ hồ sơ trực tuyến",  # type: ignore[operator]
        description="Theo tháng",
    )
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "trend-title trend-desc"
    assert root.find(f"{SVG}title").text == "Tỷ lệ hồ sơ trực tuyến"  # type: ignore[union-attr]
    assert root.find(f"{SVG}title").get("id") == "trend-title"  # type: ignore[union-attr]
    assert root.find(f"{SVG}desc").text == "Theo tháng"  # type: ignore[union-attr]


@pytest.mark.parametrize("chart", [column_chart, bar_chart])
def test_labels_from_the_database_are_escaped(chart: object) -> None:
    svg = chart(
        [Point('<script>alert("x")</script> & Co', Decimal(1))],  # type: ignore[operator]
        chart_id="c",
        title="<b>",
        description="a & b",
    )
    assert "<script>" not in svg
    assert "<b>" not in svg
    assert "&lt;script&gt;" in svg
    assert "a &amp; b" in svg
    parse(svg)  # still well-formed XML


def test_the_trend_draws_a_bar_per_measured_month_and_marks_the_missing_one() -> None:
    root = parse(column_chart(MONTHS, chart_id="trend", title="t", description="d"))
    bars = root.findall(f".//{SVG}rect")
    assert len(bars) == 2  # February is not measured: no bar, never a zero bar
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "58.0%" in texts
    assert "31.6%" in texts
    assert "—" in texts
    assert ["01/2026", "02/2026", "03/2026"] == [t for t in texts if t and "/" in t]
    hover = [t.text for t in root.iter(f"{SVG}title")]
    assert "02/2026: —" in hover


def test_a_bar_is_as_tall_as_its_share_of_the_axis() -> None:
    root = parse(
        column_chart(
            [Point("a", Decimal(50)), Point("b", Decimal(100))],
            chart_id="c",
            title="t",
            description="d",
        )
    )
    heights = [float(r.get("height", "0")) for r in root.iter(f"{SVG}rect")]
    assert heights[1] == pytest.approx(2 * heights[0])


def test_values_beyond_the_axis_are_clipped_to_it() -> None:
    root = parse(
        bar_chart(
            [Point("a", Decimal(150)), Point("b", Decimal(100))],
            chart_id="c",
            title="t",
            description="d",
        )
    )
    widths = [float(r.get("width", "0")) for r in root.iter(f"{SVG}rect")]
    assert widths[0] == widths[1]


def test_without_a_maximum_the_axis_follows_the_data() -> None:
    root = parse(
        column_chart(
            [Point("a", Decimal("3.5")), Point("b", Decimal(7))],
            chart_id="c",
            title="t",
            description="d",
            maximum=None,
            unit="",
        )
    )
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert "7" in labels
    assert "3.5" in labels


def test_a_ranking_prints_each_name_and_figure() -> None:
    root = parse(
        bar_chart(
            [
                Point("UBND phường Phan Đình Phùng", Decimal("50.0")),
                Point("UBND phường Bắc Kạn", None),
            ],
            chart_id="ranking-agency",
            title="t",
            description="d",
        )
    )
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts == ["UBND phường Phan Đình Phùng", "50.0%", "UBND phường Bắc Kạn", "—"]


def test_an_empty_chart_is_still_a_valid_image() -> None:
    root = parse(column_chart([], chart_id="c", title="t", description="d"))
    assert root.get("role") == "img"


def test_an_id_that_would_break_the_page_is_refused() -> None:
    with pytest.raises(ValueError, match="not a valid HTML id"):
        column_chart(MONTHS, chart_id='x" onload="alert(1)', title="t", description="d")


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (Decimal("58.0"), "%", "58.0%"),
        (Decimal("31.6"), "%", "31.6%"),
        (Decimal("66.65"), "%", "66.7%"),  # half up, as the national portal rounds
        (Decimal(50), "%", "50.0%"),
        (Decimal("72.25"), "", "72.3"),
        (None, "%", "—"),
    ],
)
def test_figures_have_one_decimal_and_a_dash_when_not_measured(
    value: Decimal | None, unit: str, shown: str
) -> None:
    assert figure(value, unit) == shown


def test_counts_group_their_thousands_with_dots_as_amounts_do() -> None:
    assert [count(n) for n in (None, 0, 999, 1_000, 971_209)] == [
        "—",
        "0",
        "999",
        "1.000",
        "971.209",
    ]

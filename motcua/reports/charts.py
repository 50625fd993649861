"""Server-rendered SVG charts for the dashboards: pure functions that return SVG text.

Issue 7 §4 asks for server-rendered SVG with no build step, so there is no JavaScript chart
library. Each chart is an `<svg role="img">` named by its `<title>` and `<desc>` through
`aria-labelledby`; the page always shows the same figures in a table next to it (the text
alternative of WCAG 1.1.1). Labels are escaped here, since callers pass names from the
database. Colours are SVG presentation attributes, not `style`, so the site's CSP (style-src
'self') lets them through. A value that is not measured is drawn as a marked gap, never as a
zero bar (architecture.md, "Reports": null is never shown as 0 or 100).

Pure: standard library only, tested without a database.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from html import escape

BAR = "#0b4f8a"  # the site's --blue: 8.6:1 on white
AXIS = "#4d5560"  # --muted
GRID = "#d4d8de"  # --line
GAP = "#7a4a00"  # --amber, for the "not measured" mark (with its text, not colour alone)
NOT_MEASURED = "—"
ONE_DECIMAL = Decimal("0.1")
_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


@dataclass(frozen=True)
class Point:
    """One bar: its label, and its value on the chart's scale (None = not measured)."""

    label: str
    value: Decimal | None


def figure(value: Decimal | None, unit: str = "%") -> str:
    """The figure as the dashboards print it: one decimal and a dot, as the national portal
    shows ratios (58.0%); "—" when not measured."""
    if value is None:
        return NOT_MEASURED
    return f"{value.quantize(ONE_DECIMAL, ROUND_HALF_UP)}{unit}"


def count(value: int | None) -> str:
    """A count with its thousands grouped by dots, as Vietnamese writes them and as amounts
    of money are written elsewhere (971.209); "—" when not measured."""
    return NOT_MEASURED if value is None else f"{value:,}".replace(",", ".")


def _svg_open(
    chart_id: str, width: int, height: int, title: str, description: str, *, fluid: bool
) -> str:
    """The opening tags. A fluid chart fills its box; another keeps its size in pixels, so
    that its text stays legible on a phone (the page lets it scroll sideways)."""
    if not _ID.match(chart_id):
        raise ValueError(f"chart id {chart_id!r} is not a valid HTML id")
    size = 'width="100%"' if fluid else f'width="{width}" height="{height}"'
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{chart_id}" class="chart" role="img" '
        f'viewBox="0 0 {width} {height}" {size} preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" font-family="sans-serif">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
    )


def _scale(points: Sequence[Point], maximum: Decimal | None) -> Decimal:
    """The top of the value axis: `maximum`, or the largest value (at least 1)."""
    if maximum is not None and maximum > 0:
        return maximum
    values = [p.value for p in points if p.value is not None]
    return max([Decimal(1), *values])


def column_chart(
    points: Sequence[Point],
    *,
    chart_id: str,
    title: str,
    description: str,
    maximum: Decimal | None = Decimal(100),
    unit: str = "%",
) -> str:
    """A vertical bar per point (the monthly trend), values printed above the bars.

    `maximum` fixes the top of the axis (100 for percentages); None scales to the data.
    """
    top = _scale(points, maximum)
    slot, left, plot_h, head, foot = 56, 44, 160, 24, 40
    width = left + slot * max(len(points), 1) + 8
    height = head + plot_h + foot
    parts = [_svg_open(chart_id, width, height, title, description, fluid=False)]
    parts += _gridlines(top, left, width, head, plot_h, unit)
    for i, point in enumerate(points):
        x = left + i * slot + 8
        parts.append(_column(point, x, slot - 16, top, head, plot_h, unit))
        parts.append(
            f'<text x="{x + (slot - 16) / 2:.1f}" y="{head + plot_h + 18}" '
            f'font-size="11" text-anchor="middle" fill="{AXIS}">'
            f"{escape(point.label)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _gridlines(top: Decimal, left: int, width: int, head: int, plot_h: int, unit: str) -> list[str]:
    lines = []
    for step in range(5):
        value = top * step / 4
        y = head + plot_h - plot_h * step / 4
        lines.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - 4}" y2="{y:.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        lines.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="10" text-anchor="end" '
            f'fill="{AXIS}">{escape(_axis_label(value, unit))}</text>'
        )
    return lines


def _axis_label(value: Decimal, unit: str) -> str:
    whole = value.to_integral_value()
    return f"{whole}{unit}" if whole == value else figure(value, unit)


def _column(
    point: Point, x: float, bar_w: int, top: Decimal, head: int, plot_h: int, unit: str
) -> str:
    base = head + plot_h
    label = escape(f"{point.label}: {figure(point.value, unit)}")
    if point.value is None:
        return (
            f'<g><title>{label}</title><text x="{x + bar_w / 2:.1f}" y="{base - 6}" '
            f'font-size="14" text-anchor="middle" fill="{GAP}">{NOT_MEASURED}</text></g>'
        )
    shown = min(max(point.value, Decimal(0)), top)
    h = float(shown / top) * plot_h
    return (
        f"<g><title>{label}</title>"
        f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{bar_w}" height="{h:.1f}" '
        f'fill="{BAR}"/>'
        f'<text x="{x + bar_w / 2:.1f}" y="{base - h - 4:.1f}" font-size="10" '
        f'text-anchor="middle" fill="{AXIS}">{escape(figure(point.value, unit))}</text></g>'
    )


def bar_chart(
    points: Sequence[Point],
    *,
    chart_id: str,
    title: str,
    description: str,
    maximum: Decimal | None = Decimal(100),
    unit: str = "%",
) -> str:
    """A horizontal bar per point (rankings), label above the bar, value at its end."""
    top = _scale(points, maximum)
    # 360 units wide: at a phone's width the text is about 12 px, and the page gives the
    # chart half its width on a desktop, so it stays about that size there too.
    row, width, left, bar_max = 40, 360, 8, 290
    height = row * max(len(points), 1) + 8
    parts = [_svg_open(chart_id, width, height, title, description, fluid=True)]
    for i, point in enumerate(points):
        y = i * row + 4
        parts.append(
            f'<text x="{left}" y="{y + 12}" font-size="12" fill="#1b1f24">'
            f"{escape(point.label)}</text>"
        )
        parts.append(_bar(point, left, y + 16, bar_max, top, unit))
    parts.append("</svg>")
    return "".join(parts)


def _bar(point: Point, x: int, y: int, bar_max: int, top: Decimal, unit: str) -> str:
    label = escape(f"{point.label}: {figure(point.value, unit)}")
    if point.value is None:
        return (
            f'<g><title>{label}</title><text x="{x}" y="{y + 12}" font-size="12" '
            f'fill="{GAP}">{NOT_MEASURED}</text></g>'
        )
    shown = min(max(point.value, Decimal(0)), top)
    w = float(shown / top) * bar_max
    return (
        f"<g><title>{label}</title>"
        f'<rect x="{x}" y="{y}" width="{w:.1f}" height="14" fill="{BAR}"/>'
        f'<text x="{x + w + 6:.1f}" y="{y + 12}" font-size="12" fill="{AXIS}">'
        f"{escape(figure(point.value, unit))}</text></g>"
    )

"""Public statistics (/thong-ke/) and their open data (/thong-ke/du-lieu.csv and .json).

Issue 7 §4: the same headline figures as the leaders' dashboard, for the whole province, with
no log-in and no personal data: counts and ratios only, never a name, a personal
identification number or a dossier code (the service's `public_headlines`).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import charts, exports, service
from .kpis import Indicator
from .views import TOTAL, reason, row

OPEN_DATA_HEADER = (
    "period",
    "code",
    "name",
    "numerator",
    "denominator",
    "ratio_percent",
    "score",
    "max_score",
    "note",
)


def _period(request: HttpRequest) -> tuple[Any, str]:
    """(the period asked for, or this year's; the error message, or "")."""
    text = request.GET.get("period", "").strip() or str(timezone.localdate().year)
    try:
        return service.parse_period(text), ""
    except ValueError as exc:
        return service.parse_period(str(timezone.localdate().year)), str(exc)


@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    period, problem = _period(request)
    headlines = service.public_headlines(period)
    # The chart draws the ratios; the index, a score out of 100, is in the cards and the table.
    points = [charts.Point(ind.name, ind.ratio) for ind in headlines if ind.code != TOTAL]
    title = _("Headline figures, %(period)s") % {"period": period.label}
    chart = charts.bar_chart(
        points,
        chart_id="headlines-chart",
        title=title,
        description=_("The same figures are in the table below."),
    )
    return render(
        request,
        "reports/public.html",
        {
            "period": period,
            "problem": problem,
            "typed": request.GET.get("period", ""),
            "rows": [row(ind, None) for ind in headlines],
            "chart": chart,
            "title": title,
        },
        status=400 if problem else 200,
    )


def open_data(period: Any, headlines: list[Indicator]) -> exports.Table:
    """The headline figures as open data: one row per indicator, no personal data."""
    return exports.Table(
        "open-data",
        OPEN_DATA_HEADER,
        [
            [
                period.label,
                ind.code,
                ind.name,
                ind.numerator,
                ind.denominator,
                ind.ratio,
                ind.score,
                ind.max_score,
                reason(ind.note),
            ]
            for ind in headlines
        ],
    )


@require_GET
def open_data_csv(request: HttpRequest) -> HttpResponse:
    period, problem = _period(request)
    if problem:
        return HttpResponse(problem, status=400, content_type="text/plain; charset=utf-8")
    text = exports.csv_text(open_data(period, service.public_headlines(period)))
    response = HttpResponse("\ufeff" + text, content_type="text/csv; charset=utf-8")
    # The byte-order mark lets spreadsheet programs read the Vietnamese letters as UTF-8.
    response["Content-Disposition"] = f'inline; filename="thong-ke-{period.label}.csv"'
    response["Access-Control-Allow-Origin"] = "*"  # open data: any site may read it
    return response


@require_GET
def open_data_json(request: HttpRequest) -> HttpResponse:
    period, problem = _period(request)
    if problem:
        return HttpResponse(
            exports.json_text({"detail": problem}), status=400, content_type="application/json"
        )
    headlines = service.public_headlines(period)
    document = {
        "period": {"label": period.label, "start": period.start.date(), "end": period.end.date()},
        "indicators": [
            {
                "code": ind.code,
                "name": ind.name,
                "numerator": ind.numerator,
                "denominator": ind.denominator,
                "ratio_percent": ind.ratio,
                "score": ind.score,
                "max_score": ind.max_score,
                "note": reason(ind.note),
            }
            for ind in headlines
        ],
    }
    response = HttpResponse(
        exports.json_text(document), content_type="application/json; charset=utf-8"
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response

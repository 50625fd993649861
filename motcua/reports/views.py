"""The leaders' dashboard (/mot-cua/bao-cao/), its drill-downs and its xlsx exports.

Issue 7 §4. Every figure comes from `motcua.reports.service` (the engine); this module reads
the period and scope from the query string, lays the figures out, and links each one to the
dossiers (or procedures) it counts. The service refuses a scope the user may not read with
PermissionDenied, which answers 404 here, as any object of another organisation does
(architecture.md, "Scopes"). Staff without a reporting role and citizens get 403; a visitor
signs in first (accounts.staff.staff_required).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from motcua.accounts.choices import Role
from motcua.accounts.models import User
from motcua.accounts.staff import staff_required
from motcua.agencies.models import Agency, AgencyQuerySet
from motcua.backoffice.access import memberships
from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.dossiers.choices import STATUS_LABELS
from motcua.dossiers.queries import descendants
from motcua.units.choices import Level, Scheme
from motcua.units.models import AdministrativeUnit, AdministrativeUnitQuerySet

from . import charts, exports, kpis, service
from .kpis import Indicator

PAGE_SIZE = 50
PARTS = ("numerator", "denominator")
PROVINCE_ROLES = {Role.CENTRE_SUPERVISOR, Role.PROVINCE_LEADERSHIP, Role.ADMINISTRATOR}
REPORT_ROLES = PROVINCE_ROLES | {Role.LEADER, Role.COMMUNE_LEADER}
TOTAL = "total"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The indicator the trend and the rankings follow: the index, or one of the provincial KPIs.
FOLLOWED = (
    (TOTAL, gettext_lazy("Decision 766 index (total score)")),
    ("ONLINE_SERVICES_WITH_DOSSIERS", gettext_lazy("Online services with dossiers")),
    ("ONLINE_DOSSIERS", gettext_lazy("Dossiers handled online")),
    ("DIGITIZED_DOSSIERS", gettext_lazy("Digitized dossiers and results")),
    ("ON_TIME", gettext_lazy("Dossiers handled early or on time")),
)
# The engine's reasons are English constants of its pure modules; the page shows them in the
# reader's language. A reason not listed here is shown as the engine wrote it.
REASONS = {
    kpis.SYNC_NOT_INTEGRATED: gettext_lazy("national portal sync not yet integrated"),
    "nothing to measure in the period": gettext_lazy("nothing to measure in the period"),
    "without Decision 766's sync factor": gettext_lazy("without Decision 766's sync factor"),
    "information only": gettext_lazy("information only"),
    "information only, in days": gettext_lazy("information only, in days"),
    "no completed dossiers": gettext_lazy("no completed dossiers"),
    "× sync ratio": gettext_lazy("× sync ratio"),
    "completeness of the published parts not checked yet": gettext_lazy(
        "completeness of the published parts not checked yet"
    ),
    "no dossiers: national rule needs last year's total": gettext_lazy(
        "no dossiers: the national rule needs last year's total"
    ),
    "no petitions in the period: full points (national rule)": gettext_lazy(
        "no petitions in the period: full points (national rule)"
    ),
    "no dossiers: 0 points (national rule)": gettext_lazy("no dossiers: 0 points (national rule)"),
    "papers only: e-results pushed to the repository are not recorded yet": gettext_lazy(
        "papers only: e-results pushed to the repository are not recorded yet"
    ),
    (
        "electronic certified copies are not produced by any feature yet; formula UNCONFIRMED "
        "(domain.md §3.2)"
    ): gettext_lazy(
        "electronic certified copies are not produced by any feature yet; formula unconfirmed"
    ),
}


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # staff_required let only a signed-in user through
    return request.user


# --- Scopes a person may choose --------------------------------------------------------------


def scope_choices(user: User) -> list[tuple[str, str]]:
    """The scopes offered in the dashboard's select, the person's widest first; empty for
    anyone without a reporting role. Only a convenience: the service decides what may be read.
    """
    today = timezone.localdate()
    roles = memberships(user)
    if any(m.role in PROVINCE_ROLES for m in roles):
        # The province's own communes, not the country's 3,300: each is an <option>.
        province = AdministrativeUnit.objects.filter(parent__code=settings.PROVINCE_CODE)
        return [
            ("", _("The whole province")),
            *_agency_choices(Agency.objects.all(), today),
            *_commune_choices(province, today),
        ]
    led = descendants({m.agency_id for m in roles if m.role == Role.LEADER})
    communes = [m.agency_id for m in roles if m.role == Role.COMMUNE_LEADER]
    units = AdministrativeUnit.objects.filter(agencies__in=communes)
    return [
        *_agency_choices(Agency.objects.filter(pk__in=led), today),
        *(_commune_choices(units, today) if communes else []),
    ]


def _agency_choices(agencies: AgencyQuerySet, today: dt.date) -> list[tuple[str, str]]:
    rows = agencies.in_force_on(today).order_by("code").values_list("code", "name")
    return [(f"agency:{code}", name) for code, name in rows]


def _commune_choices(units: AdministrativeUnitQuerySet, today: dt.date) -> list[tuple[str, str]]:
    rows = (
        units.filter(scheme=Scheme.FROM_2025, level=Level.COMMUNE)
        .in_force_on(today)
        .order_by("name")
        .values_list("code", "name")
        .distinct()
    )
    return [(f"commune:{code}", name) for code, name in rows]


# --- The period and scope form ---------------------------------------------------------------


class ReportForm(forms.Form):
    """Period (a year, quarter or month, or dates) and scope; no JavaScript needed."""

    period = forms.CharField(
        label=gettext_lazy("Period"),
        required=False,
        max_length=20,
        help_text=gettext_lazy(
            "A year (2026), a quarter (2026-Q1) or a month (2026-03). "
            "Leave it empty to give dates instead."
        ),
    )
    start = forms.DateField(
        label=gettext_lazy("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label=gettext_lazy("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    scope = forms.CharField(
        label=gettext_lazy("Scope"), required=False, max_length=60, widget=forms.Select
    )
    indicator = forms.ChoiceField(
        label=gettext_lazy("Trend and rankings of"), required=False, choices=FOLLOWED
    )

    def __init__(self, data: QueryDict, scopes: Sequence[tuple[str, str]]) -> None:
        super().__init__(data)
        self.fields["scope"].widget.choices = scopes

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        try:
            data["the_period"] = service.parse_period(data.get("period") or None, start, end)
        except ValueError as exc:
            self.add_error(
                "start" if (start or end) and not data.get("period") else "period", str(exc)
            )
        try:
            data["the_scope"] = service.parse_scope(data.get("scope") or None)
        except ValueError as exc:
            self.add_error("scope", str(exc))
        return data


@dataclass(frozen=True)
class DashboardQuery:
    """What the reader asked for: the period, the scope, the followed indicator, and the query
    string that carries them to the drill-downs and exports."""

    period: Any
    scope: Any
    indicator: str
    query: str


def read_form(
    request: HttpRequest, scopes: Sequence[tuple[str, str]]
) -> tuple[ReportForm, DashboardQuery | None]:
    """The form bound to the query string, with today's year and the widest scope by
    default; the selection, or None when the form has errors."""
    data = request.GET.copy()
    if not any(data.get(key) for key in ("period", "start", "end")):
        data["period"] = str(timezone.localdate().year)
    if "scope" not in data and scopes:
        data["scope"] = scopes[0][0]
    form = ReportForm(data, scopes)
    if not form.is_valid():
        return form, None
    clean = form.cleaned_data
    carried = {key: data.get(key, "") for key in ("period", "start", "end", "scope")}
    query = urlencode({k: v for k, v in carried.items() if v})
    return form, DashboardQuery(
        clean["the_period"], clean["the_scope"], clean.get("indicator") or TOTAL, query
    )


# --- Laying the figures out ------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """An indicator as a table row shows it, with the links to what it counts."""

    indicator: Indicator
    ratio: str
    score: str
    note: str
    measured: bool
    numerator_url: str = ""
    denominator_url: str = ""

    @property
    def numerator(self) -> str:
        return charts.count(self.indicator.numerator)

    @property
    def denominator(self) -> str:
        return charts.count(self.indicator.denominator)


def number(value: Decimal | None) -> str:
    """A score as computed (two decimals), with a dot like the ratios; "—" when not measured.
    Formatted here, not by the template, which would write a Vietnamese decimal comma."""
    return charts.NOT_MEASURED if value is None else str(value)


def reason(note: str) -> str:
    return str(REASONS.get(note, note))


def items_url(code: str, part: str, query: str) -> str:
    query = f"part={part}&{query}" if query else f"part={part}"
    return f"/mot-cua/bao-cao/{code}/ho-so/?{query}"


def query_with(selection: DashboardQuery, **values: str) -> str:
    """The selection's query string with some values replaced: one month of its trend, one
    agency or commune of its ranking (a period replaces from/to dates)."""
    carried = QueryDict(selection.query).dict()
    if "period" in values:
        carried.pop("start", None)
        carried.pop("end", None)
    carried.update(values)
    return urlencode(carried)


def row(indicator: Indicator, query: str | None) -> Row:
    """The row of `indicator`; with the query string of its period and scope, its numerator
    and denominator link to the drill-down (when there is a count to open)."""
    score = number(indicator.score)
    if indicator.max_score is not None:
        score = f"{score} / {indicator.max_score}"
    links = {}
    if query is not None:
        for part in PARTS:
            if getattr(indicator, part):
                links[f"{part}_url"] = items_url(indicator.code, part, query)
    ratio = charts.figure(indicator.ratio)
    if indicator.ratio is None and indicator.value is not None:
        ratio = charts.figure(indicator.value, unit="")
    elif indicator.ratio is None and indicator.code == TOTAL and indicator.score is not None:
        ratio = score  # the index is a score out of 100, not a ratio
    measured = charts.NOT_MEASURED not in ratio
    return Row(indicator, ratio, score, reason(indicator.note), measured, **links)


def followed_value(code: str, indicator: Indicator) -> Decimal | None:
    """The charted value: the ratio, or the score for the index total."""
    if code == TOTAL and indicator.ratio is None:
        return indicator.score
    return indicator.ratio


def month_label(month: str) -> str:
    """ "2026-03" → "03/2026", as Vietnamese dates are written."""
    year, _sep, number = month.partition("-")
    return f"{number}/{year}" if number else month


def followed_name(code: str) -> str:
    return str(dict(FOLLOWED).get(code, code))


def trend_figures(selection: DashboardQuery, user: User) -> dict[str, Any]:
    """The monthly trend of the followed indicator over the period's year: rows and chart."""
    code = selection.indicator
    year = selection.period.start.year
    months = service.trend(code, year, selection.scope, user)
    unit = "" if code == TOTAL else "%"
    points = [charts.Point(month_label(month), followed_value(code, ind)) for month, ind in months]
    title = _("Trend by month, %(year)s: %(name)s") % {"year": year, "name": followed_name(code)}
    chart = charts.column_chart(
        points,
        chart_id="trend-chart",
        title=title,
        description=_("The same figures are in the table below the chart."),
        maximum=Decimal(100),
        unit=unit,
    )
    return {
        "title": title,
        "chart": chart,
        "unit": unit,
        "counts": code != TOTAL,
        "rows": [
            (month_label(month), row(ind, query_with(selection, period=month)))
            for month, ind in months
        ],
    }


def ranking_figures(selection: DashboardQuery, by: str, user: User) -> dict[str, Any] | None:
    """The ranking of agencies or communes on the followed indicator, best first; None when
    the reader may not compare the whole province."""
    code = selection.indicator
    try:
        ranked = service.ranking(code, selection.period, by, user)
    except PermissionDenied:
        return None
    unit = "" if code == TOTAL else "%"
    title = (
        _("Agencies ranked by: %(name)s") if by == "agency" else _("Communes ranked by: %(name)s")
    ) % {"name": followed_name(code)}
    queries = [query_with(selection, scope=f"{scope.kind}:{scope.code}") for scope, _i in ranked]
    rows = [
        {
            "position": n,
            "scope": scope,
            "row": row(ind, query),
            "value": charts.figure(followed_value(code, ind), unit),
            "url": "/mot-cua/bao-cao/?" + query + "&" + urlencode({"indicator": code}),
        }
        for n, ((scope, ind), query) in enumerate(zip(ranked, queries, strict=True), start=1)
    ]
    top = [charts.Point(scope.label, followed_value(code, ind)) for scope, ind in ranked[:10]]
    chart = charts.bar_chart(
        top,
        chart_id=f"ranking-{by}",
        title=title,
        description=_("The first ten; every row is in the table below the chart."),
        maximum=Decimal(100),
        unit=unit,
    )
    # The index is a score: it has no numerator or denominator to show.
    return {"title": title, "rows": rows, "chart": chart, "by": by, "counts": code != TOTAL}


def dashboard_figures(selection: DashboardQuery, user: User) -> dict[str, Any]:
    """Everything the dashboard shows; PermissionDenied when the scope is not the reader's."""
    report = service.index_766(selection.period, selection.scope, user)
    groups = [
        {
            "group": group,
            "score": number(group.score),
            "max": str(group.max_score),
            "rows": [row(ind, selection.query) for ind in group.indicators],
        }
        for group in report.groups
    ]
    return {
        "kpis": [
            row(ind, selection.query)
            for ind in service.provincial_kpis(selection.period, selection.scope, user)
        ],
        "report": report,
        "groups": groups,
        "total": number(report.total),
        "max_total": str(report.max_total),
        "trend": trend_figures(selection, user),
        "rankings": [
            r
            for r in (ranking_figures(selection, by, user) for by in ("agency", "commune"))
            if r is not None
        ],
    }


# --- Pages -----------------------------------------------------------------------------------


def _choices_or_403(request: HttpRequest) -> list[tuple[str, str]]:
    """The scopes to offer. Someone with none who names no scope gets 403; one who names a
    scope goes on, for the service to refuse it (404), as for any other organisation's."""
    choices = scope_choices(_user(request))
    if not choices and "scope" not in request.GET:
        raise PermissionDenied("Reports are for leaders, supervisors and administrators")
    return choices


@staff_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form, selection = read_form(request, _choices_or_403(request))
    context: dict[str, Any] = {"form": form, "selection": selection}
    if selection is not None:
        try:
            context.update(dashboard_figures(selection, user))
        except PermissionDenied:
            raise Http404("No such scope in your reach") from None
    return render(request, "reports/dashboard.html", context, status=200 if selection else 400)


def _drilldown_rows(items: QuerySet[Any]) -> tuple[str, QuerySet[Any]]:
    """("procedures" or "dossiers", the rows in a stable order with what the page shows)."""
    if items.model is Procedure:
        latest = (
            ProcedureVersion.objects.filter(procedure=OuterRef("pk"))
            .order_by("-valid_from")
            .values("name")[:1]
        )
        return "procedures", items.annotate(shown_name=Subquery(latest)).order_by("code")
    return "dossiers", items.select_related(
        "procedure_version__procedure", "competent_agency"
    ).order_by("-received_at", "-pk")


def _items(request: HttpRequest, code: str) -> tuple[ReportForm, DashboardQuery | None, str, Any]:
    user = _user(request)
    part = request.GET.get("part", "")
    if part not in PARTS:
        raise Http404("No such part of an indicator")
    form, selection = read_form(request, _choices_or_403(request))
    if selection is None:
        return form, None, part, None
    try:
        found = service.items(code, part, selection.period, selection.scope, user)
    except PermissionDenied:
        raise Http404("No such scope in your reach") from None
    except (KeyError, LookupError, ValueError):
        raise Http404("No such indicator") from None
    return form, selection, part, found


@staff_required
@require_GET
def items_page(request: HttpRequest, code: str) -> HttpResponse:
    """The dossiers (or procedures) an indicator's numerator or denominator counts."""
    form, selection, part, found = _items(request, code)
    context: dict[str, Any] = {"form": form, "selection": selection, "code": code, "part": part}
    if selection is None:
        return render(request, "reports/items.html", context, status=400)
    kind, rows = _drilldown_rows(found)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context.update(
        {
            "kind": kind,
            "page": page,
            "total": charts.count(page.paginator.count),
            "query": f"part={part}&{selection.query}",
            "other_part": "denominator" if part == "numerator" else "numerator",
        }
    )
    return render(request, "reports/items.html", context)


@staff_required
@require_GET
def items_export(request: HttpRequest, code: str) -> HttpResponse:
    """The drill-down as a spreadsheet, every row (not one page)."""
    _form, selection, part, found = _items(request, code)
    if selection is None:
        raise Http404("No such period or scope")
    kind, rows = _drilldown_rows(found)
    table = procedures_table(rows) if kind == "procedures" else dossiers_table(rows)
    caption = f"{code} — {part} — {selection.period.label} — {selection.scope.label}"
    table = exports.Table(table.title, table.header, table.rows, table.widths, caption)
    return xlsx_response([table], f"{code}-{part}")


def procedures_table(rows: QuerySet[Any]) -> exports.Table:
    return exports.Table(
        _("Procedures"),
        [_("Procedure code"), _("Procedure")],
        [[p.code, p.shown_name or ""] for p in rows.iterator()],
        (16, 80),
    )


def dossiers_table(rows: QuerySet[Any]) -> exports.Table:
    return exports.Table(
        _("Dossiers"),
        [
            _("Dossier code"),
            _("Procedure code"),
            _("Procedure"),
            _("Competent agency"),
            _("Received at"),
            _("Due at"),
            _("Finished at"),
            _("Status"),
        ],
        [
            [
                d.code or d.reference,
                d.procedure_version.procedure.code,
                d.procedure_version.name,
                d.competent_agency.name,
                _local(d.received_at),
                _local(d.due_at),
                _local(d.finished_at),
                str(STATUS_LABELS.get(d.status, d.status)),
            ]
            for d in rows.iterator(chunk_size=2000)
        ],
        (26, 14, 60, 40, 17, 17, 17, 30),
    )


def _local(moment: dt.datetime | None) -> dt.datetime | None:
    return timezone.localtime(moment) if moment else None


# --- Exports of the dashboard's tables -------------------------------------------------------

INDICATOR_HEADER = (
    gettext_lazy("Code"),
    gettext_lazy("Indicator"),
    gettext_lazy("Numerator"),
    gettext_lazy("Denominator"),
    gettext_lazy("Ratio (%)"),
    gettext_lazy("Score"),
    gettext_lazy("Maximum"),
    gettext_lazy("Note"),
)
INDICATOR_WIDTHS = (34, 60, 12, 12, 10, 8, 9, 50)


def _indicator_table(title: str, indicators: Sequence[Indicator]) -> exports.Table:
    rows = []
    for ind in indicators:
        values = exports.indicator_values(ind)
        values[-1] = reason(ind.note)
        rows.append(values)
    return exports.Table(title, [str(h) for h in INDICATOR_HEADER], rows, INDICATOR_WIDTHS)


def kpi_table(selection: DashboardQuery, user: User) -> exports.Table:
    found = service.provincial_kpis(selection.period, selection.scope, user)
    return _indicator_table(_("Provincial KPIs"), found)


def index_table(selection: DashboardQuery, user: User) -> exports.Table:
    report = service.index_766(selection.period, selection.scope, user)
    table = _indicator_table(
        _("Decision 766 index"), [ind for group in report.groups for ind in group.indicators]
    )
    groups = [
        [f"{_('Group')} {g.code}", g.name, None, None, None, g.score, g.max_score, ""]
        for g in report.groups
    ]
    total = [
        [_("Total"), _("Decision 766 index"), None, None, None, report.total, report.max_total, ""]
    ]
    return exports.Table(table.title, table.header, [*table.rows, *groups, *total], table.widths)


def trend_table(selection: DashboardQuery, user: User) -> exports.Table:
    code = selection.indicator
    months = service.trend(code, selection.period.start.year, selection.scope, user)
    return exports.Table(
        _("Trend by month"),
        [_("Month"), *[str(h) for h in INDICATOR_HEADER]],
        [[month, *exports.indicator_values(ind)[:-1], reason(ind.note)] for month, ind in months],
        (10, *INDICATOR_WIDTHS),
    )


def ranking_table(selection: DashboardQuery, user: User, by: str) -> exports.Table:
    try:
        ranked = service.ranking(selection.indicator, selection.period, by, user)
    except PermissionDenied:
        raise Http404("Rankings cover the whole province") from None
    title = _("Agency ranking") if by == "agency" else _("Commune ranking")
    return exports.Table(
        title,
        [_("Position"), _("Scope code"), _("Name"), *[str(h) for h in INDICATOR_HEADER]],
        [
            [n, scope.code, scope.label, *exports.indicator_values(ind)[:-1], reason(ind.note)]
            for n, (scope, ind) in enumerate(ranked, start=1)
        ],
        (9, 18, 50, *INDICATOR_WIDTHS),
    )


TABLES: dict[str, Callable[[DashboardQuery, User], exports.Table]] = {
    "chi-so": kpi_table,
    "chi-so-766": index_table,
    "xu-huong": trend_table,
    "xep-hang-co-quan": lambda s, u: ranking_table(s, u, "agency"),
    "xep-hang-xa": lambda s, u: ranking_table(s, u, "commune"),
}


@staff_required
@require_GET
def export(request: HttpRequest, table: str) -> HttpResponse:
    """One table of the dashboard, or every table ("tat-ca"), as an xlsx workbook."""
    if table != "tat-ca" and table not in TABLES:
        raise Http404("No such table")
    user = _user(request)
    _form, selection = read_form(request, _choices_or_403(request))
    if selection is None:
        raise Http404("No such period or scope")
    wanted = list(TABLES) if table == "tat-ca" else [table]
    try:
        if table == "tat-ca" and not _may_rank(selection, user):
            wanted = wanted[:3]
        tables = [TABLES[name](selection, user) for name in wanted]
    except PermissionDenied:
        raise Http404("No such scope in your reach") from None
    caption = f"{selection.period.label} — {selection.scope.label}"
    tables = [exports.Table(t.title, t.header, t.rows, t.widths, caption) for t in tables]
    return xlsx_response(tables, f"bao-cao-{table}")


def _may_rank(selection: DashboardQuery, user: User) -> bool:
    try:
        service.ranking(selection.indicator, selection.period, "agency", user)
    except PermissionDenied:
        return False
    return True


def xlsx_response(tables: Sequence[exports.Table], name: str) -> HttpResponse:
    response = HttpResponse(exports.xlsx(tables), content_type=XLSX)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.xlsx"'
    return response

"""The reports service: what the dashboards, the API and open data ask (issue 7).

Every figure is computed live from the aggregates (reading.py) for any period and scope, by the
pure formulas (tallies.py over kpis.py and index766.py). `user` is the request user: one who may
not read the scope gets PermissionDenied (scopes.check_readable); drill-downs also go through
`visible_to`. `public_headlines()` is the exception: province totals, no personal data.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency
from motcua.catalog.models import Procedure
from motcua.dossiers.models import Dossier
from motcua.units.models import AdministrativeUnit

from . import memo, periods, reading, tallies
from .kpi_rows import Period
from .kpis import DEFAULTS, Group, Indicator, Settings
from .scopes import (
    AGENCY,
    COMMUNE,
    Scope,
    Selection,
    check_readable,
    current_commune_of,
    parse_scope,
    province_scope,
    selection,
    selections_of,
)

__all__ = [
    "Scope",
    "Report",
    "parse_scope",
    "parse_period",
    "provincial_kpis",
    "index_766",
    "trend",
    "ranking",
    "items",
    "public_headlines",
    "average_times",
]

TOTAL = "total"
KPI_CODES = ("ONLINE_SERVICES_WITH_DOSSIERS", "ONLINE_DOSSIERS", "DIGITIZED_DOSSIERS")
HEADLINE_CODES = ("ON_TIME", "FEE_PAID_ONLINE_DOSSIERS", "DOSSIER_RECEIVING_SATISFACTION")
# Indicators that count procedures, not dossiers: their drill-down lists procedures.
PROCEDURE_BASED = {
    "ONLINE_SERVICES_WITH_DOSSIERS",
    "ONLINE_SERVICE_WITH_DOSSIERS",
    "ONLINE_SERVICE_PROVIDED",
    "FEE_PAID_ONLINE_PROCEDURES",
    "CITIZEN_DATA_CONNECTED_FORMALITY",
}
NUMERATOR, DENOMINATOR = "numerator", "denominator"


@dataclass(frozen=True)
class Report:
    """The Decision 766 index of a scope and period."""

    groups: tuple[Group, ...]
    total: Decimal | None
    max_total: Decimal
    scope: Scope | None = None
    period: Period | None = None

    def indicators(self) -> list[Indicator]:
        return [i for g in self.groups for i in g.indicators]


def parse_period(
    period: str | None = None, start: dt.date | None = None, end: dt.date | None = None
) -> Period:
    """ "2026", "2026-Q1", "2026-03", or from/to; the current year when nothing is given."""
    return periods.parse_period(period, start, end, today=timezone.localdate())


# --- Figures ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Inputs:
    tallies: dict[str, tallies.Tally]
    procedures: list[Any]
    petitions: list[Any]


def _inputs(period: Period, chosen: Selection, settings: Settings) -> _Inputs:
    """The counts, procedures and petitions of a scope and period; a dashboard asks for the
    KPIs and the index of the same ones in one request, and the second read reuses the first."""
    key = ("inputs", period.start, period.end, chosen, settings, memo.watermark())
    found = memo.recall(key)
    if found is None:
        found = _Inputs(
            reading.tallies(period, chosen, "procedure", settings).get(None, {}),
            reading.procedure_rows(period, chosen),
            reading.petition_rows(period, chosen),
        )
        memo.keep(key, found)
    return found


def as_of_now(period: Period) -> Period:
    """The period measured now when it has not ended yet: a dossier still open is judged at
    this minute, not at a future period end (architecture.md: figures that change with time
    alone are computed at read time)."""
    now = timezone.now().replace(second=0, microsecond=0)
    if period.end <= now:
        return period
    return Period(period.start, max(period.start, now), period.label)


def _kpis(data: _Inputs) -> list[Indicator]:
    return list(tallies.provincial_kpis(data.tallies, data.procedures))


def _index(data: _Inputs, period: Period, settings: Settings) -> tuple[Group, ...]:
    return tallies.decision_766_index(
        data.tallies, data.procedures, data.petitions, period, settings=settings
    )


def _report(groups: tuple[Group, ...], scope: Scope | None, period: Period | None) -> Report:
    scores = [g.score for g in groups if g.score is not None]
    return Report(
        groups,
        sum(scores, Decimal(0)) if scores else None,
        sum((g.max_score for g in groups), Decimal(0)),
        scope,
        period,
    )


def provincial_kpis(
    period: Period, scope: Scope, user: Any, settings: Settings = DEFAULTS
) -> list[Indicator]:
    """The three KPIs of provincial reports: online services used, online dossiers,
    digitization."""
    check_readable(scope, user)
    return _kpis(_inputs(as_of_now(period), selection(scope), settings))


def index_766(period: Period, scope: Scope, user: Any, settings: Settings = DEFAULTS) -> Report:
    """The Decision 766 index: six groups with every indicator, and the total out of 100."""
    check_readable(scope, user)
    measured = as_of_now(period)
    return _report(
        _index(_inputs(measured, selection(scope), settings), measured, settings), scope, period
    )


def average_times(period: Period, scope: Scope, user: Any) -> list[tuple[Procedure, Decimal]]:
    """Mean handling time per procedure in calendar days (indicator 2.2), slowest first."""
    check_readable(scope, user)
    found = reading.tallies(as_of_now(period), selection(scope)).get(None, {})
    means = tallies.average_days(found)
    procedures = {p.code: p for p in Procedure.objects.filter(code__in=means)}
    return sorted(((procedures[c], d) for c, d in means.items()), key=lambda x: -x[1])


def _all_indicators(data: _Inputs, period: Period, settings: Settings) -> dict[str, Indicator]:
    groups = _index(data, period, settings)
    found = {i.code: i for g in groups for i in g.indicators}
    # ONLINE_DOSSIERS is both 766 indicator 3.3 and the provincial KPI; by code, the KPI
    # (without the sync factor) is meant: 3.3 stays null until the national sync exists.
    found.update({i.code: i for i in _kpis(data)})
    found[TOTAL] = _total(groups)
    return found


def _total(groups: tuple[Group, ...]) -> Indicator:
    report = _report(groups, None, None)
    return Indicator(
        TOTAL, _("Decision 766 index"), None, None, None, report.total, report.max_total
    )


def _pick(code: str, found: dict[str, Indicator]) -> Indicator:
    if code not in found:
        raise ValueError(_("There is no indicator %(code)s.") % {"code": code})
    return found[code]


def _indicator(code: str, data: _Inputs, period: Period, settings: Settings) -> Indicator:
    """_pick(code, _all_indicators(…)) computing only what `code` needs: a trend or a ranking
    computes it for every month, agency or commune."""
    if code in KPI_CODES:
        return _pick(code, {i.code: i for i in _kpis(data)})
    groups = _index(data, period, settings)
    if code == TOTAL:
        return _total(groups)
    return _pick(code, {i.code: i for g in groups for i in g.indicators})


def trend(
    code: str, year: int, scope: Scope, user: Any, settings: Settings = DEFAULTS
) -> list[tuple[str, Indicator]]:
    """The indicator (or "total") month by month, "2026-01" up to the current month."""
    check_readable(scope, user)
    chosen = selection(scope)
    months = [as_of_now(m) for m in periods.month_periods(year, timezone.localdate())]
    inputs = zip(
        reading.tallies_by_month(months, chosen, settings),
        reading.procedure_rows_by_month(months, chosen),
        reading.petition_rows_by_month(months, chosen),
        strict=True,
    )
    return [
        (month.label, _indicator(code, _Inputs(*data), month, settings))
        for month, data in zip(months, inputs, strict=True)
    ]


def ranking(
    code: str, period: Period, by: str, user: Any, settings: Settings = DEFAULTS
) -> list[tuple[Scope, Indicator]]:
    """Agencies or communes (today's, former ones counted in their successor) ranked by one
    indicator, best first; those with nothing measured come last."""
    if by not in (AGENCY, COMMUNE):
        raise ValueError(_("Rank by agency or by commune."))
    check_readable(province_scope(), user)
    period = as_of_now(period)
    grouped = reading.tallies(period, Selection(), by, settings)
    if by == COMMUNE:
        grouped = _merge_into_current_communes(grouped)
    scopes = _scopes_of(by, set(grouped))
    procedures: dict[Any, list[Any]] = defaultdict(list)
    if code in PROCEDURE_BASED or code == TOTAL:
        procedures.update(reading.procedure_rows_of(period, selections_of(by, set(scopes))))
    petitions: list[Any] = []
    ranked = []
    for key, found in grouped.items():
        if key is None or key not in scopes:
            continue
        data = _Inputs(found, procedures[key], petitions)
        ranked.append((scopes[key], _indicator(code, data, period, settings)))
    return sorted(ranked, key=lambda pair: _rank_key(code, pair))


def _merge_into_current_communes(
    grouped: dict[Any, dict[str, tallies.Tally]],
) -> dict[Any, dict[str, tallies.Tally]]:
    current = current_commune_of({k for k in grouped if k is not None})
    parts: dict[Any, dict[str, list[tallies.Tally]]] = defaultdict(lambda: defaultdict(list))
    for key, found in grouped.items():
        target = parts[current.get(key) if key is not None else None]
        for procedure, t in found.items():
            target[procedure].append(t)
    return {
        key: {
            procedure: ts[0] if len(ts) == 1 else tallies.sum_of(ts)
            for procedure, ts in found.items()
        }
        for key, found in parts.items()
    }


def _scopes_of(by: str, keys: set[Any]) -> dict[Any, Scope]:
    if by == AGENCY:
        return {a.pk: Scope(AGENCY, a.code, a.name) for a in Agency.objects.filter(pk__in=keys)}
    return {
        u.pk: Scope(COMMUNE, u.code, u.name) for u in AdministrativeUnit.objects.filter(pk__in=keys)
    }


def _rank_key(code: str, pair: tuple[Scope, Indicator]) -> tuple[Any, ...]:
    scope, i = pair
    if code == "AVERAGE_TIME":  # shorter is better
        return (i.value is None, i.value or 0, scope.label)
    figure = i.score if code == TOTAL else i.ratio
    return (figure is None, -(figure or 0), scope.label)


def public_headlines(period: Period, settings: Settings = DEFAULTS) -> list[Indicator]:
    """Province totals for the public statistics page: counts and ratios, nothing personal."""
    period = as_of_now(period)
    data = _inputs(period, Selection(), settings)
    found = _all_indicators(data, period, settings)
    return [found[c] for c in (*KPI_CODES, *HEADLINE_CODES, TOTAL)]


# --- Drill-down -----------------------------------------------------------------------------------


def items(
    code: str, part: str, period: Period, scope: Scope, user: Any, settings: Settings = DEFAULTS
) -> QuerySet[Any]:
    """The dossiers (or procedures) an indicator counts, through `visible_to` for dossiers.

    ValueError for an indicator without a drill-down (petitions, group 1, not measured).
    """
    if part not in (NUMERATOR, DENOMINATOR):
        raise ValueError(_("Ask for the numerator or the denominator."))
    check_readable(scope, user)
    chosen, period = selection(scope), as_of_now(period)
    if code in PROCEDURE_BASED:
        return _procedures(code, part, period, chosen)
    tests = _dossier_tests(period, chosen, settings)
    if code not in tests:
        raise ValueError(_("The indicator %(code)s has no list of dossiers.") % {"code": code})
    numerator, denominator = tests[code]
    rows = reading.figures_in(period, chosen).filter(denominator)
    if part == NUMERATOR:
        rows = numerator(rows)
    return (
        Dossier.objects.visible_to(user)
        .filter(pk__in=rows.values("dossier_id"))
        .select_related("procedure_version", "competent_agency")
        .order_by("received_at")
    )


Narrow = Callable[[QuerySet[Any]], QuerySet[Any]]


def _dossier_tests(
    period: Period, chosen: Selection, settings: Settings
) -> dict[str, tuple[Narrow, Q]]:
    done = reading.done_by(period)
    doc_no_e = done & Q(result_is_document=True, has_e_result=False)
    digitized = Q(papers__gt=0, digitized_papers__gt=0)
    if settings.digitized_requires_all_papers:
        digitized &= Q(digitized_papers__gte=F("papers"))
    late = _late(period, settings)
    complained = Q(petitions__gt=0) | Q(rating="not-satisfied")
    fee_codes = [p.code for p in reading.procedure_rows(period, chosen) if p.has_fee]
    everyone = Q()
    online = _keep(Q(channel=2) & ~doc_no_e)
    digitized_ok = _keep(digitized & ~doc_no_e)
    return {
        "ONLINE_DOSSIERS": (online, everyone),
        "DIGITIZED_DOSSIERS": (digitized_ok, everyone),
        "SO_HOA_GIAY_TO_GIAI_QUYET": (digitized_ok, everyone),
        "ON_TIME": (lambda rows: rows.exclude(late), everyone),
        "AVERAGE_TIME": (_keep(Q()), done),
        "ORIGINAL_RESULT_AVAILABLE": (
            _keep(Q(has_e_result=True)),
            done & Q(result_is_document=True),
        ),
        "REUSED_DIGITIZED_DATA": (_keep(Q(reused_papers__gt=0)), everyone),
        "SYNCED_WITH_DVCQG_PERSONAL_STORAGE": (_keep(Q(national_papers__gt=0)), everyone),
        "CITIZEN_DATA_CONNECTED_DOSSIER": (_keep(Q(vneid=True)), everyone),
        "FEE_PAID_ONLINE_DOSSIERS": (
            _keep(Q(payment_channel__in=(1, 2))),
            Q(fee_amount__gt=0, procedure__code__in=fee_codes),
        ),
        "DOSSIER_RECEIVING_SATISFACTION": (
            lambda rows: rows.exclude(late).exclude(complained),
            everyone,
        ),
    }


def _keep(test: Q) -> Narrow:
    return lambda rows: rows.filter(test)


def _late(period: Period, settings: Settings) -> Q:
    """kpis.is_on_time's "late", as a filter on figures at the period end."""
    end = period.end
    open_at_end = Q(finished_at__isnull=True) | Q(finished_at__gt=end)
    waiting = Q(wait_from__lte=end) & (Q(wait_until__isnull=True) | Q(wait_until__gt=end))
    return (
        Q(supplements__gt=settings.max_supplement_requests)
        | (Q(finished_at__lte=end) & Q(due_at__lt=F("finished_at")))
        | (open_at_end & waiting & Q(due_at__lt=F("wait_from")))
        | (open_at_end & ~waiting & Q(due_at__lt=end))
    )


def _procedures(code: str, part: str, period: Period, chosen: Selection) -> QuerySet[Procedure]:
    rows = reading.procedure_rows(period, chosen)
    tests: dict[str, tuple[Callable[[Any], bool], Q]] = {
        "ONLINE_SERVICE_PROVIDED": (lambda p: True, Q()),
        "ONLINE_SERVICES_WITH_DOSSIERS": (lambda p: p.offers_online, Q(channel=2)),
        "ONLINE_SERVICE_WITH_DOSSIERS": (lambda p: p.offers_online, Q(channel=2)),
        "FEE_PAID_ONLINE_PROCEDURES": (lambda p: p.has_fee, Q(payment_channel__in=(1, 2))),
        "CITIZEN_DATA_CONNECTED_FORMALITY": (lambda p: p.for_citizens, Q(vneid=True)),
    }
    belongs, used = tests[code]
    codes = _codes(rows, belongs)
    if code == "ONLINE_SERVICE_PROVIDED" and part == NUMERATOR:
        codes = _codes(rows, lambda p: p.offers_online)
    elif part == NUMERATOR:
        counted = reading.figures_in(period, chosen).filter(used).values("procedure_id")
        return Procedure.objects.filter(code__in=codes, pk__in=counted).order_by("code")
    return Procedure.objects.filter(code__in=codes).order_by("code")


def _codes(rows: Sequence[Any], test: Callable[[Any], bool]) -> list[str]:
    return [p.code for p in rows if test(p)]

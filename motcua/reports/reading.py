"""Reading the aggregates: leaves rolled up at read time, plus what changes with time alone.

For a period and a scope, `tallies()` sums the leaves of the period's days, then corrects them
from the figures of the dossiers open at the period end (architecture.md, "Reports": figures
that change with time alone are computed at read time): an ended dossier's counters come out
again if it ended after the period, and whether an open one is late is judged at the period
end. Whole months are summed from month leaves, and a whole past month reads its corrections
from its month-end figures (monthly.py).
Procedures and petitions, a few hundred rows, are read as rows for the pure formulas.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from django.db import connection
from django.db.models import Count, Q

from motcua.agencies.models import Agency
from motcua.catalog.models import CATALOG_VERSION, FeeRule, ProcedureVersion
from motcua.catalog.models import Procedure as ProcedureModel
from motcua.feedback.choices import Topic
from motcua.feedback.models import Petition
from motcua.lib import versions
from motcua.lib.text import fold

from . import memo, monthly, periods, sql
from .kpi_rows import OnlineLevel, Period, PetitionRow, ProcedureRow
from .kpis import DEFAULTS, Settings
from .models import DossierFigures
from .scopes import Selection
from .tallies import SECONDS_PER_DAY, Tally

GROUPS = {"procedure": None, "agency": "agency_id", "commune": "commune_id"}
CITIZEN_WORDS = ("cong dan", "ca nhan", "nguoi nuoc ngoai", "ho gia dinh", "nguoi viet nam")

Tallies = dict[str, Tally]


def tallies(
    period: Period, chosen: Selection, by: str = "procedure", settings: Settings = DEFAULTS
) -> dict[Any, Tallies]:
    """{group key: {procedure code: Tally}}; the key is None unless grouped by agency/commune."""
    group = GROUPS[by]
    where, params = _where(chosen)
    mark = memo.watermark()
    params.update(_bounds(period), through=mark.months_through)
    codes = _procedure_codes(mark)
    found: dict[Any, Tallies] = defaultdict(dict)
    for key, procedure, t in _leaf_sums(group, where, params, settings):
        found[key][codes[procedure]] = t
    month = monthly.kept_for(period, mark.months_through)
    fixes = (
        monthly.read_ends([month], *_grouping(group), where, params)
        if month is not None
        else _open_at_end(group, where, params, mark)
    )
    _correct_all(found, fixes, codes, settings)
    return dict(found)


def tallies_by_month(
    months: Sequence[Period], chosen: Selection, settings: Settings = DEFAULTS
) -> list[Tallies]:
    """tallies() of each of consecutive months, in one read of their leaves and of the
    month-end figures of those that have ended (a trend)."""
    if not months:
        return []
    where, params = _where(chosen)
    mark = memo.watermark()
    through = mark.months_through
    params.update(first=months[0].start.date(), last=months[-1].end.date(), through=through)
    codes = _procedure_codes(mark)
    found: dict[Any, Tallies] = defaultdict(dict)
    for key, procedure, t in _leaf_sums(sql.month_of("day"), where, params, settings):
        found[sql.as_date(key)][codes[procedure]] = t
    kept = {m: monthly.kept_for(m, through) for m in months}
    fixes = monthly.read_ends(
        [k for k in kept.values() if k is not None], "month", "month, ", where, params
    )
    for month in (m for m, k in kept.items() if k is None):
        fixes += [
            (month.start.date(), procedure, fix)
            for _key, procedure, fix in _open_at_end(
                None, where, dict(params, **_bounds(month)), mark
            )
        ]
    _correct_all(found, [(sql.as_date(key), p, fix) for key, p, fix in fixes], codes, settings)
    return [found.get(m.start.date(), {}) for m in months]


def _bounds(period: Period) -> dict[str, Any]:
    return {"first": period.start.date(), "last": period.end.date(), "end": sql.param(period.end)}


def _correct_all(
    found: dict[Any, Tallies],
    fixes: Iterable[tuple[Any, ...]],
    codes: dict[int, str],
    settings: Settings,
) -> None:
    for key, procedure, fix in fixes:
        _correct(found[key].setdefault(codes[procedure], Tally()), fix, settings)


def _leaf_sums(
    group: str | None, where: str, params: dict[str, Any], settings: Settings
) -> list[tuple[Any, int, Tally]]:
    """Per group and procedure, the Tally of the leaves of the days `first`–`last` (before
    the read-time correction)."""
    key, by = _grouping(group)
    source, more = monthly.counts_source(params["first"], params["last"], params["through"], where)
    query = (
        f"SELECT {key}, procedure_id, {_tally_sums(settings)} FROM {source} "
        f"GROUP BY {by}procedure_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(query, dict(params, **more))
        return [(row[0], row[1], Tally(*row[2:])) for row in cursor.fetchall()]


def _tally_sums(settings: Settings) -> str:
    """The fields of a Tally, in order, as sums of leaf counters."""
    digitized = (
        "SUM(digitized_all) - SUM(f_digitized_all_no_e)"
        if settings.digitized_requires_all_papers
        else "SUM(digitized) - SUM(f_digitized_no_e)"
    )
    plain = (
        "received",
        "online",
        "reused",
        "national",
        "vneid",
        "payable",
        "paid_payable",
        "paid_any",
        "complained",
        "sync_unknown",
        "synced",
        "synced_fee",
    )
    sums = {name: f"SUM({name})" for name in plain} | {
        "online_ok": "SUM(online) - SUM(f_online_no_e)",
        "digitized_ok": digitized,
        "on_time": "SUM(received) - SUM(f_late)",
        "done": "SUM(f_done)",
        "done_doc": "SUM(f_done_doc)",
        "done_doc_e": "SUM(f_done_doc_e)",
        "handling_days": f"COALESCE(SUM(f_handling_seconds), 0) / {float(SECONDS_PER_DAY)}",
    }
    return ", ".join(sums[f.name] for f in fields(Tally))


def _grouping(group: str | None) -> tuple[str, str]:
    """(selected key, GROUP BY prefix): PostgreSQL refuses to group by a constant."""
    return (group, f"{group}, ") if group else ("NULL", "")


# Where a fine row of _open_rows() holds each grouping's key.
_OPEN_KEY = {None: None, "agency_id": 1, "commune_id": 2}
_BOUNDS = {"first", "last", "end", "through"}


def _open_at_end(
    group: str | None, where: str, params: dict[str, Any], mark: memo.Watermark
) -> list[tuple[Any, ...]]:
    """Per group and procedure: the ended counters of dossiers that ended after the period
    (to take out), and how many dossiers open at its end are late then."""
    since, at = periods.first_of(params["first"]), _OPEN_KEY[group]
    parts: dict[tuple[Any, int], list[tuple[Any, ...]]] = defaultdict(list)
    for row in _open_rows(where, params, mark):
        if row[0] >= since:
            parts[(row[at] if at is not None else None, row[3])].append(row[4:])
    return [
        (key, procedure, dict(zip(sql.FIX_COLUMNS, map(sum, zip(*rows, strict=True)), strict=True)))
        for (key, procedure), rows in parts.items()
    ]


def _open_rows(where: str, params: dict[str, Any], mark: memo.Watermark) -> list[tuple[Any, ...]]:
    """(receipt month, agency, commune, procedure, *FIX_COLUMNS) of the dossiers received from
    `first` to `last` and open at `end`. A request judges the same dossiers open now for the
    index, the trend's current month and both rankings: one read serves every grouping, and
    every later first day of a month with the same end."""
    scope = tuple(sorted((k, v) for k, v in params.items() if k not in _BOUNDS))
    key = ("open", mark, params["end"], params["last"], where, scope)
    first, hit = params["first"], memo.recall(key)
    if hit is not None and (hit[0] == first or (hit[0] <= first and first.day == 1)):
        return hit[1]
    max_requests = DEFAULTS.max_supplement_requests
    keys = f"{sql.month_of('receipt_day')}, agency_id, commune_id, procedure_id"
    days = f"receipt_day BETWEEN %(first)s AND %(last)s{where}"
    # Two parts of OPEN_AT_END: a dossier still open has no ended counters to take out, only
    # its lateness to judge (from the figures_open index alone, once vacuumed); one that
    # ended after the end has both.
    still_open = (
        f"SELECT {keys}, SUM({sql.count(sql.late_when_open(max_requests))}) "
        f"FROM {sql.FIGURES} WHERE finished_at IS NULL AND {days} GROUP BY {keys}"
    )
    ended_after = (
        f"SELECT {keys}, {sql.open_at_end_sums(max_requests)} FROM {sql.FIGURES} "
        f"WHERE finished_at > %(end)s AND {days} GROUP BY {keys}"
    )
    nothing_ended = (0,) * (len(sql.FIX_COLUMNS) - 1)
    with connection.cursor() as cursor:
        cursor.execute(still_open, params)
        rows = [
            (sql.as_date(row[0]), *row[1:4], *nothing_ended, row[4]) for row in cursor.fetchall()
        ]
        cursor.execute(ended_after, params)
        rows += [(sql.as_date(row[0]), *row[1:]) for row in cursor.fetchall()]
    memo.keep(key, (first, rows))
    return rows


def _correct(t: Tally, fix: dict[str, Any], settings: Settings) -> None:
    no_e = (
        fix["f_digitized_all_no_e"]
        if settings.digitized_requires_all_papers
        else fix["f_digitized_no_e"]
    )
    t.online_ok += fix["f_online_no_e"]
    t.digitized_ok += no_e
    t.on_time += fix["f_late"] - fix["late_open"]
    t.done -= fix["f_done"]
    t.done_doc -= fix["f_done_doc"]
    t.done_doc_e -= fix["f_done_doc_e"]
    t.handling_days -= float(fix["f_handling_seconds"] or 0) / 86400


def _where(chosen: Selection) -> tuple[str, dict[str, Any]]:
    clauses: list[str] = []
    params: dict[str, Any] = {}
    for column, values in (("agency_id", chosen.agencies), ("commune_id", chosen.communes)):
        if values is not None:
            clause, found = sql.among(column, values)
            clauses.append(clause)
            params.update(found)
    if chosen.procedure is not None:
        clauses.append(" AND procedure_id = %(procedure)s")
        params["procedure"] = chosen.procedure
    return "".join(clauses), params


def _procedure_codes(mark: memo.Watermark) -> dict[int, str]:
    """Procedure codes by id; a procedure reaches the leaves only through a fold, which moves
    the watermark, so the codes read under one watermark name every procedure its leaves do."""
    key = ("codes", mark)
    found = memo.recall(key)
    if found is None:
        found = dict(ProcedureModel.objects.values_list("pk", "code"))
        memo.keep(key, found)
    return found


# --- Drill-down -------------------------------------------------------------------------------


def figures_in(period: Period, chosen: Selection) -> Any:
    """The figures of the dossiers received in the period within the selection."""
    rows = DossierFigures.objects.filter(
        receipt_day__range=(period.start.date(), period.end.date())
    )
    if chosen.agencies is not None:
        rows = rows.filter(agency_id__in=chosen.agencies)
    if chosen.communes is not None:
        rows = rows.filter(commune_id__in=chosen.communes)
    if chosen.procedure is not None:
        rows = rows.filter(procedure_id=chosen.procedure)
    return rows


def done_by(period: Period) -> Q:
    """Reached a result by the period end (kpis.reached_result)."""
    return Q(finished_at__lte=period.end, withdrawn=False)


# --- Procedures and petitions -------------------------------------------------------------------


def procedure_rows(period: Period, chosen: Selection) -> list[ProcedureRow]:
    """The procedures under the scope's authority, each as its version in force at the period
    end (or the last one in force during the period)."""
    return _catalog(period, period).rows(period, chosen)


def procedure_rows_of(
    period: Period, chosen: dict[Any, Selection]
) -> dict[Any, list[ProcedureRow]]:
    """procedure_rows() of several selections (a ranking's agencies or communes) from one
    read of the versions, their implementing agencies and the units those serve."""
    catalog = _catalog(period, period)
    return {key: catalog.rows(period, selection) for key, selection in chosen.items()}


def procedure_rows_by_month(
    months: Sequence[Period], chosen: Selection
) -> list[list[ProcedureRow]]:
    """procedure_rows() of each of consecutive months, from one read of the catalog."""
    if not months:
        return []
    catalog = _catalog(months[0], months[-1])
    return [catalog.rows(month, chosen) for month in months]


def _catalog(first: Period, last: Period) -> _Catalog:
    """The catalog from `first`'s start to `last`'s end, read once for the KPIs, the index,
    the trend and the rankings of one request."""
    key = ("catalog", first.start.date(), last.end.date(), versions.current(CATALOG_VERSION))
    found = memo.recall(key)
    if found is None:
        found = _Catalog.of(first, last)
        memo.keep(key, found)
    return found


# What a ProcedureRow reads of a version: not its long texts (requirements, forms, steps).
_VERSION_FIELDS = (
    "procedure__code",
    "valid_from",
    "valid_until",
    "online_level",
    "full_online_possible",
    "target_subjects",
    "published_decision_on",
    "legal_basis_effective_on",
    "published_national_on",
)


@dataclass
class _Catalog:
    """The procedure versions in force at some time from one period's start to another's
    end, with their implementing agencies, the units those serve and which have fees."""

    versions: list[ProcedureVersion]
    implementing: dict[int, set[int]]
    served: dict[int, set[int]]
    fees: set[int]
    made: dict[int, ProcedureRow] = field(default_factory=dict)

    @classmethod
    def of(cls, first: Period, last: Period) -> _Catalog:
        versions = list(
            ProcedureVersion.objects.filter(valid_from__lte=last.end.date())
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=first.start.date()))
            .select_related("procedure")
            .only(*_VERSION_FIELDS)
            .order_by("procedure_id", "valid_from", "pk")
        )
        implementing: dict[int, set[int]] = defaultdict(set)
        for version_id, agency_id in ProcedureVersion.implementing_agencies.through.objects.filter(
            procedureversion_id__in=[v.pk for v in versions]
        ).values_list("procedureversion_id", "agency_id"):
            implementing[version_id].add(agency_id)
        served: dict[int, set[int]] = defaultdict(set)
        for agency_id, unit_id in Agency.units_served.through.objects.filter(
            agency_id__in=set().union(*implementing.values())
        ).values_list("agency_id", "administrativeunit_id"):
            served[agency_id].add(unit_id)
        fees = set(
            FeeRule.objects.filter(version__in=versions)
            .filter(Q(amount__gt=0) | ~Q(tiers=[]))
            .values_list("version_id", flat=True)
        )
        return cls(versions, implementing, served, fees)

    def rows(self, period: Period, chosen: Selection) -> list[ProcedureRow]:
        """Per procedure under `chosen`, its latest version in force during `period`."""
        first, last = period.start.date(), period.end.date()
        latest = {
            v.procedure_id: v
            for v in self.versions
            if v.valid_from <= last
            and (v.valid_until is None or v.valid_until >= first)
            and _implements(chosen, v, self.implementing[v.pk], self.served)
        }
        for v in latest.values():
            if v.pk not in self.made:
                self.made[v.pk] = _procedure_row(v, v.pk in self.fees)
        return [self.made[v.pk] for v in latest.values()]


def _implements(
    chosen: Selection, v: ProcedureVersion, agencies: set[int], served: dict[int, set[int]]
) -> bool:
    """Whether the version is under the selection: its procedure, an implementing agency in
    it, or one serving a commune in it."""
    if chosen.procedure is not None and v.procedure_id != chosen.procedure:
        return False
    if chosen.agencies is not None and not agencies & chosen.agencies:
        return False
    return chosen.communes is None or any(served[a] & chosen.communes for a in agencies)


def _procedure_row(v: ProcedureVersion, has_fee: bool) -> ProcedureRow:
    subjects = fold(v.target_subjects or "")
    return ProcedureRow(
        code=v.procedure.code,
        online_level=OnlineLevel(v.online_level),
        full_online_possible=v.full_online_possible,
        has_fee=has_fee,
        for_citizens=not subjects or any(w in subjects for w in CITIZEN_WORDS),
        published_decision_on=v.published_decision_on,
        legal_basis_effective_on=v.legal_basis_effective_on,
        published_national_on=v.published_national_on,
    )


def petition_rows(period: Period, chosen: Selection) -> list[PetitionRow]:
    """Petitions received in the period under the scope (by agency, procedure or the dossier's
    commune)."""
    return _petitions(period, period, chosen)


def petition_rows_by_month(months: Sequence[Period], chosen: Selection) -> list[list[PetitionRow]]:
    """petition_rows() of each of consecutive months, from one read."""
    if not months:
        return []
    found = _petitions(months[0], months[-1], chosen)
    return [[p for p in found if m.start <= p.received_at <= m.end] for m in months]


def _petitions(first: Period, last: Period, chosen: Selection) -> list[PetitionRow]:
    petitions = Petition.objects.filter(received_at__range=(first.start, last.end))
    if chosen.agencies is not None:
        petitions = petitions.filter(agency_id__in=chosen.agencies)
    if chosen.procedure is not None:
        petitions = petitions.filter(procedure_id=chosen.procedure)
    if chosen.communes is not None:
        petitions = petitions.filter(dossier__applicant_commune_id__in=chosen.communes)
    rows = petitions.annotate(
        likes=Count("reactions", filter=Q(reactions__value="like"), distinct=True),
        dislikes=Count("reactions", filter=Q(reactions__value="dislike"), distinct=True),
        follow_up_count=Count("follow_ups", distinct=True),
    ).values(
        "received_at",
        "answer_due_at",
        "answered_at",
        "refused_at",
        "likes",
        "dislikes",
        "follow_up_count",
        "topic",
    )
    return [
        PetitionRow(
            received_at=p["received_at"],
            due_at=p["answer_due_at"],
            handled_at=p["answered_at"] or p["refused_at"],
            unsatisfied=p["dislikes"] > p["likes"],
            re_complained=p["follow_up_count"] > 0,
            about_staff=p["topic"] == Topic.STAFF,
        )
        for p in rows
    ]

"""Reading the aggregates: leaves rolled up at read time, plus what changes with time alone.

For a period and a scope, `tallies()` sums the leaves of the period's days, then corrects them
from the figures of the dossiers open at the period end (architecture.md, "Reports": figures
that change with time alone are computed at read time): an ended dossier's counters come out
again if it ended after the period, and whether an open one is late is judged at the period
end. Procedures and petitions, a few hundred rows, are read as rows for the pure formulas.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db import connection
from django.db.models import Count, Q

from motcua.agencies.models import Agency
from motcua.catalog.models import FeeRule, ProcedureVersion
from motcua.catalog.models import Procedure as ProcedureModel
from motcua.feedback.choices import Topic
from motcua.feedback.models import Petition
from motcua.lib.text import fold

from . import sql
from .kpi_rows import OnlineLevel, Period, PetitionRow, ProcedureRow
from .kpis import DEFAULTS, Settings
from .models import DossierFigures
from .scopes import Selection
from .tallies import Tally

GROUPS = {"procedure": None, "agency": "agency_id", "commune": "commune_id"}
CITIZEN_WORDS = ("cong dan", "ca nhan", "nguoi nuoc ngoai", "ho gia dinh", "nguoi viet nam")

Tallies = dict[str, Tally]


def tallies(period: Period, chosen: Selection, by: str = "procedure",
            settings: Settings = DEFAULTS) -> dict[Any, Tallies]:
    """{group key: {procedure code: Tally}}; the key is None unless grouped by agency/commune."""
    group = GROUPS[by]
    where, params = _where(chosen)
    params.update(first=period.start.date(), last=period.end.date(), end=sql.param(period.end))
    codes = _procedure_codes()
    found: dict[Any, Tallies] = defaultdict(dict)
    for key, procedure, counts in _leaf_sums(group, where, params):
        found[key][codes[procedure]] = _tally(counts, settings)
    for key, procedure, fix in _open_at_end(group, where, params):
        t = found[key].setdefault(codes[procedure], Tally())
        _correct(t, fix, settings)
    return dict(found)


LEAF_COLUMNS = [name for name, _c in sql.counters()] + [
    name for name, _c in sql.ended_counters(0)] + ["f_handling_seconds"]


def _leaf_sums(group: str | None, where: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    key, by = _grouping(group)
    sums = ", ".join(f"SUM({c})" for c in LEAF_COLUMNS)
    query = (f"SELECT {key}, procedure_id, {sums} FROM {sql.LEAF} "
             f"WHERE day BETWEEN %(first)s AND %(last)s{where} GROUP BY {by}procedure_id")
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return [(row[0], row[1], dict(zip(LEAF_COLUMNS, row[2:], strict=True)))
                for row in cursor.fetchall()]


def _grouping(group: str | None) -> tuple[str, str]:
    """(selected key, GROUP BY prefix): PostgreSQL refuses to group by a constant."""
    return (group, f"{group}, ") if group else ("NULL", "")


def _tally(c: dict[str, Any], settings: Settings) -> Tally:
    all_papers = settings.digitized_requires_all_papers
    return Tally(
        received=c["received"], online=c["online"],
        online_ok=c["online"] - c["f_online_no_e"],
        digitized_ok=(c["digitized_all"] - c["f_digitized_all_no_e"] if all_papers
                      else c["digitized"] - c["f_digitized_no_e"]),
        reused=c["reused"], national=c["national"], vneid=c["vneid"], payable=c["payable"],
        paid_payable=c["paid_payable"], paid_any=c["paid_any"],
        on_time=c["received"] - c["f_late"], complained=c["complained"], done=c["f_done"],
        done_doc=c["f_done_doc"], done_doc_e=c["f_done_doc_e"],
        handling_days=float(c["f_handling_seconds"] or 0) / 86400,
        sync_unknown=c["sync_unknown"], synced=c["synced"], synced_fee=c["synced_fee"],
    )


FIX_COLUMNS = [name for name, _c in sql.ended_counters(0)] + ["f_handling_seconds", "late_open"]


def _open_at_end(group: str | None, where: str,
                 params: dict[str, Any]) -> list[tuple[Any, ...]]:
    """Per group and procedure: the ended counters of dossiers that ended after the period
    (to take out), and how many dossiers open at its end are late then."""
    max_requests = DEFAULTS.max_supplement_requests
    after = "finished_at > %(end)s"
    parts = [f"SUM(CASE WHEN {after} AND {c} THEN 1 ELSE 0 END)"
             for _n, c in sql.ended_counters(max_requests)]
    parts.append(f"SUM(CASE WHEN {after} THEN {sql.handling_seconds()} ELSE 0 END)")
    parts.append(f"SUM(CASE WHEN {sql.late_when_open(max_requests)} THEN 1 ELSE 0 END)")
    key, by = _grouping(group)
    query = (f"SELECT {key}, procedure_id, {', '.join(parts)} FROM {sql.FIGURES} "
             f"WHERE receipt_day BETWEEN %(first)s AND %(last)s{where} "
             f"AND (finished_at IS NULL OR {after}) GROUP BY {by}procedure_id")
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return [(row[0], row[1], dict(zip(FIX_COLUMNS, row[2:], strict=True)))
                for row in cursor.fetchall()]


def _correct(t: Tally, fix: dict[str, Any], settings: Settings) -> None:
    no_e = fix["f_digitized_all_no_e"] if settings.digitized_requires_all_papers \
        else fix["f_digitized_no_e"]
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
        if values is None:
            continue
        names = [f"{column}{i}" for i in range(len(values))]
        params.update(zip(names, sorted(values), strict=True))
        markers = ", ".join(f"%({n})s" for n in names) or "NULL"
        clauses.append(f" AND {column} IN ({markers})")
    if chosen.procedure is not None:
        clauses.append(" AND procedure_id = %(procedure)s")
        params["procedure"] = chosen.procedure
    return "".join(clauses), params


def _procedure_codes() -> dict[int, str]:
    return dict(ProcedureModel.objects.values_list("pk", "code"))


# --- Drill-down -------------------------------------------------------------------------------

def figures_in(period: Period, chosen: Selection) -> Any:
    """The figures of the dossiers received in the period within the selection."""
    rows = DossierFigures.objects.filter(receipt_day__range=(period.start.date(),
                                                             period.end.date()))
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
    return procedure_rows_of(period, {None: chosen})[None]


def procedure_rows_of(period: Period,
                      chosen: dict[Any, Selection]) -> dict[Any, list[ProcedureRow]]:
    """procedure_rows() of several selections (a ranking's agencies or communes) from one
    read of the versions, their implementing agencies and the units those serve."""
    versions = list(ProcedureVersion.objects.filter(valid_from__lte=period.end.date())
                    .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=period.start.date()))
                    .select_related("procedure").order_by("procedure_id", "valid_from", "pk"))
    implementing: dict[int, set[int]] = defaultdict(set)
    for version_id, agency_id in ProcedureVersion.implementing_agencies.through.objects.filter(
            procedureversion_id__in=[v.pk for v in versions]).values_list(
            "procedureversion_id", "agency_id"):
        implementing[version_id].add(agency_id)
    served: dict[int, set[int]] = defaultdict(set)
    if any(s.communes is not None for s in chosen.values()):
        for agency_id, unit_id in Agency.units_served.through.objects.filter(
                agency_id__in=set().union(*implementing.values())).values_list(
                "agency_id", "administrativeunit_id"):
            served[agency_id].add(unit_id)
    fees = set(FeeRule.objects.filter(version__in=versions)
               .filter(Q(amount__gt=0) | ~Q(tiers=[])).values_list("version_id", flat=True))
    found, made = {}, {}
    for key, selection in chosen.items():
        latest = {v.procedure_id: v for v in versions
                  if _implements(selection, v, implementing[v.pk], served)}
        for v in latest.values():
            if v.pk not in made:
                made[v.pk] = _procedure_row(v, v.pk in fees)
        found[key] = [made[v.pk] for v in latest.values()]
    return found


def _implements(chosen: Selection, v: ProcedureVersion, agencies: set[int],
                served: dict[int, set[int]]) -> bool:
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
        code=v.procedure.code, online_level=OnlineLevel(v.online_level),
        full_online_possible=v.full_online_possible, has_fee=has_fee,
        for_citizens=not subjects or any(w in subjects for w in CITIZEN_WORDS),
        published_decision_on=v.published_decision_on,
        legal_basis_effective_on=v.legal_basis_effective_on,
        published_national_on=v.published_national_on,
    )


def petition_rows(period: Period, chosen: Selection) -> list[PetitionRow]:
    """Petitions received in the period under the scope (by agency, procedure or the dossier's
    commune)."""
    petitions = Petition.objects.filter(received_at__range=(period.start, period.end))
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
    ).values("received_at", "answer_due_at", "answered_at", "refused_at", "likes", "dislikes",
             "follow_up_count", "topic")
    return [PetitionRow(received_at=p["received_at"], due_at=p["answer_due_at"],
                        handled_at=p["answered_at"] or p["refused_at"],
                        unsatisfied=p["dislikes"] > p["likes"],
                        re_complained=p["follow_up_count"] > 0,
                        about_staff=p["topic"] == Topic.STAFF)
            for p in rows]


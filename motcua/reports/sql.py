"""The SQL of the aggregates, for SQLite and PostgreSQL alike (ADR 0017).

Each counter of a `Leaf` is one SQL condition over a `DossierFigures` row, written once here:
the fold sums them into leaves, and a read evaluates the ended-dossier ones again over the rows
that ended after its period, to take them back out. The conditions mirror kpis.py's tests
(named in the comments); tests/test_aggregates.py checks them against the pure formulas.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import connection

FIGURES = "reports_dossierfigures"
LEAF = "reports_leaf"
MONTH_LEAF = "reports_monthleaf"
MONTH_END = "reports_monthend"
DONE = "(finished_at IS NOT NULL AND NOT withdrawn)"  # kpis.reached_result
DOC_NO_E = f"({DONE} AND result_is_document AND NOT has_e_result)"  # fails kpis.e_result_ok
DIGITIZED = "(papers > 0 AND digitized_papers > 0)"  # kpis.is_digitized (any)
DIGITIZED_ALL = "(papers > 0 AND digitized_papers >= papers)"  # … requires all papers
PAID = "(payment_channel IN (1, 2))"  # DossierRow.paid_online
NOT_SATISFIED = "not-satisfied"


def counters() -> list[tuple[str, str]]:
    """(leaf column, condition or value) for the counters that do not depend on the period."""
    return [
        ("received", "1"),
        ("online", "channel = 2"),
        ("digitized", DIGITIZED),
        ("digitized_all", DIGITIZED_ALL),
        ("reused", "reused_papers > 0"),
        ("national", "national_papers > 0"),
        ("vneid", "vneid"),
        ("payable", "fee_amount > 0"),
        ("paid_payable", f"(fee_amount > 0 AND {PAID})"),
        ("paid_any", PAID),
        ("complained", f"(petitions > 0 OR rating = '{NOT_SATISFIED}')"),
        ("sync_unknown", "synced IS NULL"),
        ("synced", "(synced IS NOT NULL AND synced)"),
        ("synced_fee", "(synced IS NOT NULL AND synced AND fee_amount > 0)"),
    ]


def ended_counters(max_requests: int) -> list[tuple[str, str]]:
    """(leaf column, condition) for counters of ended dossiers, as judged at their end."""
    late = (
        f"(finished_at IS NOT NULL AND (supplements > {int(max_requests)} "
        "OR (due_at IS NOT NULL AND finished_at > due_at)))"
    )  # not kpis.is_on_time
    return [
        ("f_online_no_e", f"(channel = 2 AND {DOC_NO_E})"),
        ("f_digitized_no_e", f"({DIGITIZED} AND {DOC_NO_E})"),
        ("f_digitized_all_no_e", f"({DIGITIZED_ALL} AND {DOC_NO_E})"),
        ("f_late", late),
        ("f_done", DONE),
        ("f_done_doc", f"({DONE} AND result_is_document)"),
        ("f_done_doc_e", f"({DONE} AND result_is_document AND has_e_result)"),
    ]


def handling_seconds() -> str:
    """Receipt to end less supplement waiting, for dossiers with a result (kpis.handling_days)."""
    return (
        f"CASE WHEN {DONE} THEN {epoch('finished_at')} - {epoch('received_at')} "
        "- waited_seconds ELSE 0 END"
    )


def late_when_open(max_requests: int) -> str:
    """A dossier open at the period end %(end)s is late (kpis.is_on_time, measured_end)."""
    measured = (
        "CASE WHEN wait_from IS NOT NULL AND wait_from <= %(end)s AND "
        "(wait_until IS NULL OR wait_until > %(end)s) THEN wait_from ELSE %(end)s END"
    )
    return f"(supplements > {int(max_requests)} OR (due_at IS NOT NULL AND {measured} > due_at))"


# The counter columns of a leaf (and a month leaf), in the order the fold writes them.
LEAF_COLUMNS = [name for name, _c in counters() + ended_counters(0)] + ["f_handling_seconds"]

# The read-time figures of a period: per group, the ended counters of dossiers that ended after
# the period end (to take out again), their handling seconds, and how many dossiers open at
# the end are late then. Read live from the figures, or from a closed month's MonthEnd rows.
FIX_COLUMNS = [name for name, _c in ended_counters(0)] + ["f_handling_seconds", "late_open"]
OPEN_AT_END = "(finished_at IS NULL OR finished_at > %(end)s)"


def open_at_end_sums(max_requests: int) -> str:
    """The FIX_COLUMNS as SUMs over figures rows that are OPEN_AT_END of %(end)s."""
    after = "finished_at > %(end)s"
    parts = [
        f"SUM(CASE WHEN {after} AND {c} THEN 1 ELSE 0 END)"
        for _n, c in ended_counters(max_requests)
    ]
    parts.append(f"SUM(CASE WHEN {after} THEN {handling_seconds()} ELSE 0 END)")
    parts.append(f"SUM(CASE WHEN {late_when_open(max_requests)} THEN 1 ELSE 0 END)")
    return ", ".join(parts)


def among(column: str, values: Iterable[int]) -> tuple[str, dict[str, Any]]:
    """` AND column IN (…)` with named markers, and its parameters (none matches no row)."""
    ordered = sorted(values)
    names = [f"{column}{i}" for i in range(len(ordered))]
    markers = ", ".join(f"%({n})s" for n in names) or "NULL"
    return f" AND {column} IN ({markers})", dict(zip(names, ordered, strict=True))


def count(condition: str) -> str:
    return condition if condition == "1" else f"CASE WHEN {condition} THEN 1 ELSE 0 END"


# --- Vendor differences -----------------------------------------------------------------


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def epoch(column: str) -> str:
    """Seconds since 1970 of a datetime column, as a float."""
    if is_postgres():
        # date_part gives a double; EXTRACT gives numeric since PostgreSQL 14, and summing
        # a million numerics cost the rebuild half a second.
        return f"date_part('epoch', {column})"
    return f"((julianday({column}) - 2440587.5) * 86400.0)"


def local_day(column: str) -> str:
    """The date of a datetime column in Vietnam time (UTC+7 all year: no daylight saving)."""
    if is_postgres():
        # The fixed offset, not the zone's name: a zone lookup per row cost a million-row
        # rebuild 0.13 s for an offset that has not changed since 1975.
        return f"(({column} AT TIME ZONE 'UTC') + INTERVAL '7 hours')::date"
    return f"date({column}, '+7 hours')"


def month_of(column: str) -> str:
    """The first day of a date column's month (read back through as_date)."""
    if is_postgres():
        # As a timestamp without time zone: a date would be cast through the session's zone.
        return f"CAST(date_trunc('month', CAST({column} AS timestamp)) AS date)"
    return f"date({column}, 'start of month')"


def as_date(value: object) -> dt.date:
    """A date read by raw SQL: a date on PostgreSQL, ISO text on SQLite."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def flag_int(key: str) -> str:
    """The integer a fact's flags hold under `key`, or NULL."""
    if is_postgres():
        return (
            f"CASE WHEN jsonb_typeof(f.flags -> '{key}') = 'number' "
            f"THEN (f.flags ->> '{key}')::numeric::int END"
        )
    return (
        f"CASE WHEN json_type(f.flags, '$.{key}') = 'integer' "
        f"THEN json_extract(f.flags, '$.{key}') END"
    )


def flag_true(key: str) -> str:
    if is_postgres():
        return f"(f.flags ->> '{key}') = 'true'"
    return f"json_type(f.flags, '$.{key}') = 'true'"


def flag_present(key: str) -> str:
    if is_postgres():
        # The operator of the fact_figures index's condition (Django's has_key), so that
        # PostgreSQL sees the rebuild's condition implies it.
        return f"f.flags ? '{key}'"
    return f"json_type(f.flags, '$.{key}') IS NOT NULL"


def param(value: dt.datetime) -> Any:
    """A datetime as the backend stores it (SQLite: UTC text), for raw SQL parameters."""
    return connection.ops.adapt_datetimefield_value(value)

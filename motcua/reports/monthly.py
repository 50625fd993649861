"""Monthly aggregates, kept by the fold beside the leaves (ADR 0017, item 12).

`MonthLeaf` is the leaves of a month summed per (agency, commune, procedure): a read sums them
for the whole months of its period and leaves for the days at its edges only, a quarter of the
rows of a year.

`MonthEnd` keeps the read-time figures of months that have ended. A read corrects its leaves
from the dossiers received in the period that were open at its end (reading.py); for an ended
month that correction changes only when one of its dossiers changes, never with time alone. So
a read of a whole past month (a trend point, "2026-03") sums these rows instead of judging every
dossier still open at the month's end. Each row is the live query's GROUP BY, computed by the
same SQL (sql.open_at_end_sums) with the same period end.

Both are used once built: `FoldMark.months_through` is None until the first fold or rebuild
has built them, and reads go to the leaves and figures until then.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import connection
from django.utils import timezone

from . import periods, sql
from .kpi_rows import Period
from .kpis import DEFAULTS
from .models import FoldMark

CHUNK = 500  # agencies per DELETE/INSERT


def next_month(first: dt.date) -> dt.date:
    return periods.first_of(first + dt.timedelta(days=32))


def last_ended(today: dt.date) -> dt.date:
    """The first day of the last month that has ended by `today`."""
    return periods.first_of(periods.first_of(today) - dt.timedelta(days=1))


def month_period(first: dt.date) -> Period:
    return periods.period_of(first, periods.month_end(first), f"{first:%Y-%m}")


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """First days of the months from `first`'s to `last`'s, both included."""
    found, month = [], periods.first_of(first)
    while month <= last:
        found.append(month)
        month = next_month(month)
    return found


def whole_months(first: dt.date, last: dt.date) -> tuple[dt.date, dt.date] | None:
    """The first days of the first and last whole calendar months within the days
    `first`–`last`, or None when there is none."""
    start = first if first.day == 1 else next_month(first)
    end = (
        periods.first_of(last)
        if last == periods.month_end(last)
        else periods.first_of(periods.first_of(last) - dt.timedelta(days=1))
    )
    return (start, end) if start <= end else None


# --- Reading --------------------------------------------------------------------------------


def kept_for(period: Period, through: dt.date | None) -> dt.date | None:
    """The month whose MonthEnd rows answer a read of `period`: it must be one whole calendar
    month, in the province's time, built by the fold (`through`); else None."""
    first = period.start.astimezone(periods.VIETNAM).date()
    if through is None or first.day != 1 or first > through:
        return None
    whole = month_period(first)
    return first if (period.start, period.end) == (whole.start, whole.end) else None


def counts_source(
    first: dt.date, last: dt.date, through: dt.date | None, where: str
) -> tuple[str, dict[str, Any]]:
    """A FROM clause of rows (day, agency_id, commune_id, procedure_id, counters…) whose sum
    is the leaves' of the days `first`–`last` within `where`: the month leaves of the whole
    months, once built, and the leaves of the other days."""
    columns = ", ".join(["agency_id", "commune_id", "procedure_id", *sql.LEAF_COLUMNS])
    months = whole_months(first, last) if through is not None else None
    if months is None:
        return (
            f"(SELECT day, {columns} FROM {sql.LEAF} WHERE day BETWEEN %(src_first)s "
            f"AND %(src_last)s{where}) src",
            {"src_first": first, "src_last": last},
        )
    start, end = months
    params = {
        "src_first": first,
        "src_last": last,
        "src_m1": start,
        "src_m2": end,
        "src_head": start - dt.timedelta(days=1),
        "src_tail": periods.month_end(end) + dt.timedelta(days=1),
    }
    return (
        f"(SELECT month AS day, {columns} FROM {sql.MONTH_LEAF} "
        f"WHERE month BETWEEN %(src_m1)s AND %(src_m2)s{where} "
        f"UNION ALL SELECT day, {columns} FROM {sql.LEAF} "
        f"WHERE (day BETWEEN %(src_first)s AND %(src_head)s "
        f"OR day BETWEEN %(src_tail)s AND %(src_last)s){where}) src",
        params,
    )


def read_ends(
    months: list[dt.date], key: str, by: str, where: str, params: dict[str, Any]
) -> list[tuple[Any, ...]]:
    """Rows shaped as reading._open_at_end's, summed from the months' MonthEnd rows; `key`
    and `by` group them (by "month" for several months)."""
    if not months:
        return []
    sums = ", ".join(f"SUM({c})" for c in sql.FIX_COLUMNS)
    names = {f"month{i}": month for i, month in enumerate(months)}
    markers = ", ".join(f"%({n})s" for n in names)
    query = (
        f"SELECT {key}, procedure_id, {sums} FROM {sql.MONTH_END} "
        f"WHERE month IN ({markers}){where} GROUP BY {by}procedure_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(query, dict(params, **names))
        return [
            (row[0], row[1], dict(zip(sql.FIX_COLUMNS, row[2:], strict=True)))
            for row in cursor.fetchall()
        ]


# --- Building (within the fold's transaction, the watermark locked) ---------------------------


def build_leaves(month: dt.date | None = None, agencies: Iterable[int] | None = None) -> None:
    """(Re)build the month leaves of a month (else of all months) and the given agencies
    (else all), from the leaves."""
    names = ", ".join(sql.LEAF_COLUMNS)
    sums = ", ".join(f"SUM({c})" for c in sql.LEAF_COLUMNS)
    for chunk in _chunks(agencies):
        where, params = _agencies(chunk)
        if month is not None:
            where += " AND day BETWEEN %(first)s AND %(last)s"
            params.update(first=month, last=periods.month_end(month))
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {sql.MONTH_LEAF} WHERE 1 = 1"
                + where.replace("day BETWEEN", "month BETWEEN"),
                params,
            )
            cursor.execute(
                f"INSERT INTO {sql.MONTH_LEAF} (month, agency_id, commune_id, procedure_id, "
                f"{names}) SELECT {sql.month_of('day')}, agency_id, commune_id, procedure_id, "
                f"{sums} FROM {sql.LEAF} WHERE 1 = 1{where} "
                f"GROUP BY {sql.month_of('day')}, agency_id, commune_id, procedure_id",
                params,
            )


def build_ends(month: dt.date, agencies: Iterable[int] | None = None) -> None:
    """(Re)build the month-end figures of an ended month, of the given agencies or of all."""
    period = month_period(month)
    names = ", ".join(sql.FIX_COLUMNS)
    for chunk in _chunks(agencies):
        where, params = _agencies(chunk)
        params.update(month=month, first=month, last=period.end.date(), end=sql.param(period.end))
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {sql.MONTH_END} WHERE month = %(month)s{where}", params)
            cursor.execute(
                f"INSERT INTO {sql.MONTH_END} (month, agency_id, commune_id, procedure_id, "
                f"{names}) SELECT %(month)s, agency_id, commune_id, procedure_id, "
                f"{sql.open_at_end_sums(DEFAULTS.max_supplement_requests)} "
                f"FROM {sql.FIGURES} WHERE receipt_day BETWEEN %(first)s AND %(last)s{where} "
                f"AND {sql.OPEN_AT_END} GROUP BY agency_id, commune_id, procedure_id",
                params,
            )


def _chunks(agencies: Iterable[int] | None) -> list[list[int] | None]:
    if agencies is None:
        return [None]
    ordered = sorted(set(agencies))
    return [ordered[i : i + CHUNK] for i in range(0, len(ordered), CHUNK)]


def _agencies(chunk: list[int] | None) -> tuple[str, dict[str, Any]]:
    return ("", {}) if chunk is None else sql.among("agency_id", chunk)


def refresh(slices: Iterable[tuple[dt.date, int]], through: dt.date | None) -> None:
    """After the fold rebuilt the leaf slices of changed dossiers (receipt day, agency):
    rebuild their (month, agency) month leaves, and month-end figures in ended months."""
    if through is None:
        return  # not built yet: close_months() builds everything
    by_month: dict[dt.date, set[int]] = defaultdict(set)
    for day, agency in slices:
        by_month[periods.first_of(day)].add(agency)
    for month, agencies in sorted(by_month.items()):
        build_leaves(month, agencies)
        if month <= through:
            build_ends(month, agencies)


def close_months(mark: FoldMark) -> int:
    """Build the month-end figures of months that have ended since the last build; the first
    time, every month leaf and every ended month. Return how many months were built. `mark`
    is the locked watermark row."""
    last = last_ended(timezone.localdate())
    if mark.months_through is not None and mark.months_through >= last:
        return 0
    if mark.months_through is None:
        with connection.cursor() as cursor:
            for table in (sql.MONTH_LEAF, sql.MONTH_END):
                cursor.execute(f"DELETE FROM {table}")
        build_leaves()
        start = _first_receipt_month()
    else:
        start = next_month(mark.months_through)
    months = months_between(start, last) if start is not None else []
    for month in months:
        build_ends(month)
    mark.months_through = last
    mark.save(update_fields=["months_through"])
    return len(months)


def _first_receipt_month() -> dt.date | None:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MIN(receipt_day) FROM {sql.FIGURES}")
        day = cursor.fetchone()[0]
    return periods.first_of(sql.as_date(day)) if day is not None else None

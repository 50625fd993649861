"""Folding fact rows into the aggregates: the worker's periodic job and the full rebuild.

The facts say which dossiers changed and carry the Decision 766 inputs written outside
apply() (papers and their flags, online payments, e-results, petitions, supplement waits);
the dossier row is the latest snapshot, the one the last fact recorded. A fold re-derives the
figures of every dossier with new facts, then rebuilds the (day, agency) slices of leaves those
dossiers were and are in, and their (month, agency) slices of month leaves, and of month-end
figures in months that have ended; with no facts left, it builds the month-end figures of
months just ended (ADR 0017, item 12). It is idempotent, so two workers folding at once only
repeat work: the watermark row is locked for the fold (ADR 0017).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from . import monthly, sql
from .kpis import DEFAULTS
from .models import DossierFigures, FoldMark

BATCH = 20_000  # facts per fold transaction
SLICES = 200  # (day, agency) slices per DELETE


def _facts_by_dossier(where: str) -> str:
    """One row per dossier with facts that matter here: appraisal supplement requests and
    answers (the waits), e-result links, online payments and petitions."""
    asked = "f.event = 'request_supplement'"
    given = "f.event = 'provide_supplement' AND f.receipt_day IS NOT NULL"  # after receipt
    flagged = " OR ".join(sql.flag_present(k) for k in ("e_result", "payment_channel", "petition"))
    relevant = f"({asked} OR {given} OR {flagged})"
    where = f"{where} AND {relevant}" if where else f"WHERE {relevant}"
    return f"""
        SELECT f.dossier_id AS dossier_id,
          SUM(CASE WHEN {asked} THEN 1 ELSE 0 END) AS requests,
          SUM(CASE WHEN {given} THEN 1 ELSE 0 END) AS answers,
          MAX(CASE WHEN {asked} THEN f.at END) AS wait_from,
          MAX(CASE WHEN {given} THEN f.at END) AS wait_until,
          SUM(CASE WHEN {asked} THEN {sql.epoch("f.at")} ELSE 0 END) AS asked_s,
          SUM(CASE WHEN {given} THEN {sql.epoch("f.at")} ELSE 0 END) AS given_s,
          MAX({sql.flag_int("payment_channel")}) AS payment_channel,
          MAX(CASE WHEN {sql.flag_true("e_result")} THEN 1 ELSE 0 END) AS e_result,
          SUM(CASE WHEN {sql.flag_present("petition")} THEN 1 ELSE 0 END) AS petitions
        FROM dossiers_fact f {where}
        GROUP BY f.dossier_id"""


def _papers_by_dossier(where: str) -> str:
    """The papers' flags as stored: every write to them records a fact (the trigger), and the
    rows stay right even where a writer's fact carries no counts (the generator's do not)."""
    return f"""
        SELECT p.dossier_id AS dossier_id, COUNT(*) AS papers,
          SUM(CASE WHEN p.digitized THEN 1 ELSE 0 END) AS digitized,
          SUM(CASE WHEN p.reused THEN 1 ELSE 0 END) AS reused,
          SUM(CASE WHEN p.from_national_repository THEN 1 ELSE 0 END) AS national
        FROM dossiers_paper p {where.replace("f.", "p.")}
        GROUP BY p.dossier_id"""


def _fees_by_dossier(where: str) -> str:
    """Σ DanhSachPhiLePhi.Gia and the online payment channel (DuocThanhToanTrucTuyen)."""
    return f"""
        SELECT e.dossier_id AS dossier_id, SUM(e.amount) AS amount,
          MAX(CASE WHEN e.paid_online THEN e.payment_channel END) AS payment_channel
        FROM dossiers_fee e {where.replace("f.", "e.")}
        GROUP BY e.dossier_id"""


FIGURES_KEY = "reports_dossierfigures_pkey"  # PostgreSQL's name for the primary key
FIGURE_COLUMNS = (
    "dossier_id, receipt_day, received_at, due_at, finished_at, agency_id, commune_id, "
    "procedure_id, channel, withdrawn, supplements, wait_from, wait_until, waited_seconds, "
    "result_is_document, has_e_result, papers, digitized_papers, reused_papers, "
    "national_papers, fee_amount, payment_channel, vneid, rating, petitions, synced"
)


def _select_figures(where: str) -> str:
    """The figures of received dossiers; `where` ("f."-prefixed) limits the dossiers read."""
    requests = "COALESCE(f.requests, 0)"
    # Status 8 is "processing stopped": after a withdrawal or a stop, no result (ADR 0010, 9).
    return f"""
        SELECT d.id, {sql.local_day("d.received_at")}, d.received_at, d.due_at,
          d.finished_at, d.competent_agency_id, d.applicant_commune_id, v.procedure_id,
          d.channel, d.status = 8, {requests}, f.wait_from,
          CASE WHEN f.wait_until >= f.wait_from THEN f.wait_until END,
          COALESCE(f.given_s - f.asked_s
            + CASE WHEN {requests} > f.answers THEN {sql.epoch("f.wait_from")} ELSE 0 END, 0),
          d.result_is_document, (d.e_result_url <> '' OR COALESCE(f.e_result, 0) > 0),
          COALESCE(p.papers, 0), COALESCE(p.digitized, 0), COALESCE(p.reused, 0),
          COALESCE(p.national, 0), COALESCE(e.amount, 0),
          COALESCE(e.payment_channel, f.payment_channel), d.vneid_verified, d.rating,
          COALESCE(f.petitions, 0),
          CASE WHEN d.sync_state IS NULL THEN NULL ELSE d.sync_state = 'synced' END
        FROM dossiers_dossier d
        JOIN catalog_procedureversion v ON v.id = d.procedure_version_id
        LEFT JOIN ({_facts_by_dossier(where)}) f ON f.dossier_id = d.id
        LEFT JOIN ({_papers_by_dossier(where)}) p ON p.dossier_id = d.id
        LEFT JOIN ({_fees_by_dossier(where)}) e ON e.dossier_id = d.id
        WHERE d.received_at IS NOT NULL {where.replace("WHERE f.dossier_id", "AND d.id")}"""


def _insert_figures(where: str = "", params: list[Any] | None = None) -> None:
    """Derive the figures of the received dossiers (those `where` names, else all)."""
    params = params or []
    every = [*params, *params, *params, *params]  # facts, papers, fees, dossiers
    insert = f"INSERT INTO {sql.FIGURES} ({FIGURE_COLUMNS}) {_select_figures(where)}"
    if where or not sql.is_postgres():
        with connection.cursor() as cursor:
            cursor.execute(insert, every)
        return
    # A full rebuild loads a million rows into the emptied table with its primary key and
    # indexes dropped, and builds them once after, from sorted rows. The SELECT reads two
    # narrow indexes (the relevant facts, the papers' flags) and merges in dossier order.
    indexes = DossierFigures._meta.indexes
    with connection.schema_editor() as editor:
        for index in indexes:
            editor.remove_index(DossierFigures, index)
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {sql.FIGURES} DROP CONSTRAINT {FIGURES_KEY}")
        cursor.execute(insert)
        cursor.execute(
            f"ALTER TABLE {sql.FIGURES} ADD CONSTRAINT {FIGURES_KEY} PRIMARY KEY (dossier_id)"
        )
    with connection.schema_editor() as editor:
        for index in indexes:
            editor.add_index(DossierFigures, index)


def _insert_leaves(where: str = "", params: list[Any] | None = None) -> None:
    """Sum figures into leaves; `where` limits it to some (day, agency) slices."""
    columns = sql.counters() + sql.ended_counters(DEFAULTS.max_supplement_requests)
    names = ", ".join(name for name, _c in columns)
    sums = ", ".join(f"SUM({sql.count(c)})" for _n, c in columns)
    select = f"""
        SELECT receipt_day, agency_id, commune_id, procedure_id, {sums},
               SUM({sql.handling_seconds()})
        FROM {sql.FIGURES} {where}
        GROUP BY receipt_day, agency_id, commune_id, procedure_id"""
    insert = (
        f"INSERT INTO {sql.LEAF} (day, agency_id, commune_id, procedure_id, {names}, "
        "f_handling_seconds) "
    )
    with connection.cursor() as cursor:
        if where or not sql.is_postgres():
            cursor.execute(insert + select, params or [])
            return
        # A full rebuild sums a million figures: CREATE TABLE AS may run in parallel,
        # INSERT … SELECT may not (PostgreSQL 15); the leaves are then a few ten thousand rows.
        cursor.execute("DROP TABLE IF EXISTS reports_leaves_rebuild")
        cursor.execute(
            "CREATE TEMPORARY TABLE reports_leaves_rebuild (day, agency_id, "
            f"commune_id, procedure_id, {names}, f_handling_seconds) AS {select}"
        )
        cursor.execute(insert + "SELECT * FROM reports_leaves_rebuild")
        cursor.execute("DROP TABLE reports_leaves_rebuild")


def rebuild() -> int:
    """Drop every aggregate and rebuild it from all facts; return the facts folded."""
    with transaction.atomic():
        mark = _mark()
        with connection.cursor() as cursor:
            cursor.execute("SELECT COALESCE(MAX(id), 0) FROM dossiers_fact")
            last = cursor.fetchone()[0]
            for table in (sql.LEAF, sql.FIGURES, sql.MONTH_LEAF, sql.MONTH_END):
                cursor.execute(f"TRUNCATE {table}" if sql.is_postgres() else f"DELETE FROM {table}")
        _insert_figures()
        _insert_leaves()
        mark.last_fact_id, mark.folded_at, mark.months_through = last, timezone.now(), None
        monthly.close_months(mark)
        mark.save()
    if sql.is_postgres():
        # Every read is planned from these statistics: stale ones after the tables were
        # emptied and filled again made the year's read of open dossiers ten times slower.
        with connection.cursor() as cursor:
            for table in (sql.LEAF, sql.MONTH_LEAF, sql.MONTH_END, sql.FIGURES):
                cursor.execute(f"ANALYZE {table}")
    return int(last)


def fold_new(batch: int = BATCH) -> int:
    """Fold the facts written since the watermark, a batch per transaction; return how many."""
    folded = 0
    while True:
        with transaction.atomic():
            mark = _mark()
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT MAX(id), COUNT(*) FROM (SELECT id FROM dossiers_fact "
                    "WHERE id > %s ORDER BY id LIMIT %s) t",
                    [mark.last_fact_id, batch],
                )
                upto, found = cursor.fetchone()
            if not found:
                monthly.close_months(mark)
                return folded
            _fold_range(mark.last_fact_id, upto, mark.months_through)
            mark.last_fact_id, mark.folded_at = upto, timezone.now()
            mark.save()
            folded += found


def _fold_range(after: int, upto: int, months_through: dt.date | None) -> None:
    changed = "SELECT DISTINCT dossier_id FROM dossiers_fact WHERE id > %s AND id <= %s"
    slices = set(_slices(f"dossier_id IN ({changed})", [after, upto]))
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {sql.FIGURES} WHERE dossier_id IN ({changed})", [after, upto])
    _insert_figures(f"WHERE f.dossier_id IN ({changed})", [after, upto])
    slices |= set(_slices(f"dossier_id IN ({changed})", [after, upto]))
    ordered = sorted(slices)
    for start in range(0, len(ordered), SLICES):
        chunk = ordered[start : start + SLICES]
        where = " OR ".join(["(receipt_day = %s AND agency_id = %s)"] * len(chunk))
        params = [value for pair in chunk for value in pair]
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {sql.LEAF} WHERE " + where.replace("receipt_day", "day"), params
            )
        _insert_leaves(f"WHERE {where}", params)
    monthly.refresh(slices, months_through)


def _slices(where: str, params: list[Any]) -> list[tuple[dt.date, int]]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT receipt_day, agency_id FROM {sql.FIGURES} WHERE {where}", params
        )
        return [(sql.as_date(day), agency) for day, agency in cursor.fetchall()]


def _mark() -> FoldMark:
    """The watermark row, locked for this transaction (created on first use)."""
    mark = FoldMark.objects.select_for_update().filter(pk=1).first()
    if mark is None:
        FoldMark.objects.get_or_create(pk=1)
        mark = FoldMark.objects.select_for_update().get(pk=1)
    return mark


def fold_job() -> int:
    """The worker's periodic job (registered in apps.py); settings may switch it off."""
    if not getattr(settings, "REPORTS_FOLD", True):
        return 0
    return fold_new()

"""The bulk data generator: a province-year of dossiers written straight into the tables.

It is the one named exception to the single write path (architecture.md, "Identity of a
dossier"): it writes rows in bulk instead of calling Dossier.apply() a million times. Every
dossier it writes is still what apply() would have produced for the same history: the history
is made of actions that lifecycle.check allowed, folded by lifecycle.advance with the real
calendar, the settings' rules and the version's limit, and the dossier, its steps, transitions
and facts are read off the resulting snapshots (rows.py). It publishes no domain events (no
EventMessage rows): nothing is notified, synchronised or sent.

`generate(dossiers, seed)` gives the same rows for the same seed, year, horizon and batch size
on the same reference data. Run it on a quiet database (writer.py says why); it assumes the
migrations and the reference data (units, calendar, agencies, catalog) are loaded.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from django.db import connection, connections, transaction

from motcua.deadlines.provider import get_calendar

from .. import workflow
from ..codes import _ALPHABET, format_code
from ..models import CodeCounter, Dossier
from .clock import VN, WorkClock
from .plan import Draft, Planner, batches, day_counts
from .rows import TABLES, BatchRows, batch_rows
from .story import local_day
from .world import MEMBERSHIP_TABLE, USER_TABLE, load_world
from .writer import Ids, write

Progress = Callable[[int, int, float], None]


@dataclass
class Report:
    """What a run wrote: rows per table, and how long it took."""

    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def add(self, table: str, count: int) -> None:
        self.rows[table] = self.rows.get(table, 0) + count


def generate(
    dossiers: int,
    seed: int,
    year: int = 2026,
    *,
    until: dt.datetime | None = None,
    batch_size: int = 20_000,
    progress: Progress | None = None,
) -> Report:
    """Write `dossiers` dossiers received from 1/1/`year` until `until` (default: year end).

    Dossiers still open at the horizon stay open, as they would be on that night.
    """
    started = time.perf_counter()
    rng = random.Random(seed)
    cal = get_calendar()
    horizon = until or dt.datetime(year, 12, 31, 23, 59, 59, tzinfo=VN)
    # The clock runs past the horizon: due dates and late decisions fall after it.
    clock = WorkClock(cal, dt.date(year, 1, 1), dt.date(year + 2, 12, 31))
    ids, report = Ids(), Report()
    with transaction.atomic():
        world = load_world(year, rng, ids, citizens=max(20, dossiers // 3))
    days = day_counts(rng, dossiers, dt.date(year, 1, 1), _last_day(horizon), cal)
    names = _Names(year)
    done = 0
    with _Writer(report) as writer:
        for number, group in enumerate(batches(days, batch_size)):
            # One generator per batch: a batch's rows do not depend on how others were drawn.
            batch_rng = random.Random(f"{seed}:{number}")
            planner = Planner(world, batch_rng, cal, clock, workflow.rules(), horizon)
            drafts = [d for day, count in group for d in planner.day(day, count)]
            names.assign(drafts, batch_rng, world.agency_code)
            writer.write(batch_rows(drafts, ids, world.communes))
            done += sum(count for _day, count in group)
            if progress:
                progress(done, dossiers, time.perf_counter() - started)
    with transaction.atomic():
        report.add(CodeCounter._meta.db_table, names.save_counters())
        ids.move_sequences()
    report.rows[USER_TABLE.name] = world.written_users
    report.rows[MEMBERSHIP_TABLE.name] = world.written_memberships
    report.seconds = time.perf_counter() - started
    return report


def _last_day(horizon: dt.datetime) -> dt.date:
    """The last day dossiers start on: the horizon's, unless the horizon cuts that day short."""
    local = horizon.astimezone(VN)
    whole_day = local.time() >= dt.time(23, 59)
    return local.date() if whole_day else local.date() - dt.timedelta(days=1)


class _Writer:
    """Writes each batch in its own transaction, on PostgreSQL in a thread of its own.

    Most of a batch's write is the server's work (COPY, indexes, and the deferred foreign-key
    checks at commit), during which the thread waits without the GIL: meanwhile the caller
    draws the next batch. Inside a caller's transaction (tests) it writes in that transaction,
    since another connection would not see the rows written so far.
    """

    def __init__(self, report: Report) -> None:
        self.report = report
        threaded = connection.vendor == "postgresql" and not connection.in_atomic_block
        self.pool = ThreadPoolExecutor(max_workers=1) if threaded else None
        self.pending: Future[None] | None = None

    def __enter__(self) -> _Writer:
        return self

    def __exit__(self, *exc: object) -> None:
        self._wait()
        if self.pool is not None:
            self.pool.submit(connections.close_all).result()
            self.pool.shutdown()

    def write(self, rows: BatchRows) -> None:
        self._wait()  # one batch in flight at most: memory stays bounded
        if self.pool is None:
            self._write(rows)
        else:
            self.pending = self.pool.submit(self._write, rows)

    def _wait(self) -> None:
        if self.pending is not None:
            pending, self.pending = self.pending, None
            pending.result()  # re-raises the writer's error here

    def _write(self, rows: BatchRows) -> None:
        with transaction.atomic():
            for table in TABLES:
                self.report.add(table.name, write(table, rows.rows[table]))


class _Names:
    """Submission references and dossier codes, unique over the database and the run."""

    def __init__(self, year: int) -> None:
        self.references = set(
            Dossier.objects.filter(reference__startswith=f"N{year % 100:02d}").values_list(
                "reference", flat=True
            )
        )
        self.counters = {
            (unit, day): last
            for unit, day, last in CodeCounter.objects.filter(day__year=year).values_list(
                "unit_id", "day", "last"
            )
        }
        self.touched: set[tuple[int, dt.date]] = set()

    def assign(self, drafts: list[Draft], rng: random.Random, codes: dict[int, str]) -> None:
        for draft in drafts:
            draft.reference = self._reference(rng, local_day(draft.created_at))
        # Sequences follow the receipt times, as the counter row would hand them out.
        received = sorted(
            (d.snap.received_at, i) for i, d in enumerate(drafts) if d.snap.received_at is not None
        )
        for at, i in received:
            draft = drafts[i]
            key = (draft.spec.receiving_id, local_day(at))
            self.counters[key] = self.counters.get(key, 0) + 1
            self.touched.add(key)
            draft.code = format_code(codes[key[0]], key[1], self.counters[key])

    def _reference(self, rng: random.Random, day: dt.date) -> str:
        # codes.new_reference's shape, from the seeded generator instead of `secrets`.
        while True:
            suffix = "".join(rng.choice(_ALPHABET) for _ in range(6))
            reference = f"N{day:%y%m%d}-{suffix}"
            if reference not in self.references:
                self.references.add(reference)
                return reference

    def save_counters(self) -> int:
        """Set each touched counter row to the last sequence used, so apply() continues."""
        rows = [
            CodeCounter(unit_id=unit, day=day, last=self.counters[(unit, day)])
            for unit, day in sorted(self.touched)
        ]
        CodeCounter.objects.bulk_create(
            rows,
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["unit", "day"],
            update_fields=["last"],
        )
        return len(rows)

"""Bulk writes of generated rows: COPY on PostgreSQL, executemany on SQLite.

The generator assigns primary keys itself (read max(id) once, count up, then move each
sequence past the rows it wrote), so that a dossier's transitions, steps and facts can name it
without a round trip per row. Run it on a quiet database: another writer's rows inserted
meanwhile would take ids the generator has counted on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models

Row = tuple[object, ...]


@dataclass(frozen=True)
class Table:
    """A model's table and the columns the generator fills, in the order of its row tuples."""

    model: type[models.Model]
    columns: tuple[str, ...]

    def __post_init__(self) -> None:
        # A field added to the model later must be added here too, or the COPY would fail
        # on a NOT NULL column with no database default: say which one, up front.
        concrete = {f.column for f in self.model._meta.concrete_fields}
        missing = concrete - set(self.columns)
        unknown = set(self.columns) - concrete
        if missing or unknown:
            raise ValueError(
                f"{self.model.__name__}: columns missing {sorted(missing)}, "
                f"unknown {sorted(unknown)}"
            )

    @property
    def name(self) -> str:
        return self.model._meta.db_table


def columns_of(model: type[models.Model], order: Sequence[str]) -> tuple[str, ...]:
    """Return the database columns of the fields named in `order` (attnames)."""
    by_attname = {f.attname: f.column for f in model._meta.concrete_fields}
    return tuple(by_attname[name] for name in order)


@dataclass
class Ids:
    """Primary keys handed out by the generator, per table."""

    last: dict[str, int] = field(default_factory=dict)

    def take(self, table: Table, count: int) -> int:
        """Reserve `count` ids and return the first."""
        if table.name not in self.last:
            with connection.cursor() as cursor:
                cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table.name}"')
                self.last[table.name] = int(cursor.fetchone()[0])
        first = self.last[table.name] + 1
        self.last[table.name] += count
        return first

    def move_sequences(self) -> None:
        """Let the database's own inserts continue after the generated rows (PostgreSQL)."""
        if connection.vendor != "postgresql":
            return  # SQLite's AUTOINCREMENT already follows the largest id written
        with connection.cursor() as cursor:
            for name in self.last:
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                    f'(SELECT COALESCE(MAX(id), 1) FROM "{name}"))',
                    [name],
                )


def write(table: Table, rows: Iterable[Row]) -> int:
    """Insert `rows` into `table`; return how many there were."""
    if connection.vendor == "postgresql":
        return _copy(table, rows)
    return _executemany(table, rows)


def _copy(table: Table, rows: Iterable[Row]) -> int:
    count = 0
    columns = ", ".join(f'"{c}"' for c in table.columns)
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg 3's own cursor, which has copy()
        with raw.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
    return count


def _executemany(table: Table, rows: Iterable[Row]) -> int:
    adapt = connection.ops.adapt_datetimefield_value
    columns = ", ".join(f'"{c}"' for c in table.columns)
    marks = ", ".join(["%s"] * len(table.columns))
    sql = f'INSERT INTO "{table.name}" ({columns}) VALUES ({marks})'
    # SQLite stores datetimes as naive UTC text, as Django's own fields would write them.
    batch: list[Any] = [
        tuple(
            adapt(v) if isinstance(v, dt.datetime) else str(v) if isinstance(v, dt.date) else v
            for v in row
        )
        for row in rows
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(batch), 2000):
            cursor.executemany(sql, batch[start : start + 2000])
    return len(batch)

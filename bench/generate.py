"""Fill a database with a generated province-year of dossiers, and print what it took.

    uv run python bench/generate.py --dossiers 1000000 --seed 766
    uv run python bench/generate.py --dossiers 1000000 --seed 766 --setup \\
        --database-url postgres://motcua@127.0.0.1:5432/motcua_gen_bench

The generator itself is motcua/dossiers/generation (the demo's `generate_dossiers` command
uses it too). It assumes the migrations and the reference data (units, calendar, agencies,
demo catalog) are loaded; `--setup` loads them first. At the end it prints the elapsed time,
the rows written per table and, on PostgreSQL, the database size: the figures of
docs/performance.md. It publishes no domain events.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETUP = (
    "migrate",
    "createcachetable",
    "load_units",
    "load_calendar",
    "load_agencies",
    "load_demo_catalog",
)


def main() -> None:
    args = _arguments()
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "1")  # it fills a database and serves nothing
    import django

    django.setup()
    started = time.perf_counter()
    if args.setup:
        _setup()
    report = _generate(args)
    print(
        f"\nGenerated {args.dossiers:,} dossiers (seed {args.seed}, year {args.year}) "
        f"in {report.seconds / 60:.1f} min ({report.seconds:.0f} s); "
        f"with setup {time.perf_counter() - started:.0f} s."
    )
    print("Rows per table:")
    for table, count in report.rows.items():
        print(f"  {table:<24} {count:>12,}")
    size = _database_size()
    if size:
        print(f"Database size: {size}")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=766)
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--batch-size", type=int, default=20_000)
    parser.add_argument(
        "--database-url",
        default="",
        help="default: the DATABASE_URL of the environment, else SQLite",
    )
    parser.add_argument(
        "--setup", action="store_true", help="run migrate and load the reference data first"
    )
    return parser.parse_args()


def _setup() -> None:
    from django.core.management import call_command

    for command in SETUP:
        began = time.perf_counter()
        call_command(command, stdout=io.StringIO(), verbosity=0)
        print(f"{command}: {time.perf_counter() - began:.1f} s")


def _generate(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from motcua.dossiers.generation import generate

    def progress(done: int, total: int, seconds: float) -> None:
        rate = done / seconds if seconds else 0
        left = (total - done) / rate if rate else 0
        print(
            f"{done:>10,} / {total:,} dossiers  {seconds:7.0f} s  {rate:7.0f}/s  "
            f"~{left:5.0f} s left",
            flush=True,
        )

    return generate(
        args.dossiers, args.seed, args.year, batch_size=args.batch_size, progress=progress
    )


def _database_size() -> str:
    from django.db import connection

    if connection.vendor != "postgresql":
        return ""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        return str(cursor.fetchone()[0])


if __name__ == "__main__":
    main()

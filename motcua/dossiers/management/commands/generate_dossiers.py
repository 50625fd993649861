"""`generate_dossiers`: a year of generated dossiers for the demo (bench/generate.py for more)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from motcua.dossiers.generation import generate


class Command(BaseCommand):
    help = (
        "Write N generated dossiers with lawful histories (motcua/dossiers/generation), from "
        "1 January of the year. In the current year the histories stop now, so that nothing "
        "happens in the future. Publishes no domain events. Needs the reference data "
        "(setup_demo)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dossiers", type=int, default=300)
        parser.add_argument("--seed", type=int, default=766)
        parser.add_argument("--year", type=int, default=None, help="default: the current year")
        parser.add_argument(
            "--until",
            default=None,
            help="ISO date-time where the histories stop (default: now in the "
            "current year, else the year's end)",
        )

    def handle(
        self,
        *args: Any,
        dossiers: int,
        seed: int,
        year: int | None,
        until: str | None,
        **options: Any,
    ) -> None:
        now = timezone.localtime()
        year = year or now.year
        try:
            horizon = _horizon(until, year, now)
            report = generate(dossiers, seed, year, until=horizon)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Generated in {report.seconds:.1f} s:")
        for table, count in report.rows.items():
            self.stdout.write(f"  {table:<24} {count:>9,}")


def _horizon(until: str | None, year: int, now: dt.datetime) -> dt.datetime | None:
    if until:
        moment = dt.datetime.fromisoformat(until)
        return timezone.make_aware(moment) if timezone.is_naive(moment) else moment
    if year == now.year:
        return now.replace(microsecond=0)
    return None

"""Load the administrative units shipped with the project (data/units.json.gz) into the database."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Count

from motcua.units.loading import LoadReport, Tally, load_units
from motcua.units.models import AdministrativeUnit, UnitSuccession
from motcua.units.register import REGISTER_FILE


class Command(BaseCommand):
    help = (
        "Create or update administrative units and their successions from the shipped register "
        "file. Running it again changes nothing. To refresh the file itself, run build_units_data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--file",
            type=Path,
            default=REGISTER_FILE,
            help="Register file to load (default: %(default)s)",
        )

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        started = time.perf_counter()
        try:
            report = load_units(file)
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Loaded {file} in {time.perf_counter() - started:.1f} s.")
        self._write_report(report)
        self._write_counts()

    def _write_report(self, report: LoadReport) -> None:
        for label, tally in (("Units", report.units), ("Successions", report.successions)):
            self.stdout.write(_tally_line(label, tally))

    def _write_counts(self) -> None:
        counts = (
            AdministrativeUnit.objects.values_list("scheme", "level")
            .annotate(n=Count("pk"))
            .order_by("scheme", "level")
        )
        for scheme, level, n in counts:
            self.stdout.write(f"  {scheme:<12} {level:<9} {n:>6,}")
        self.stdout.write(f"  successions            {UnitSuccession.objects.count():>6,}")


def _tally_line(label: str, tally: Tally) -> str:
    line = (
        f"{label}: {tally.created:,} created, {tally.updated:,} updated, "
        f"{tally.unchanged:,} unchanged"
    )
    if tally.not_in_file:
        line += f"; {tally.not_in_file:,} in the database but not in the file (kept)"
    return line + "."

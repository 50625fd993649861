"""`export_catalog PATH`: write the procedure catalog as .json or .xlsx, in the import format."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.catalog.exporting import export_catalog


class Command(BaseCommand):
    help = "Export every procedure version, paper and fee to a .json or .xlsx file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="the file to write: .json or .xlsx")
        parser.add_argument(
            "--code",
            action="append",
            dest="codes",
            metavar="CODE",
            help="export only this procedure code (repeatable)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        try:
            content = export_catalog(path.name, options["codes"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        path.write_bytes(content)
        self.stdout.write(self.style.SUCCESS(f"Đã xuất danh mục ra {path}."))

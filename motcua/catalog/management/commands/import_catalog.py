"""`import_catalog PATH`: import a procedure catalog (.json or .xlsx), all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.catalog.importing import CatalogImportError, import_catalog


class Command(BaseCommand):
    help = (
        "Import procedures, their versions, papers and fees from a .json or .xlsx file (format "
        "in docs/decisions/0007-procedure-catalog.md). Any error rejects the whole file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="a .json or .xlsx catalog file")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="validate and report what would change, without writing",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp {path}: {exc.strerror}.") from exc
        try:
            report = import_catalog(content, path.name, dry_run=options["dry_run"])
        except CatalogImportError as exc:
            raise CommandError(
                f"Không nhập tệp {path.name} ({len(exc.messages)} lỗi; không có gì được ghi):\n"
                + "\n".join(f"- {message}" for message in exc.messages)
            ) from exc
        verb = "Sẽ nhập (chạy thử, chưa ghi)" if options["dry_run"] else "Đã nhập"
        self.stdout.write(self.style.SUCCESS(f"{verb}: {report.summary()}"))

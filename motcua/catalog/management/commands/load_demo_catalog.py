"""`load_demo_catalog`: import the shipped demo catalog; running it again changes nothing."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from motcua.catalog.importing import DEMO_CATALOG, CatalogImportError, import_catalog


class Command(BaseCommand):
    help = (
        "Import motcua/catalog/data/demo-catalog.json (29 researched procedures for the Thái "
        "Nguyên demo agencies). Needs the demo agencies: run load_agencies first."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = import_catalog(DEMO_CATALOG.read_bytes(), DEMO_CATALOG.name)
        except CatalogImportError as exc:
            raise CommandError(
                "Không nạp được danh mục mẫu:\n" + "\n".join(f"- {m}" for m in exc.messages)
            ) from exc
        self.stdout.write(self.style.SUCCESS(f"Danh mục mẫu: {report.summary()}"))

from django.core.management.base import BaseCommand

from motcua.api.openapi import COMMITTED, render_openapi


class Command(BaseCommand):
    help = "Write the OpenAPI document to docs/openapi.json (a test fails when it drifts)."

    def handle(self, *args: object, **options: object) -> None:
        COMMITTED.write_text(render_openapi(), encoding="utf-8")
        self.stdout.write(f"Wrote {COMMITTED}")

"""Put the demo citizen's papers (citizen_an, CCCD 019085001234) in the local stand-in of the
citizen's e-data repository. Idempotent: run it as often as you like."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from motcua.documents.repository import DEMO_ID_NUMBER, seed_demo_repository


class Command(BaseCommand):
    help = "Seed the local citizen repository with the demo citizen's papers (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        added = seed_demo_repository()
        self.stdout.write(f"Repository papers added for {DEMO_ID_NUMBER}: {added}")

"""Load the demo online forms (data/demo-forms.json) onto the versions in force."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from motcua.catalog.models import Procedure
from motcua.eforms.loader import import_definition

DEMO_FILE = Path(__file__).resolve().parents[2] / "data" / "demo-forms.json"


class Command(BaseCommand):
    help = "Load the demo online forms onto the procedure versions in force today."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        data = json.loads(DEMO_FILE.read_text("utf-8"))["forms"]
        loaded = 0
        for code, definition in data.items():
            procedure = Procedure.objects.filter(code=code).first()
            version = procedure.version_on(timezone.localdate()) if procedure else None
            if version is None:
                self.stderr.write(f"{code}: no version in force, skipped")
                continue
            import_definition(version, definition)
            loaded += 1
        self.stdout.write(f"Loaded {loaded} online forms.")

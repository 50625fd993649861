"""Delete files under papers/ that no stored file or paper points to, left by a process killed
mid-request (documents/sweeping.py). The worker runs this daily; cron may too."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from motcua.documents.sweeping import ORPHAN_AGE, sweep_orphans


class Command(BaseCommand):
    help = "Delete orphan files under papers/ (no StoredFile or Paper names them)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--older-than-hours",
            type=float,
            default=ORPHAN_AGE.total_seconds() / 3600,
            help="Leave files younger than this alone (default: 24).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = sweep_orphans(older_than=timedelta(hours=options["older_than_hours"]))
        self.stdout.write(f"Orphan files deleted: {len(deleted)}")

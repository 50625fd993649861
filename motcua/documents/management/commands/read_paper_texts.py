"""Queue the reading of stored files' text again (ADR 0016): the files still waiting (stored
before this feature, or whose task was lost), and with --again those in other states, say
"unavailable" once tesseract is installed. --now reads them in this process instead."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from motcua.documents.choices import TextState
from motcua.documents.digitization import read_again, read_stored_text
from motcua.documents.models import StoredFile


class Command(BaseCommand):
    help = "Queue (or, with --now, do) the reading of stored papers' text and OCR of scans."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--again",
            nargs="*",
            default=[],
            choices=[TextState.UNAVAILABLE, TextState.FAILED, TextState.DONE],
            help="Also read the files in these states again.",
        )
        parser.add_argument(
            "--now",
            action="store_true",
            help="Read them here and now instead of queuing them for the worker.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["now"]:
            count = read_again(options["again"])
            self.stdout.write(f"Stored files queued for reading: {count}")
            return
        StoredFile.objects.filter(text_state__in=options["again"]).update(
            text_state=TextState.PENDING, text_error=""
        )
        ids = StoredFile.objects.filter(text_state=TextState.PENDING).values_list("pk", flat=True)
        outcomes: dict[str, int] = {}
        for file_id in list(ids):
            outcome = read_stored_text(str(file_id))
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
        self.stdout.write(
            "Stored files read: "
            + (", ".join(f"{state} {n}" for state, n in sorted(outcomes.items())) or "none")
        )

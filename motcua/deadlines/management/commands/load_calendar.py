from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.deadlines.loading import DECISIONS_FILE, load_calendar_entries


class Command(BaseCommand):
    help = (
        "Load the yearly calendar decisions (days off, make-up working days) from a JSON file, "
        "by default the official 2025-2026 decisions; running it again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", default=str(DECISIONS_FILE))

    def handle(self, *args: object, **options: str) -> None:
        try:
            result = load_calendar_entries(Path(options["path"]))
        except (OSError, KeyError, ValueError, ValidationError) as exc:
            raise CommandError(f"Cannot load {options['path']}: {exc}") from exc
        self.stdout.write(
            f"Calendar decisions: {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged"
        )

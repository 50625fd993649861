from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from motcua.agencies.loading import DEMO_FILE, load_agencies


class Command(BaseCommand):
    help = "Load agencies (the demo Thái Nguyên agencies by default) from a JSON file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", default=str(DEMO_FILE))

    def handle(self, *args: object, **options: str) -> None:
        created, updated = load_agencies(Path(options["path"]))
        self.stdout.write(f"Agencies: {created} created, {updated} updated")

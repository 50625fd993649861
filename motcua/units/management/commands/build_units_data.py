"""Regenerate the shipped register file from the shared data folder (a maintainer's task)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.units.register import REGISTER_FILE, build_register, write_register

SOURCE_FILES = ("units-before-2025.json", "units-2025.json", "succession-2025.json")


class Command(BaseCommand):
    help = "Rebuild motcua/units/data/units.json.gz from the register's JSON files in SOURCE_DIR."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "source_dir",
            type=Path,
            help=f"Folder holding {', '.join(SOURCE_FILES)} (the shared data/admin-units)",
        )
        parser.add_argument(
            "--output",
            type=Path,
            default=REGISTER_FILE,
            help="File to write (default: %(default)s)",
        )

    def handle(self, *args: Any, source_dir: Path, output: Path, **options: Any) -> None:
        missing = [name for name in SOURCE_FILES if not (source_dir / name).is_file()]
        if missing:
            raise CommandError(f"{source_dir} lacks {', '.join(missing)}")
        register = build_register(source_dir)
        size = write_register(register, output)
        self.stdout.write(f"Wrote {output} ({size:,} bytes).")
        for old, reason in register["dropped"]:
            self.stdout.write(f"Dropped the succession of commune {old}: {reason}.")

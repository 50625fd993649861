import time

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.reports.checking import check_sample
from motcua.reports.folding import fold_new, rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the report aggregates from every fact with SQL, or fold only the new facts "
        "(--new); --check compares a sample with the pure formulas."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--new",
            action="store_true",
            help="fold the facts written since the last fold (the worker's job)",
        )
        parser.add_argument(
            "--check",
            type=int,
            default=0,
            metavar="DOSSIERS",
            help="then check the (day, agency) slices of this many random "
            "dossiers against the pure formulas",
        )
        parser.add_argument("--seed", type=int, default=766)

    def handle(self, *args: object, **options: object) -> None:
        began = time.perf_counter()
        if options["new"]:
            folded = fold_new()
            self.stdout.write(f"Folded {folded} new facts in {time.perf_counter() - began:.2f} s")
        else:
            last = rebuild()
            self.stdout.write(
                f"Rebuilt the aggregates from facts up to #{last} in "
                f"{time.perf_counter() - began:.2f} s"
            )
        size = int(options["check"])  # type: ignore[call-overload]
        if not size:
            return
        began = time.perf_counter()
        slices, problems = check_sample(size, int(options["seed"]))  # type: ignore[call-overload]
        for line in problems[:50]:
            self.stderr.write(line)
        if problems:
            raise CommandError(f"{len(problems)} differences in {slices} slices")
        self.stdout.write(
            f"Checked {slices} (day, agency) slices against the pure formulas, "
            f"each for its day and its month: no difference "
            f"({time.perf_counter() - began:.1f} s)"
        )

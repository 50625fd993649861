from django.core.management.base import BaseCommand

from motcua.processes.demo import DEMO_PROCEDURE, load_demo_processes


class Command(BaseCommand):
    help = (
        "Load the demo internal process of procedure 1.004222 (permanent residence "
        "registration). Running it again changes nothing; load the demo catalog first."
    )

    def handle(self, *args: object, **options: object) -> None:
        loaded = load_demo_processes()
        if not loaded:
            self.stdout.write(
                f"No procedure {DEMO_PROCEDURE} in the catalog: run load_demo_catalog first."
            )
            return
        for process in loaded:
            self.stdout.write(f"Internal process of {process}: {process.steps.count()} steps.")

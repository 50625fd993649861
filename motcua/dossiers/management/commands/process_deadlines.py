from django.core.management.base import BaseCommand

from motcua.dossiers.deadlines import flag_deadlines


class Command(BaseCommand):
    help = "Flag dossiers that became due soon or overdue, and announce them (run by the worker)."

    def handle(self, *args: object, **options: object) -> None:
        due_soon, overdue = flag_deadlines()
        self.stdout.write(f"Deadlines: {due_soon} due soon, {overdue} overdue newly flagged")

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from motcua.accounts.demo import DEMO_PASSWORD, PERSONAS, create_persona
from motcua.accounts.models import User

DEMO_DOSSIERS = 300


class Command(BaseCommand):
    help = (
        "Load the reference data (units, calendar, demo agencies, demo catalog and forms), the "
        "demo repository papers and the demo accounts. Running it again changes nothing."
    )

    def handle(self, *args: object, **options: object) -> None:
        # The database cache holds version tokens that the loaders bump.
        call_command("createcachetable")
        for command in (
            "load_units",
            "load_calendar",
            "load_agencies",
            "load_demo_catalog",
            "load_demo_forms",
            "seed_repository",
            "load_demo_processes",
            "make_demo_pki",
        ):
            call_command(command, stdout=self.stdout)
        for persona in PERSONAS:
            create_persona(persona)
        # citizen_an has signed in through VNeID before (she is also an identity of the
        # stand-in provider), so the demo shows her e-data repository and a verified account.
        User.objects.filter(email="an@example.vn", vneid_verified_at__isnull=True).update(
            vneid_verified_at=timezone.now()
        )
        # A few hundred dossiers of this year, so that queues, lookups and reports show data.
        if not apps.get_model("dossiers", "Dossier").objects.exists():
            call_command("generate_dossiers", dossiers=DEMO_DOSSIERS, seed=766, stdout=self.stdout)
        self.stdout.write(f"Demo accounts (password {DEMO_PASSWORD}):")
        for persona in PERSONAS:
            self.stdout.write(f"  {persona.username:14} {persona.phone}  {persona.email}")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "motcua.dossiers"
    verbose_name = _("Dossiers")

    def ready(self) -> None:
        from datetime import timedelta

        from motcua.events.registry import declare
        from motcua.outbox.periodic import register_periodic

        from .deadlines import flag_deadlines
        from .transitions import Event

        register_periodic("deadline-flags", timedelta(minutes=5), flag_deadlines)
        # apply() publishes "dossier.<event>" for each event of the transition table; the
        # deadline job publishes the flags (deadlines.py).
        declare(
            *(f"dossier.{event.value}" for event in Event), "dossier.due_soon", "dossier.overdue"
        )

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "motcua.dossiers"
    verbose_name = _("Dossiers")

    def ready(self) -> None:
        from datetime import timedelta

        from motcua.outbox.periodic import register_periodic

        from .deadlines import flag_deadlines

        register_periodic("deadline-flags", timedelta(minutes=5), flag_deadlines)

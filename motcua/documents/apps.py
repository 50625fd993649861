from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "motcua.documents"
    verbose_name = _("Documents and papers' files")

    def ready(self) -> None:
        from datetime import timedelta

        from motcua.outbox.periodic import register_periodic

        from .sweeping import sweep_orphans

        # Files a killed process left without their row (security review D13); the command
        # sweep_orphan_files does the same for cron.
        register_periodic("orphan-files", timedelta(days=1), sweep_orphans)

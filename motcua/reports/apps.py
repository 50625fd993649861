from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "motcua.reports"
    verbose_name = _("Reports and statistics")

    def ready(self) -> None:
        from motcua.outbox.periodic import register_periodic

        from .folding import fold_job

        # Aggregates follow the facts within a minute (ADR 0017); the hot path only appends.
        register_periodic("report-aggregates", timedelta(minutes=1), fold_job)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubmissionsConfig(AppConfig):
    name = "motcua.submissions"
    verbose_name = _("Drafts and submission")

    def ready(self) -> None:
        from datetime import timedelta

        from motcua.outbox.periodic import register_periodic

        from .idempotency import forget_expired

        register_periodic("idempotency-expiry", timedelta(hours=1), forget_expired)

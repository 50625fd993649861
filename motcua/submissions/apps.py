from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubmissionsConfig(AppConfig):
    name = "motcua.submissions"
    verbose_name = _("Drafts and submission")

    def ready(self) -> None:
        from datetime import timedelta

        from motcua.dossiers import workflow
        from motcua.dossiers.transitions import Event
        from motcua.outbox.periodic import register_periodic

        from .assistance import receipt_refusal
        from .idempotency import forget_expired

        register_periodic("idempotency-expiry", timedelta(hours=1), forget_expired)
        # The counter receives an assisted dossier only once its consent is confirmed (D5).
        guards = workflow.EXTRA_GUARDS.setdefault(Event.RECEIVE, [])
        if receipt_refusal not in guards:
            guards.append(receipt_refusal)

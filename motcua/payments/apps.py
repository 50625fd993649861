from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "motcua.payments"
    verbose_name = _("Fees and payments")

    def ready(self) -> None:
        from datetime import timedelta
        from functools import partial

        from django.core.management import call_command

        from motcua.events.registry import declare, subscribe
        from motcua.outbox.periodic import register_periodic

        declare("payment.requested", "payment.paid")  # requests.py, workflow.py
        # Payment requests follow the dossier's events (requests.py; ADR 0013).
        for event in ("dossier.submit_online", "dossier.receive_at_counter"):
            subscribe(
                event, "motcua.payments.requests.on_submitted_or_received", name="payments.fees-due"
            )
        subscribe(
            "dossier.request_obligation",
            "motcua.payments.requests.on_obligation",
            name="payments.obligation",
        )
        subscribe(
            "dossier.decide", "motcua.payments.requests.on_decided", name="payments.at-return"
        )
        # Management commands, so that cron can run the same work (outbox/periodic.py).
        register_periodic(
            "payments-expiry",
            timedelta(minutes=5),
            partial(call_command, "expire_payments", verbosity=0),
        )
        register_periodic(
            "payments-reconciliation",
            timedelta(days=1),
            partial(call_command, "reconcile_payments", verbosity=0),
        )

"""Online payments left pending past the gateway's timeout become expired."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from motcua.payments.workflow import expire_overdue


class Command(BaseCommand):
    help = (
        "Mark online payments expired when the gateway's timeout (PAYMENT_TIMEOUT_MINUTES, "
        "15 for VNPay) has passed without an answer. Safe to run at any time."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{expire_overdue()} payments expired")

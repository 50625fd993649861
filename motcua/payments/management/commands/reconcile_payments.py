"""Compare a day's online payments with the gateway's list and store the report."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from motcua.payments.reconcile import reconcile


class Command(BaseCommand):
    help = (
        "Compare one day's online payments with the payment gateway's transactions and "
        "store the list of mismatches (admin: reconciliation reports). Default: yesterday."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="The day, YYYY-MM-DD (default: yesterday)")

    def handle(self, *args: Any, **options: Any) -> None:
        day = timezone.localdate() - dt.timedelta(days=1)
        if options.get("date"):
            try:
                day = dt.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("--date must be YYYY-MM-DD") from exc
        report = reconcile(day)
        self.stdout.write(
            f"{report.gateway} {report.day}: {report.checked} payments compared, "
            f"{report.mismatch_count} mismatches"
        )
        for row in report.mismatches:
            self.stdout.write(
                f"  {row['kind']:14} {row['txn_ref']}  ours={row['ours']} theirs={row['theirs']}"
            )

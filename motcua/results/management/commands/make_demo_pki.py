"""make_demo_pki: the DEMO CA and one signing certificate per agency (idempotent)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from motcua.agencies.models import Agency
from motcua.results.authority import (
    DEMO_NAME,
    DEMO_SLUG,
    create_authority,
    issue_for_agency,
)
from motcua.results.conf import pki_dir
from motcua.results.models import Authority, SigningKey


class Command(BaseCommand):
    help = (
        "Make the demo certification authority (marked DEMO) and a signing certificate for "
        "each agency that has none, with keys under RESULTS_PKI_DIR. Running it again "
        "changes nothing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now() - dt.timedelta(hours=1)  # clocks of readers may lag a little
        with transaction.atomic():
            authority = Authority.objects.filter(slug=DEMO_SLUG).first()
            if authority is None:
                authority = create_authority(DEMO_NAME, DEMO_SLUG, not_before=now)
                self.stdout.write(f"Demo CA created, key in {pki_dir()}")
            elif not Path(authority.key_file).is_file():
                raise CommandError(
                    f"The demo CA's key {authority.key_file} is missing: restore "
                    f"it, or delete the demo CA in the admin to start again."
                )
            issued = 0
            for agency in Agency.objects.order_by("code"):
                if _usable_key(agency):
                    continue
                issue_for_agency(authority, agency, not_before=now)
                issued += 1
        self.stdout.write(f"Demo PKI: {issued} agency certificates issued.")


def _usable_key(agency: Agency) -> bool:
    """A key whose files are still there (a wiped var/ folder gets new ones)."""
    key = SigningKey.objects.filter(agency=agency).first()
    return key is not None and (
        key.kind != SigningKey.Kind.PKCS12 or Path(key.pkcs12_file).is_file()
    )

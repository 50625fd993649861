"""Every form rendered to PNG in test-artifacts/forms/, for a person to look at."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import time_machine
from django.conf import settings

from motcua.dossiers.tests.factories import CENTRE, agency, at
from motcua.printouts.forms import render
from motcua.printouts.ledger import ledger

from .helpers import to_png

pytestmark = pytest.mark.usefixtures("demo_catalog")
OUT = Path(settings.BASE_DIR) / "test-artifacts" / "forms"


def test_artifacts_every_form_as_png(received, returned, asked_for_papers, refused, stopped):
    # `returned` walked `received` on; `stopped` needs a dossier of its own.
    printed = at("2026-03-17 09:00")
    forms = {
        "01": returned,
        "02": asked_for_papers,
        "03": refused,
        "04": returned,
        "05": stopped,
        "06": returned,
    }
    for number, dossier in forms.items():
        pdf = render(dossier, number, at=printed, base_url="https://dichvucong.example.gov.vn")
        assert to_png(pdf, OUT / f"form-{number}.png").stat().st_size > 1000
    with time_machine.travel(printed, tick=False):
        pdf = ledger(agency(CENTRE), dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    assert to_png(pdf, OUT / "form-07.png").stat().st_size > 1000

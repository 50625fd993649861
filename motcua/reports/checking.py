"""Checking the aggregates against the pure formulas on a sample (`rebuild_reports --check`).

For a sample of (receipt day, competent agency) slices, the counts read from the aggregates
(reading.tallies) must equal the counts the pure formulas give for the same dossiers read
straight from the dossier tables (rows.source_rows → tallies.tallies_of), for the day itself and
for its whole month (which exercises the read-time figures of dossiers open at the month's end,
from the month-end figures once the month has ended).
"""

from __future__ import annotations

import math
import random
from dataclasses import asdict

from motcua.dossiers.models import Dossier

from . import periods, reading
from .models import DossierFigures
from .rows import source_rows
from .scopes import Selection
from .tallies import Tally, tallies_of


def check_sample(size: int = 50, seed: int = 766) -> tuple[int, list[str]]:
    """Return (slices checked, differences found, as readable lines)."""
    ids = list(
        DossierFigures.objects.values_list("dossier_id", flat=True).order_by("dossier_id")[:200_000]
    )
    picked = random.Random(seed).sample(ids, min(size, len(ids)))
    slices = sorted(
        set(
            DossierFigures.objects.filter(dossier_id__in=picked).values_list(
                "receipt_day", "agency_id"
            )
        )
    )
    problems: list[str] = []
    for day, agency in slices:
        for first, last in ((day, day), (day.replace(day=1), periods.month_end(day))):
            problems += _compare(periods.period_of(first, last, f"{first}–{last}"), agency)
    return len(slices), problems


def _compare(period: periods.Period, agency: int) -> list[str]:
    aggregated = reading.tallies(period, Selection(agencies=frozenset({agency}))).get(None, {})
    dossiers = Dossier.objects.filter(
        competent_agency_id=agency, received_at__date__range=periods.days_of(period)
    ).select_related("procedure_version__procedure")
    expected = tallies_of(source_rows(dossiers), period.end)
    problems = []
    for code in sorted(set(aggregated) | set(expected)):
        got, want = aggregated.get(code, Tally()), expected.get(code, Tally())
        for name, value in asdict(want).items():
            other = getattr(got, name)
            same = (
                math.isclose(value, other, abs_tol=1e-6)
                if isinstance(value, float)
                else value == other
            )
            if not same:
                problems.append(
                    f"{period.label} agency {agency} {code} {name}: "
                    f"aggregates {other}, formulas {value}"
                )
    return problems

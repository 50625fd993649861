"""Load agencies from a JSON file of the shape of data/demo-agencies.json, idempotently."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from motcua.units.choices import Scheme
from motcua.units.models import AdministrativeUnit

from .models import Agency, agencies_changed

DEMO_FILE = Path(__file__).parent / "data" / "demo-agencies.json"
_FIELDS = (
    "name",
    "short_name",
    "kind",
    "level",
    "receives_province_wide",
    "code_is_demo",
    "address",
    "phone",
    "opening_hours",
)


def _unit(ref: str) -> AdministrativeUnit:
    level, _sep, code = ref.partition(":")
    try:
        return AdministrativeUnit.objects.get(scheme=Scheme.FROM_2025, level=level, code=code)
    except AdministrativeUnit.DoesNotExist as exc:
        raise ValidationError(f"Unknown unit {ref!r}: run load_units first") from exc


def _save(row: dict[str, Any]) -> tuple[Agency, bool]:
    values = {field: row[field] for field in _FIELDS if field in row}
    start = row.get("valid_from")
    values["valid_from"] = dt.date.fromisoformat(start) if start else None
    values["parent"] = Agency.objects.get(code=row["parent"]) if row.get("parent") else None
    agency, created = Agency.objects.update_or_create(code=row["code"], defaults=values)
    agency.full_clean()
    agency.units_served.set([_unit(ref) for ref in row.get("units", [])])
    return agency, created


@transaction.atomic
def load_agencies(path: Path = DEMO_FILE) -> tuple[int, int]:
    """Create or update every agency of the file, parents first; return (created, updated)."""
    rows = json.loads(path.read_text(encoding="utf-8"))["agencies"]
    created = updated = 0
    for row in rows:
        _agency, is_new = _save(row)
        created += is_new
        updated += not is_new
    agencies_changed()  # units served are set after each save
    return created, updated

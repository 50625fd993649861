"""Load the shipped register into the database, idempotently.

The register file is the one source of units: the loader creates what is missing, updates what
differs and leaves rows equal to the file alone, so running it twice changes nothing. It never
deletes a unit, because agencies and dossiers point at units; rows the file no longer has are
only counted, for a person to look at.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from motcua.lib import versions

from .choices import Level
from .models import UNITS_VERSION, AdministrativeUnit, UnitSuccession
from .register import REGISTER_FILE, read_register

# SQLite allows 32,766 variables per statement from 3.32; 500 rows of 9 columns stay far below.
BATCH_SIZE = 500
LEVELS = [Level.PROVINCE, Level.DISTRICT, Level.COMMUNE]  # parents before children
UNIT_FIELDS = ["name", "division_type", "codename", "parent_id", "valid_from", "valid_until"]

UnitKey = tuple[str, str, str]  # (scheme, level, code)
LinkKey = tuple[int, int, dt.date]  # (predecessor_id, successor_id, effective_on)


@dataclass
class Tally:
    """What one load did to one table."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    not_in_file: int = 0


@dataclass
class LoadReport:
    units: Tally = field(default_factory=Tally)
    successions: Tally = field(default_factory=Tally)


def load_units(path: Path = REGISTER_FILE) -> LoadReport:
    """Bring the units and successions of the database in line with the register file.

    Returns what was created, updated and left unchanged. Raises ValueError when the file
    names a parent or a successor it does not define.
    """
    register = read_register(path)
    report = LoadReport()
    with transaction.atomic():
        ids = _sync_units(register["units"], report.units)
        _sync_successions(register["successions"], ids, report.successions)
        transaction.on_commit(lambda: versions.bump(UNITS_VERSION))
    return report


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _sync_units(units: dict[str, Any], tally: Tally) -> dict[UnitKey, int]:
    """Create or update the units of every scheme; return the id of each (scheme, level, code)."""
    existing = {(u.scheme, u.level, u.code): u for u in AdministrativeUnit.objects.all()}
    ids = {key: unit.pk for key, unit in existing.items()}
    wanted: set[UnitKey] = set()
    for scheme, block in units.items():
        parent_level = None
        for level in (lv for lv in LEVELS if lv in block):
            rows = [
                _unit_values(scheme, level, parent_level, row, block, ids) for row in block[level]
            ]
            wanted.update((scheme, level, values["code"]) for values in rows)
            _save_level(rows, existing, tally)
            ids.update(_ids_of(scheme, level))
            parent_level = level
    tally.not_in_file = len(existing.keys() - wanted)
    return ids


def _unit_values(
    scheme: str,
    level: str,
    parent_level: str | None,
    row: list[Any],
    block: dict[str, Any],
    ids: dict[UnitKey, int],
) -> dict[str, Any]:
    code, name, division_type, codename, parent_code = row
    parent_id = None
    if parent_code is not None:
        key = (scheme, str(parent_level), parent_code)
        if key not in ids:
            raise ValueError(f"{scheme} {level} {code}: no {parent_level} {parent_code}")
        parent_id = ids[key]
    return {
        "scheme": scheme,
        "level": level,
        "code": code,
        "name": name,
        "division_type": division_type,
        "codename": codename,
        "parent_id": parent_id,
        "valid_from": _date(block["valid_from"]),
        "valid_until": _date(block["valid_until"]),
    }


def _save_level(
    rows: list[dict[str, Any]], existing: dict[UnitKey, AdministrativeUnit], tally: Tally
) -> None:
    to_create, to_update = [], []
    for values in rows:
        unit = existing.get((values["scheme"], values["level"], values["code"]))
        if unit is None:
            to_create.append(AdministrativeUnit(**values))
        elif any(getattr(unit, name) != values[name] for name in UNIT_FIELDS):
            for name in UNIT_FIELDS:
                setattr(unit, name, values[name])
            to_update.append(unit)
    AdministrativeUnit.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    AdministrativeUnit.objects.bulk_update(to_update, UNIT_FIELDS, batch_size=BATCH_SIZE)
    tally.created += len(to_create)
    tally.updated += len(to_update)
    tally.unchanged += len(rows) - len(to_create) - len(to_update)


def _ids_of(scheme: str, level: str) -> dict[UnitKey, int]:
    # Read back rather than trust bulk_create to set primary keys: not every backend returns them.
    rows = AdministrativeUnit.objects.filter(scheme=scheme, level=level).values_list("code", "pk")
    return {(scheme, level, code): pk for code, pk in rows}


def _sync_successions(successions: dict[str, Any], ids: dict[UnitKey, int], tally: Tally) -> None:
    """Create or update one link per (old unit, new unit); `position` is the register order."""
    effective_on = dt.date.fromisoformat(successions["effective_on"])
    existing = {
        (s.predecessor_id, s.successor_id, s.effective_on): s for s in UnitSuccession.objects.all()
    }
    to_create, to_update, wanted = [], [], set()
    for link in _links(successions, ids, effective_on):
        key = (link.predecessor_id, link.successor_id, effective_on)
        wanted.add(key)
        current = existing.get(key)
        if current is None:
            to_create.append(link)
        elif (current.partly, current.position) != (link.partly, link.position):
            current.partly, current.position = link.partly, link.position
            to_update.append(current)
    UnitSuccession.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    UnitSuccession.objects.bulk_update(to_update, ["partly", "position"], batch_size=BATCH_SIZE)
    tally.created, tally.updated = len(to_create), len(to_update)
    tally.unchanged = len(wanted) - len(to_create) - len(to_update)
    tally.not_in_file = len(existing.keys() - wanted)


def _links(
    successions: dict[str, Any], ids: dict[UnitKey, int], effective_on: dt.date
) -> list[UnitSuccession]:
    old_scheme, new_scheme = successions["from_scheme"], successions["to_scheme"]
    links = []
    for level in (lv for lv in LEVELS if lv in successions):
        for old, partly, new_codes in successions[level]:
            predecessor_id = _id(ids, (old_scheme, level, old))
            links += [
                UnitSuccession(
                    predecessor_id=predecessor_id,
                    successor_id=_id(ids, (new_scheme, level, new)),
                    partly=partly,
                    position=position,
                    effective_on=effective_on,
                )
                for position, new in enumerate(new_codes)
            ]
    return links


def _id(ids: dict[UnitKey, int], key: UnitKey) -> int:
    if key not in ids:
        raise ValueError(f"The succession names {' '.join(key)}, which the register lacks")
    return ids[key]

"""The project's copy of the official register of administrative units: build it, read it.

The shipped file `data/units.json.gz` is derived from the National Statistics Office register as
distributed by the `vietnam-provinces` package (see data/README.md). The project reads only that
file at run time; `build_register` regenerates it from the JSON files of the shared data folder.

File shape (format 1), every code zero-padded as stored in the database:

    {"format": 1, "source": ..., "licence": ...,
     "columns": ["code", "name", "division_type", "codename", "parent_code"],
     "units": {"before-2025": {"valid_from": null, "valid_until": "2025-06-30",
                               "province": [rows], "district": [rows], "commune": [rows]},
               "2025": {"valid_from": "2025-07-01", "valid_until": null,
                        "province": [rows], "commune": [rows]}},
     "successions": {"from_scheme": "before-2025", "to_scheme": "2025",
                     "effective_on": "2025-07-01",
                     "province": [[old_code, partly, [new_code, ...]], ...],
                     "commune": [[old_code, partly, [new_code, ...]], ...]},
     "dropped": [[old_commune_code, reason], ...]}

A unit row's parent_code names a unit of the level just above it in the same scheme (a district
for a commune before 2025, a province from 2025). A succession row links a unit of `from_scheme`
to units of the same level in `to_scheme`, listed in register order.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

from .choices import Level, Scheme

REGISTER_FILE = Path(__file__).parent / "data" / "units.json.gz"
FORMAT = 1
SOURCE = (
    "Official register of administrative units, National Statistics Office "
    "(https://danhmuchanhchinh.nso.gov.vn/), as distributed in the vietnam-provinces package "
    "2026.9.0"
)
LICENCE = "GPL-3.0-or-later"
COLUMNS = ["code", "name", "division_type", "codename", "parent_code"]

# Width of a code at each level (Decision 19/2025/QĐ-TTg keeps the old widths).
CODE_WIDTH = {Level.PROVINCE: 2, Level.DISTRICT: 3, Level.COMMUNE: 5}

Row = list[Any]


def pad(level: str, code: int | str) -> str:
    """Return `code` as stored for `level`: digits only, zero-padded to the level's width."""
    return str(int(code)).zfill(CODE_WIDTH[Level(level)])


def _rows(
    units: list[dict[str, Any]], level: Level, parent_level: Level | None, parent_key: str | None
) -> list[Row]:
    rows = []
    for unit in sorted(units, key=lambda u: int(u["code"])):
        parent = pad(parent_level, unit[parent_key]) if parent_level and parent_key else None
        rows.append(
            [
                pad(level, unit["code"]),
                unit["name"],
                unit["division_type"],
                unit["codename"],
                parent,
            ]
        )
    return rows


def _units_before(source: dict[str, Any]) -> dict[str, Any]:
    return {
        "valid_from": None,
        "valid_until": source["valid_until"],
        Level.PROVINCE: _rows(source["provinces"], Level.PROVINCE, None, None),
        Level.DISTRICT: _rows(source["districts"], Level.DISTRICT, Level.PROVINCE, "province_code"),
        Level.COMMUNE: _rows(source["communes"], Level.COMMUNE, Level.DISTRICT, "district_code"),
    }


def _units_2025(source: dict[str, Any]) -> dict[str, Any]:
    return {
        "valid_from": source["effective_from"],
        "valid_until": None,
        Level.PROVINCE: _rows(source["provinces"], Level.PROVINCE, None, None),
        Level.COMMUNE: _rows(source["communes"], Level.COMMUNE, Level.PROVINCE, "province_code"),
    }


def _province_successions(source: dict[str, Any]) -> list[Row]:
    # The source gives no `partly` for provinces: a province with two successors was split, so
    # each link is partial; with one successor the whole province went there.
    return [
        [
            pad(Level.PROVINCE, row["old"]),
            len(row["new"]) > 1,
            [pad(Level.PROVINCE, new) for new in row["new"]],
        ]
        for row in sorted(source["provinces"], key=lambda r: int(r["old"]))
    ]


def _commune_successions(
    source: dict[str, Any], old_codes: set[str], new_codes: set[str]
) -> tuple[list[Row], list[Row]]:
    """Return (successions, dropped): rows whose old or new commune the register lacks are dropped.

    The old and new province codes given with each row are not kept: a commune code is unique
    in its scheme, and two rows of the source name an old province that disagrees with the
    commune's own district.
    """
    kept: list[Row] = []
    dropped: list[Row] = []
    for row in sorted(source["communes"], key=lambda r: int(r["old"])):
        old = pad(Level.COMMUNE, row["old"])
        new = [pad(Level.COMMUNE, code) for code, _province in row["new"]]
        if old not in old_codes:
            dropped.append([old, "old commune not in units-before-2025.json"])
        elif not set(new) <= new_codes:
            dropped.append([old, "new commune not in units-2025.json"])
        else:
            kept.append([old, bool(row["partly"]), new])
    return kept, dropped


def build_register(source_dir: Path) -> dict[str, Any]:
    """Return the register in the shipped shape, built from the shared folder's three files."""
    before = _read_json(source_dir / "units-before-2025.json")
    after = _read_json(source_dir / "units-2025.json")
    succession = _read_json(source_dir / "succession-2025.json")
    units = {Scheme.BEFORE_2025: _units_before(before), Scheme.FROM_2025: _units_2025(after)}
    old_communes = {row[0] for row in units[Scheme.BEFORE_2025][Level.COMMUNE]}
    new_communes = {row[0] for row in units[Scheme.FROM_2025][Level.COMMUNE]}
    communes, dropped = _commune_successions(succession, old_communes, new_communes)
    return {
        "format": FORMAT,
        "source": SOURCE,
        "licence": LICENCE,
        "columns": COLUMNS,
        "units": units,
        "successions": {
            "from_scheme": Scheme.BEFORE_2025,
            "to_scheme": Scheme.FROM_2025,
            "effective_on": succession["effective_from"],
            Level.PROVINCE: _province_successions(succession),
            Level.COMMUNE: communes,
        },
        "dropped": dropped,
    }


def write_register(register: dict[str, Any], path: Path = REGISTER_FILE) -> int:
    """Write the register as compact gzip-compressed JSON and return the file's size in bytes.

    The gzip header carries no time stamp, so the same data always gives the same bytes and a
    rebuild from unchanged sources leaves no diff.
    """
    text = json.dumps(register, ensure_ascii=False, separators=(",", ":"))
    data = gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)
    path.write_bytes(data)
    return len(data)


def read_register(path: Path = REGISTER_FILE) -> dict[str, Any]:
    """Return the register read from the shipped file; ValueError if its format is unknown."""
    register: dict[str, Any] = json.loads(gzip.decompress(path.read_bytes()).decode("utf-8"))
    if register.get("format") != FORMAT:
        raise ValueError(f"{path}: unknown register format {register.get('format')!r}")
    return register


def _read_json(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data
